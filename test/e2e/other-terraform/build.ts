// Packs a small stand-in for another Terraform extension (HashiCorp's registers the same `terraform` language
// with its own configuration and TextMate grammar) as a .vsix, at test time, to install beside Keyscope.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packTestExtension } from '../pack-extension';

/** The scope of the stand-in's grammar: its tokens prove whose grammar colours a .tf file. */
export const OTHER_SCOPE = 'source.other-terraform';

const MANIFEST = {
  name: 'other-terraform',
  displayName: 'Another Terraform extension (test stand-in)',
  description: 'Registers the terraform language with a configuration and a grammar, as a Terraform extension does (test builds only).',
  files: ['*.json', 'README.md'],
  contributes: {
    languages: [{ id: 'terraform', aliases: ['Terraform', 'terraform'], extensions: ['.tf'], configuration: './language-configuration.json' }],
    grammars: [{ language: 'terraform', scopeName: OTHER_SCOPE, path: './terraform.tmLanguage.json' }],
  },
};

const CONFIGURATION = {
  comments: { lineComment: '#', blockComment: ['/*', '*/'] },
  brackets: [['{', '}'], ['[', ']'], ['(', ')']],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string'] },
  ],
  surroundingPairs: [['{', '}'], ['[', ']'], ['(', ')'], ['"', '"']],
};

/** Comments, strings and block keywords: enough for the editor to colour a .tf file by this grammar. */
const GRAMMAR = {
  scopeName: OTHER_SCOPE,
  name: 'Terraform (test stand-in)',
  patterns: [
    { match: '#.*$', name: 'comment.line.number-sign.other-terraform' },
    { begin: '"', end: '"', name: 'string.quoted.double.other-terraform', patterns: [{ match: '\\\\.', name: 'constant.character.escape.other-terraform' }] },
    { match: '\\b(resource|data|locals|variable|output|module)\\b', name: 'storage.type.other-terraform' },
  ],
};

/** Packs the stand-in; returns the .vsix path, in a fresh temporary folder. */
export function buildOtherTerraformExtension(): Promise<string> {
  return packTestExtension(MANIFEST, (dir) => {
    writeFileSync(join(dir, 'language-configuration.json'), JSON.stringify(CONFIGURATION, null, 2));
    writeFileSync(join(dir, 'terraform.tmLanguage.json'), JSON.stringify(GRAMMAR, null, 2));
  });
}
