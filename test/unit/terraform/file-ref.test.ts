import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';
import { extract, memoryHost, policyOf, slice } from '../../helpers/terraform';

const JSON_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:Decrpyt", "Resource": "*" }]
}`;
const TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::\${account_id}:root" }, "Action": ["kms:*"], "Resource": "*" },
    { "Effect": "Allow", "Principal": { "AWS": \${jsonencode(readers)} }, "Action": ["kms:Decrypt"], "Resource": "*" }]
}`;

const key = (value: string) => `resource "aws_kms_key" "app" {\n  description = "x"\n  policy      = ${value}\n}\n`;

describe('terraform: file() and templatefile() policies', () => {
  before(() => initTerraform());
  const host = memoryHost({
    '/ws/mod/key-policy.json': JSON_POLICY,
    '/ws/mod/policies/key.json.tpl': TEMPLATE,
    '/ws/secret.json': JSON_POLICY,
    '/outside/policy.json': JSON_POLICY,
  });

  it('reads file("${path.module}/...") and reports at the attribute, without fixes', () => {
    const tf = key('file("${path.module}/key-policy.json")');
    const s = extract(tf, '/ws/mod/main.tf', host).sources;
    assert.deepEqual(s.map((x) => [x.kind, x.owner, x.filePath, x.reportAt && slice(tf, x.reportAt)]), [
      ['tf-file-ref', 'aws_kms_key.app', '/ws/mod/key-policy.json', 'policy      = file("${path.module}/key-policy.json")'],
    ]);
    const f = analyze({ path: '/ws/mod/main.tf', text: tf, host }).findings.filter((x) => x.ruleId === 'unknown-action');
    assert.deepEqual(f.map((x) => [slice(tf, x), x.fixes.length]), [['policy      = file("${path.module}/key-policy.json")', 0]]);
  });

  it('reads templatefile() rendered with its variables: a set variable is its value, a function call stays symbolic, never errors', () => {
    const tf = key('templatefile("${path.module}/policies/key.json.tpl", { account_id = "111122223333", readers = [] })');
    const [s] = extract(tf, '/ws/mod/main.tf', host).sources;
    assert.deepEqual(s.syntaxErrors, []);
    assert.deepEqual(policyOf(s), {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kms:*'], Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: { $: 'jsonencode(readers)' } }, Action: ['kms:Decrypt'], Resource: '*' },
      ],
    });
  });

  it('follows paths relative to the module, never outside the workspace', () => {
    const cases: [string, number][] = [
      ['file("key-policy.json")', 1],
      ['file("./key-policy.json")', 1],
      ['file("${path.module}/../secret.json")', 1],
      ['file("${path.module}/../../outside/policy.json")', 0],
      ['file("/outside/policy.json")', 0],
      ['file("/ws/mod/key-policy.json")', 0],
      ['file("${var.dir}/key-policy.json")', 0],
      ['file("${path.module}/missing.json")', 0],
      ['"${file("${path.module}/key-policy.json")}"', 1],
    ];
    for (const [value, n] of cases) assert.equal(extract(key(value), '/ws/mod/main.tf', host).sources.length, n, value);
  });

  it('follows a legacy template_file data source', () => {
    const tf = `data "template_file" "p" {\n  template = "\${file("\${path.module}/key-policy.json")}"\n}\n${key('"${data.template_file.p.rendered}"')}`;
    const s = extract(tf, '/ws/mod/main.tf', host).sources;
    assert.deepEqual(s.map((x) => [x.kind, x.filePath]), [['tf-file-ref', '/ws/mod/key-policy.json']]);
  });

  it('a template_file declared in another file of the module is rendered with its vars', () => {
    const data = `data "template_file" "p" {\n  template = file("\${path.module}/policies/key.json.tpl")\n  vars = {\n    account_id = "11112222333"\n    readers    = jsonencode([])\n  }\n}\n`;
    const tf = key('data.template_file.p.rendered');
    const files = { '/ws/tpl/templates.tf': data, '/ws/tpl/main.tf': tf, '/ws/tpl/policies/key.json.tpl': TEMPLATE };
    const a = analyze({ path: '/ws/tpl/main.tf', text: tf, host: memoryHost(files) });
    // The rendered account has 11 digits: an invalid principal, known only with the vars of the other file.
    assert.ok(a.findings.some((f) => f.ruleId === 'invalid-principal'), a.findings.map((f) => f.ruleId).join());
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'json-syntax'), []);
  });

  it('without a host, nothing is read', () => {
    assert.equal(extract(key('file("${path.module}/key-policy.json")'), '/ws/mod/main.tf').sources.length, 0);
  });
});
