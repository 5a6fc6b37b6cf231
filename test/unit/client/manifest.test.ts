// What package.json promises about the client: each command it registers is contributed, each setting says
// where it may be set, and nothing but a document that needs Keyscope activates it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ClientCommandIds } from '../../../client/src/command-ids';
import { CommandIds } from '../../../server/src/lsp/protocol';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const settings: Record<string, { scope?: string; enum?: string[] }> = manifest.contributes.configuration.properties;

describe('the extension manifest', () => {
  it('contributes every command the client registers, and no other', () => {
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, [...Object.values(CommandIds), ...Object.values(ClientCommandIds)].sort());
  });

  it('gives every keyscope.* setting a scope: per folder where the server reads it per document', () => {
    for (const [name, s] of Object.entries(settings)) {
      assert.ok(name.startsWith('keyscope.'), name);
      assert.equal(s.scope, name === 'keyscope.trace.server' ? 'window' : 'resource', name);
    }
  });

  it('has the trace setting vscode-languageclient reads for the client id "keyscope"', () => {
    assert.deepEqual(settings['keyscope.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  it('activates on the languages it serves and its panel, not on a folder that merely holds .tf files', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:json', 'onLanguage:jsonc', 'onLanguage:terraform', 'onWebviewPanel:keyscope.access']);
  });
});

describe('the Terraform language configuration', () => {
  const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'terraform');
  const config = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', language.configuration), 'utf8'));
  const { increaseIndentPattern, decreaseIndentPattern } = config.indentationRules;

  it('comments with # and /* */, and closes brackets, quotes and interpolations', () => {
    assert.deepEqual(config.comments, { lineComment: '#', blockComment: ['/*', '*/'] });
    const pairs = config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close);
    for (const p of ['{}', '[]', '()', '""', '${}', '%{}']) assert.ok(pairs.includes(p), p);
  });

  it('indents after a line that opens a block, list or call, and outdents a closing line', () => {
    const inc = new RegExp(increaseIndentPattern);
    const dec = new RegExp(decreaseIndentPattern);
    for (const line of ['resource "aws_kms_key" "k" {', '  policy = jsonencode({', '    Statement = [', 'locals { # values']) assert.ok(inc.test(line), line);
    for (const line of ['# a comment {', '  tags = {}', '  x = [1, 2]']) assert.ok(!inc.test(line), line);
    for (const line of ['}', '  ])', '  }']) assert.ok(dec.test(line), line);
    assert.ok(!dec.test('  name = "}"'));
  });
});
