// The generated settings schemas: `keyscope.rules` in package.json (one property per rule of the registry) and
// schemas/keyscope-config.schema.json (the schema of `.keyscope.json`) are what `npm run gen:schemas` writes
// now, and the schema agrees with the settings contract on what is valid.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { RULES } from '../../../server/src/rules';
import { sanitizeSettings, SETTINGS_FIELDS } from '../../../server/src/settings';
import { CONFIG_SCHEMA_PATH, configSchema, LEVELS, manifestWithRules } from '../../../scripts/settings-schema';

const ROOT = join(__dirname, '..', '..', '..');
const read = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
const pkg = read('package.json');
const schema = read(CONFIG_SCHEMA_PATH);
// VS Code's own keywords (markdownDescription, enumDescriptions, scope) are not JSON Schema's: not strict.
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const nest = (key: string, value: unknown): Record<string, unknown> => key.split('.').reduceRight<unknown>((v, k) => ({ [k]: v }), value) as Record<string, unknown>;

describe('the generated settings schemas', () => {
  it('are what npm run gen:schemas writes now', () => {
    const regenerated = manifestWithRules(read('package.json'));
    assert.deepEqual(pkg.contributes.configuration.properties['keyscope.rules'], (regenerated.contributes as typeof pkg.contributes).configuration.properties['keyscope.rules'], 'run npm run gen:schemas');
    assert.deepEqual(schema, configSchema(pkg), 'run npm run gen:schemas');
  });

  it('give keyscope.rules a property per rule of the registry, with its levels and docs, and no other', () => {
    const rules = pkg.contributes.configuration.properties['keyscope.rules'];
    assert.deepEqual(Object.keys(rules.properties), RULES.map((r) => r.meta.id));
    assert.equal(rules.additionalProperties, false, 'an unknown rule id is flagged as it is typed');
    for (const r of RULES) {
      const p = rules.properties[r.meta.id];
      assert.deepEqual(p.enum, [...LEVELS]);
      assert.equal(p.enumDescriptions.length, LEVELS.length);
      assert.ok(p.markdownDescription.includes(r.meta.summary) && p.markdownDescription.includes(`\`${r.meta.severity}\``), r.meta.id);
    }
  });

  it('contribute the .keyscope.json schema for that file, and the key-policy schema for key-policy names only', () => {
    const byUrl = new Map<string, string[]>(pkg.contributes.jsonValidation.map((v: { url: string; fileMatch: string[] }) => [v.url, v.fileMatch]));
    assert.deepEqual(byUrl.get(`./${CONFIG_SCHEMA_PATH}`), ['.keyscope.json']);
    // Not `**/kms/**/*.json`: a package.json or tsconfig.json in a kms folder is no key policy.
    assert.deepEqual(byUrl.get('./schemas/key-policy-editor.schema.json'), ['*.kms.json', '*key-policy*.json']);
  });

  it('leave key-policy files to the server in the editor: the contributed schema says nothing of its own', () => {
    const editor = read('schemas/key-policy-editor.schema.json');
    // No title, description, type, properties, enum or default: nothing to complete, hover or report a second time.
    assert.deepEqual(Object.keys(editor).sort(), ['$comment', '$id', '$schema', 'allowComments', 'allowTrailingCommas']);
    assert.equal(editor.allowComments, true, 'comments are reported once, by json-syntax');
    assert.equal(editor.allowTrailingCommas, true, 'trailing commas are reported once, by json-syntax');
    // The shape schema stays for other editors.
    assert.equal(read('schemas/key-policy.schema.json').title, 'AWS KMS key policy');
  });

  it('accept every field of the settings contract at its example, as the contract does', () => {
    for (const f of SETTINGS_FIELDS) {
      const config = { $schema: `./${CONFIG_SCHEMA_PATH}`, ...nest(f.key, f.example) };
      assert.deepEqual(sanitizeSettings(config, 'file').problems, [], f.key);
      assert.ok(validate(config), `${f.key}: ${JSON.stringify(validate.errors)}`);
    }
    const overrides = { overrides: [{ files: ['legacy/**'], rules: { 'root-delegation': 'off' } }] };
    assert.deepEqual(sanitizeSettings(overrides, 'file').problems, []);
    assert.ok(validate(overrides), JSON.stringify(validate.errors));
  });

  it('refuse what the contract refuses', () => {
    const invalid: Record<string, unknown>[] = [
      { enable: 'yes' },
      { rules: { 'kms-star': 'loud' } },
      { rules: [] },
      { files: { include: '**/*.json' } },
      { files: { contentSniffing: 1 } },
      { files: { exclude: [] } },
      { accounts: { '1234': { name: 'short' } } },
      { accounts: { '111122223333': { name: 'a', owner: 'b' } } },
      { accounts: { '111122223333': { name: 42 } } },
      { deployerArn: 7 },
      { limits: { maxFileSizeKB: 0 } },
      { limits: { maxNestingDepth: 'deep' } },
      { trace: { server: 'verbose' } },
      { overrides: [{ rules: { 'kms-star': 'off' } }] },
      { overrides: [{ files: ['a/**'], paths: [] }] },
      { unknownSetting: true },
    ];
    for (const config of invalid) {
      assert.ok(sanitizeSettings(config, 'file').problems.length > 0, `the contract accepts ${JSON.stringify(config)}`);
      assert.equal(validate(config), false, `the schema accepts ${JSON.stringify(config)}`);
    }
    // The one difference: the schema knows the rule registry, which the settings contract (below the rules in
    // the engine's layers) does not. A misspelt rule id is flagged in the editor as it is typed.
    assert.equal(validate({ rules: { 'kms-stra': 'off' } }), false);
  });
});
