// Sids written as Terraform expressions in composed documents: one the module evaluates merges and collides
// by its value, as the AWS provider sees it; one not known merges with nothing and collides with nothing.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

/** A statement block of Sid `sid` (HCL) letting `role` do `action`. */
const statement = (sid: string, role: string, action = 'kms:Decrypt') =>
  ['statement {', `sid = ${sid}`, `actions = ["${action}"]`, 'resources = ["*"]', 'principals {', 'type = "AWS"', `identifiers = ["arn:aws:iam::111122223333:role/${role}"]`, '}', '}'].join('\n');

/** A document `name` with one statement of Sid `sid` letting `role` decrypt. */
const doc = (name: string, sid: string, role: string) => `data "aws_iam_policy_document" "${name}" {\n${statement(sid, role)}\n}\n`;

const keyModule = (overrideSid: string) => `variable "unknown_prefix" {
  type = string
}
locals {
  prefix = "App"
}
${doc('base', '"AppUse"', 'old')}
${doc('over', overrideSid, 'new')}
data "aws_iam_policy_document" "key" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.over.json]
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`;

function run(text: string) {
  return analyze({ path: '/ws/m/main.tf', text, host: memoryHost({ '/ws/m/main.tf': text }) });
}

function principals(text: string): string[] {
  const s = run(text).sources.find((x) => x.owner === 'aws_kms_key.k')!;
  return s.policy.statements.map((st) => JSON.stringify(st.principal?.value.kind === 'object' ? st.principal.value.props[0].value : null).match(/role\/(\w+)/)?.[1] ?? '?');
}

describe('terraform: Sids written as expressions', () => {
  before(() => initTerraform());

  it('an override whose Sid evaluates to a source statement\'s replaces it', () => {
    assert.deepEqual(principals(keyModule('"${local.prefix}Use"')), ['new']);
    assert.deepEqual(principals(keyModule('local.prefix == "App" ? "AppUse" : "x"')), ['new']);
  });

  it('an override whose Sid is not known replaces nothing: both stay', () => {
    assert.deepEqual(principals(keyModule('"${var.unknown_prefix}Use"')), ['old', 'new']);
  });

  it('two statement blocks whose Sids evaluate to one value are the provider\'s duplicate-Sid error', () => {
    const text = `locals {
  prefix = "App"
}
data "aws_iam_policy_document" "key" {
${statement('"AppUse"', 'a')}
${statement('"\${local.prefix}Use"', 'b', 'kms:Encrypt')}
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`;
    const dup = run(text).findings.filter((f) => f.ruleId === 'duplicate-sid');
    assert.deepEqual(dup.map((f) => [f.severity, /Sid "AppUse"/.test(f.message)]), [['error', true]]);
    assert.deepEqual(run(text.replace('${local.prefix}Use', '${var.other}Use')).findings.filter((f) => f.ruleId === 'duplicate-sid'), []);
  });
});
