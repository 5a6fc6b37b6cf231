// The language server over stdio on the templates fixture (test/fixtures/forms/templates): a template that keys'
// policies render, opened in the editor, gets each call's findings at its own text, with related information
// pointing at the call; a template no call renders keeps its placeholders symbolic; a JSON policy read by file()
// is a key policy there.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { suiteClient } from '../helpers/lsp-client';

const FORMS = join(__dirname, '..', 'fixtures', 'forms');

describe('language server over stdio: findings in the template or policy file a key reads', () => {
  const { dir, uri, client } = suiteClient('keyscope-template-findings-');
  cpSync(join(FORMS, 'templates'), join(dir, 'templates'), { recursive: true });
  cpSync(join(FORMS, 'module-template'), join(dir, 'module-template'), { recursive: true });
  mkdirSync(join(dir, 'app', 'policies'), { recursive: true });
  writeFileSync(join(dir, 'app', 'main.tf'), 'resource "aws_kms_key" "app" {\n  description = "app"\n  policy      = file("${path.module}/policies/key.json")\n}\n');
  writeFileSync(join(dir, 'app', 'policies', 'key.json'), '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "kms:Decrypt", "Resource": "*" }]\n}\n');

  const open = async (lang: string, name: string) => {
    await client().open(uri(name), lang, readFileSync(join(dir, name), 'utf8'));
    return client().diagnosticsFor(uri(name), 1);
  };

  it('a template rendered by calls: each call\'s finding at the template\'s text, pointing at the call', async () => {
    const diags = await open('plaintext', 'templates/templates/key-policy.json.tpl');
    const at = (code: string) => diags.filter((d) => d.code === code).map((d) => [d.range.start.line + 1, d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line + 1])]);
    assert.deepEqual(at('invalid-principal'), [[7, [[uri('templates/main.tf'), 16]]]]);
    assert.deepEqual(at('public-principal'), [[14, [[uri('templates/main.tf'), 49]]]]);
  });

  it('a template no call renders: placeholders symbolic, no error', async () => {
    const diags = await open('plaintext', 'templates/templates/standalone.json.tpl');
    assert.ok(diags.length > 0);
    assert.deepEqual(diags.filter((d) => d.severity === 1 || d.severity === 2).map((d) => d.code), []);
  });

  it('a JSON policy read by file(): its finding on its line, pointing at the policy line of the key', async () => {
    const diags = await open('json', 'app/policies/key.json');
    const pub = diags.filter((d) => d.code === 'public-principal');
    assert.deepEqual(pub.map((d) => [d.range.start.line + 1, d.relatedInformation?.[0].location.uri, (d.relatedInformation?.[0].location.range.start.line ?? -2) + 1]), [[3, uri('app/main.tf'), 3]]);
  });

  it('a template passed to a module: reported at the caller\'s argument, and in the template pointing at it', async () => {
    const main = await open('terraform', 'module-template/main.tf');
    const pub = main.filter((d) => d.code === 'public-principal');
    assert.deepEqual(pub.map((d) => [d.range.start.line + 1, d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line + 1])]), [[16, [[uri('module-template/policies/key.json.tpl'), 14]]]]);
    const tpl = await open('plaintext', 'module-template/policies/key.json.tpl');
    assert.deepEqual(tpl.filter((d) => d.code === 'public-principal').map((d) => [d.range.start.line + 1, d.relatedInformation?.[0].location.uri]), [[14, uri('module-template/main.tf')]]);
  });
});
