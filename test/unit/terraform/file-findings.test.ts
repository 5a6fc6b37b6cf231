// test/fixtures/forms/templates. A template, or a JSON policy read by file(), that keys' policies read: analysed
// on its own, its findings are reported at its own text, as each use renders it, pointing at the use (the .tf
// file still reports them at the `policy =` line, pointing into the file). No fix is offered over a placeholder.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

const DIR = join(__dirname, '..', '..', 'fixtures', 'forms', 'templates');
const MAIN = readFileSync(join(DIR, 'main.tf'), 'utf8');
const TPL = readFileSync(join(DIR, 'templates', 'key-policy.json.tpl'), 'utf8');
const ALONE = readFileSync(join(DIR, 'templates', 'standalone.json.tpl'), 'utf8');
const TPL_PATH = '/ws/tf/templates/key-policy.json.tpl';

describe('terraform: findings of a template or a policy file, reported in that file', () => {
  before(() => initTerraform());
  const files = { '/ws/tf/main.tf': MAIN, [TPL_PATH]: TPL, '/ws/tf/templates/standalone.json.tpl': ALONE };

  it('a template is judged as each call renders it, at its own text, pointing at the call', () => {
    const a = analyze({ path: TPL_PATH, text: TPL, host: memoryHost(files) });
    assert.deepEqual(a.sources.map((s) => s.name), ['aws_kms_key.rendered', 'aws_kms_key.missing', 'aws_kms_key.legacy']);
    const at = (rule: string) => a.findings.filter((f) => f.ruleId === rule).map((f) => [TPL.slice(f.span.start, f.span.end), f.related?.map((r) => `${r.path}:${r.line + 1}`)]);
    // The 11-digit account the first call passes, at the placeholder that writes it.
    assert.deepEqual(at('invalid-principal'), [['"arn:aws:iam::${account_id}:root"', ['/ws/tf/main.tf:16']]]);
    // The public reader the legacy template_file passes, at the bare placeholder.
    assert.deepEqual(at('public-principal'), [['${reader_arns}', ['/ws/tf/main.tf:49']]]);
    assert.match(a.findings.find((f) => f.ruleId === 'public-principal')!.related![0].message, /read here as the policy of aws_kms_key\.legacy, in main\.tf/);
    // The call that does not set allow_logs: Terraform's error, said in the template too, pointing at that call.
    assert.deepEqual(a.findings.filter((f) => /do not set/.test(f.message)).map((f) => f.related?.[0].line), [27]);
  });

  it('no fix edits a placeholder of the template', () => {
    const a = analyze({ path: TPL_PATH, text: TPL, host: memoryHost(files) });
    for (const f of a.findings) for (const x of f.fixes) for (const e of x.edits) assert.doesNotMatch(TPL.slice(e.start, e.end), /[$%]\{/, `${f.ruleId}: ${x.title}`);
    assert.deepEqual(a.findings.find((f) => f.ruleId === 'invalid-principal')?.fixes, []);
  });

  it('the template as the editor holds it (unsaved) is what the calls render', () => {
    const edited = '\n\n' + TPL;
    const a = analyze({ path: TPL_PATH, text: edited, host: memoryHost(files) });
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'invalid-principal').map((f) => edited.slice(f.span.start, f.span.end)), ['"arn:aws:iam::${account_id}:root"']);
  });

  it('the .tf file still reports at the use, pointing into the template', () => {
    const a = analyze({ path: '/ws/tf/main.tf', text: MAIN, host: memoryHost(files) });
    const bad = a.findings.filter((f) => f.ruleId === 'invalid-principal');
    assert.deepEqual(bad.map((f) => [MAIN.slice(f.span.start, f.span.end).split('\n')[0], f.related?.[0].path]), [['policy = templatefile("${path.module}/templates/key-policy.json.tpl", {', TPL_PATH]]);
  });

  it('a template no .tf file reads keeps its placeholders symbolic', () => {
    const a = analyze({ path: '/ws/tf/templates/standalone.json.tpl', text: ALONE, host: memoryHost(files) });
    assert.equal(a.sources.length, 1);
    assert.deepEqual(a.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId), []);
  });

  it('a JSON policy read by file() is a key policy, its findings pointing at the use', () => {
    const json = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" }]\n}\n';
    const tf = 'resource "aws_kms_key" "app" {\n  description = "app"\n  policy      = file("${path.module}/policies/key.json")\n}\n';
    const host = memoryHost({ '/ws/app/main.tf': tf, '/ws/app/policies/key.json': json });
    const a = analyze({ path: '/ws/app/policies/key.json', text: json, host });
    assert.equal(a.notKeyPolicy, undefined);
    assert.equal(a.sources[0].keyPolicy, true);
    const f = a.findings.find((x) => x.severity === 'error');
    assert.ok(f, a.findings.map((x) => x.ruleId).join());
    assert.deepEqual(f.related?.map((r) => [r.path, r.line, r.message]), [['/ws/app/main.tf', 2, 'read here as the policy of aws_kms_key.app, in main.tf']]);
    // Without the .tf file it reads as an identity policy.
    const alone = analyze({ path: '/ws/app/policies/key.json', text: json, host: memoryHost({ '/ws/app/policies/key.json': json }) });
    assert.match(alone.notKeyPolicy ?? '', /no statement names a Principal/);
  });

  it('a policy file named by a variable is found through the variable', () => {
    const json = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "kms:Decrypt", "Resource": "*" }]\n}\n';
    const tf = 'variable "policy_file" {\n  type = string\n}\nresource "aws_kms_key" "app" {\n  description = "app"\n  policy      = file(var.policy_file)\n}\n';
    const host = memoryHost({ '/ws/app/main.tf': tf, '/ws/app/terraform.tfvars': 'policy_file = "key.json"\n', '/ws/app/key.json': json });
    const a = analyze({ path: '/ws/app/key.json', text: json, host });
    const pub = a.findings.filter((x) => x.ruleId === 'public-principal');
    assert.deepEqual(pub.map((x) => [json.slice(x.span.start, x.span.end), x.related?.[0].line]), [['"*"', 5]]);
  });
});
