import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { textHost, type Host } from '../../../server/src/host';
import { initTerraform } from '../../../server/src/terraform';
import { readResources } from '../../../server/src/terraform/module/files';
import { profileOf } from '../../../server/src/terraform/module/keys';

before(() => initTerraform());

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('terraform resources', () => {
  const text = [
    '# 🔑 keys',
    'resource "aws_kms_key" "app" {',
    '  description             = "café ${var.env} \\"x\\""',
    '  enable_key_rotation     = true',
    '  deletion_window_in_days = -7',
    '  key_usage               = var.usage',
    '  multi_region            = null',
    '  policy                  = data.aws_iam_policy_document.app.json',
    '  tags = { Name = "app" }',
    '  lifecycle {',
    '    prevent_destroy = true',
    '  }',
    '}',
    '',
    'data "aws_iam_policy_document" "app" {}',
    'resource aws_kms_alias "a" { name = "alias/🔑-app\\n" }',
    'resource "aws_kms_key_policy" "p" {',
    '  key_id = aws_kms_key.app[0].key_id',
    '}',
    'variable "x" {}',
  ].join('\n');

  it('reads resource and data blocks with spans in UTF-16 offsets', () => {
    const { resources } = readResources(text, 'main.tf');
    assert.deepEqual(resources.map((b) => `${b.blockType} ${b.type}.${b.name}`), [
      'resource aws_kms_key.app',
      'data aws_iam_policy_document.app',
      'resource aws_kms_alias.a',
      'resource aws_kms_key_policy.p',
    ]);
    const [key, , alias, policy] = resources;
    assert.equal(slice(text, key.headerSpan), 'resource "aws_kms_key" "app"');
    assert.equal(slice(text, key.nameSpan), '"app"');
    assert.equal(text[key.bodyEnd], '}');
    assert.equal(text[key.bodyStart - 1], '{');
    assert.ok(slice(text, key.span).startsWith('resource') && slice(text, key.span).endsWith('}'));
    assert.equal(key.indent, '  ');
    assert.equal(slice(text, alias.headerSpan), 'resource aws_kms_alias "a"');
    assert.equal(alias.attributes[0].literal, 'alias/🔑-app\n');
    assert.equal(slice(text, alias.attributes[0].valueSpan), '"alias/🔑-app\\n"');
    assert.deepEqual(policy.attributes[0].traversal, ['aws_kms_key', 'app', 'key_id']);
  });

  it('keeps literals and marks everything else symbolic', () => {
    const key = readResources(text, 'main.tf').resources[0];
    const attr = (n: string) => key.attributes.find((a) => a.name === n)!;
    assert.deepEqual(key.attributes.map((a) => a.name), ['description', 'enable_key_rotation', 'deletion_window_in_days', 'key_usage', 'multi_region', 'policy', 'tags']);
    assert.equal(attr('description').literal, undefined, 'a template is symbolic');
    assert.equal(attr('enable_key_rotation').literal, true);
    assert.equal(attr('deletion_window_in_days').literal, -7);
    assert.equal(attr('key_usage').literal, undefined);
    assert.equal(attr('key_usage').expr, 'var.usage');
    assert.equal(attr('multi_region').literal, undefined);
    assert.deepEqual(attr('policy').traversal, ['data', 'aws_iam_policy_document', 'app', 'json']);
    assert.equal(slice(text, attr('enable_key_rotation').nameSpan), 'enable_key_rotation');
    assert.equal(slice(text, attr('enable_key_rotation').span), 'enable_key_rotation     = true');
  });

  it('derives a key profile from literals only', () => {
    const key = (attrs: string) => readResources(`resource "aws_kms_key" "k" {\n${attrs}\n}\n`, 'main.tf').resources[0];
    assert.deepEqual(profileOf(key('')), { usage: 'ENCRYPT_DECRYPT', spec: 'SYMMETRIC_DEFAULT', multiRegion: false, imported: false, customStore: false });
    assert.equal(profileOf(key('  customer_master_key_spec = "HMAC_256"')).usage, 'GENERATE_VERIFY_MAC');
    assert.equal(profileOf(key('  key_spec = "rsa_2048"\n  customer_master_key_spec = "SYMMETRIC_DEFAULT"')).spec, 'RSA_2048', 'key_spec wins');
    assert.equal(profileOf(key('  key_spec = var.spec')).spec, undefined);
    assert.equal(profileOf(key('  multi_region = var.mr')).multiRegion, undefined);
    assert.equal(profileOf(key('  multi_region = true')).multiRegion, true);
  });

  it('survives text that does not parse', () => {
    for (const bad of ['resource "aws_kms_key" "a" {', 'resource "aws_kms_key" {\n  x = \n}', 'resource "aws_kms_key" "a" {\n  enable_key_rotation = \n', '}}}{{{', '']) {
      const { resources } = readResources(bad, 'main.tf');
      for (const b of resources) assert.ok(b.bodyEnd <= bad.length && b.bodyStart <= b.bodyEnd);
    }
  });
});

describe('terraform module folders', () => {
  const files: Record<string, string> = {
    '/ws/mod/keys.tf': 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n  policy = var.p\n}\n\nresource "aws_kms_key" "b" {\n  enable_key_rotation = true\n}\n',
    '/ws/mod/policies.tf': 'resource "aws_kms_key_policy" "a" {\n  key_id = aws_kms_key.a.id\n  policy = var.p\n}\n',
    '/ws/mod/notes.md': 'resource "aws_kms_key_policy" "b" {\n  key_id = aws_kms_key.b.id\n}\n',
    '/ws/other/policy.tf': 'resource "aws_kms_key_policy" "b" {\n  key_id = aws_kms_key.b.id\n}\n',
  };
  const host: Host = textHost(
    (p) => files[p],
    (d) => Object.keys(files).filter((p) => p.startsWith(`${d}/`)).map((p) => p.slice(d.length + 1)),
    '/ws',
  );
  const lint = (path: string) => analyze({ path, text: files[path], host }).findings.filter((f) => f.ruleId.startsWith('tf-'));

  it('sees aws_kms_key_policy resources in the sibling .tf files only', () => {
    const found = lint('/ws/mod/keys.tf').map((f) => `${f.ruleId} ${f.message.split(' ')[0]}`);
    assert.deepEqual(found, ['tf-policy-conflict aws_kms_key.a', 'tf-default-policy aws_kms_key.b']);
  });

  it('reports the conflict from the aws_kms_key_policy side too', () => {
    const [f] = lint('/ws/mod/policies.tf');
    assert.equal(f.ruleId, 'tf-policy-conflict');
    assert.match(f.message, /inline policy of aws_kms_key\.a \(keys\.tf\)/);
  });

  it('without a host, looks at the file alone', () => {
    const found = analyze({ path: '/ws/mod/keys.tf', text: files['/ws/mod/keys.tf'] }).findings.map((f) => f.ruleId);
    assert.deepEqual(found.sort(), ['tf-default-policy']);
  });
});

describe('a folder that declares one key address in several files', () => {
  // Not a valid module (or a folder of unrelated examples): which declaration another file means is unknown.
  const files: Record<string, string> = {
    '/ex/one.tf': 'resource "aws_kms_key" "example" {\n  enable_key_rotation = true\n  policy = var.p\n}\n',
    '/ex/two.tf': 'resource "aws_kms_key" "example" {\n  enable_key_rotation = true\n}\n\nresource "aws_kms_key_policy" "example" {\n  key_id = aws_kms_key.example.id\n  policy = var.p\n}\n',
  };
  const host: Host = textHost((p) => files[p], () => Object.keys(files).map((p) => p.slice(4)));
  const lint = (path: string) => analyze({ path, text: files[path], host }).findings.filter((f) => f.ruleId.startsWith('tf-')).map((f) => f.ruleId);

  it('pairs a key policy only with the key of its own file', () => {
    assert.deepEqual(lint('/ex/one.tf'), []);
    assert.deepEqual(lint('/ex/two.tf'), []);
  });
});
