// Policy documents with `count` or `for_each`: a key reads one instance by index (`[0]`, `["red"]`), built
// with its own `count.index` / `each`; a splat (`[*].json`) composes every instance's statements, and when how
// many there are is not known (`count = var.extra ? 1 : 0`) those statements are optional under that
// condition, never assumed. A `dynamic "statement"` over a collection not known is optional the same way.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluate } from '../../../server/src/access';
import { analyze } from '../../../server/src/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

/** A `statement` block (or a dynamic one's `content`) granting `action` to the AWS principals listed. */
function statement(action: string, ids: string, opts: { sid?: string; block?: string } = {}): string {
  const lines = [`${opts.block ?? 'statement'} {`, ...(opts.sid ? [`sid = "${opts.sid}"`] : []), `actions = ["${action}"]`, 'resources = ["*"]', 'principals {', 'type = "AWS"', `identifiers = ${ids}`, '}', '}'];
  return lines.join('\n') + '\n';
}

const ROOT_DOC = `data "aws_iam_policy_document" "base" {\n${statement('kms:*', '["arn:aws:iam::111122223333:root"]', { sid: 'Root' })}}\n`;

function run(text: string, extra: Record<string, string> = {}) {
  const files = { '/ws/m/main.tf': text, ...extra };
  return analyze({ path: '/ws/m/main.tf', text, host: memoryHost(files) });
}

function rows(a: ReturnType<typeof run>, owner: string): { label: string; decrypt: string | undefined }[] {
  const s = a.sources.find((x) => x.owner === owner || x.name === owner);
  assert.ok(s, `${owner} in ${a.sources.map((x) => x.name).join(', ')}`);
  return evaluate(s, { settings: DEFAULT_SETTINGS }).rows.map((r) => ({ label: r.label, decrypt: r.actions['kms:Decrypt']?.value }));
}

describe('terraform: policy documents with count or for_each', () => {
  before(() => initTerraform());

  it('a key reads the instance its index names, each.value bound', () => {
    const a = run(`data "aws_iam_policy_document" "team" {
  for_each = {
    red  = "arn:aws:iam::111122223333:role/red"
    blue = "arn:aws:iam::111122223333:role/blue"
  }
${statement('kms:Decrypt', '[each.value]', { sid: 'Team' })}}
resource "aws_kms_key" "red" {
  policy = data.aws_iam_policy_document.team["red"].json
}
resource "aws_kms_key" "blue" {
  policy = data.aws_iam_policy_document.team["blue"].json
}
`);
    assert.deepEqual(rows(a, 'aws_kms_key.red').map((r) => r.label), ['role/red (111122223333)']);
    assert.deepEqual(rows(a, 'aws_kms_key.blue').map((r) => r.label), ['role/blue (111122223333)']);
  });

  it('count.index of the instance: data.x.y[1] is the second', () => {
    const a = run(`data "aws_iam_policy_document" "app" {
  count = 2
${statement('kms:*', '["arn:aws:iam::111122223333:role/app-\${count.index}"]')}}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.app[1].json
}
`);
    assert.deepEqual(rows(a, 'aws_kms_key.k').map((r) => r.label), ['role/app-1 (111122223333)']);
    assert.ok(a.findings.some((f) => f.ruleId === 'kms-star'), a.findings.map((f) => f.ruleId).join());
  });

  it('a splat over a count not known: the statements are optional under its condition', () => {
    const a = run(`variable "extra" {
  type = bool
}
${ROOT_DOC}
data "aws_iam_policy_document" "extra" {
  count = var.extra ? 1 : 0
${statement('kms:Decrypt', '["*"]', { sid: 'Everyone' })}}
data "aws_iam_policy_document" "key" {
  source_policy_documents = concat([data.aws_iam_policy_document.base.json], data.aws_iam_policy_document.extra[*].json)
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`);
    const s = a.sources.find((x) => x.owner === 'aws_kms_key.k')!;
    assert.deepEqual(s.policy.statements.map((st) => st.optionalIf), [undefined, 'var.extra']);
    assert.deepEqual(rows(a, 'aws_kms_key.k').find((r) => r.label === 'anyone (*)')?.decrypt, 'conditional');
    // Checked as a statement: the public principal is reported.
    assert.ok(a.findings.some((f) => f.ruleId === 'public-principal'));
  });

  it('a splat over a count the module decides: every instance, or none', () => {
    const doc = (n: string) => `${ROOT_DOC}
locals {
  n = ${n}
}
data "aws_iam_policy_document" "extra" {
  count = local.n
${statement('kms:Decrypt', '["arn:aws:iam::111122223333:role/reader-\${count.index}"]', { sid: 'Reader\${count.index}' })}}
data "aws_iam_policy_document" "key" {
  source_policy_documents = concat([data.aws_iam_policy_document.base.json], data.aws_iam_policy_document.extra[*].json)
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`;
    assert.deepEqual(rows(run(doc('2')), 'aws_kms_key.k').map((r) => r.label), ['anyone in account 111122223333 whose IAM policy allows it', 'role/reader-0 (111122223333)', 'role/reader-1 (111122223333)']);
    assert.deepEqual(rows(run(doc('0')), 'aws_kms_key.k').map((r) => r.label), ['anyone in account 111122223333 whose IAM policy allows it']);
    assert.deepEqual(run(doc('2')).sources.find((x) => x.owner === 'aws_kms_key.k')!.policy.statements.map((st) => st.optionalIf), [undefined, undefined, undefined]);
  });

  it('a dynamic statement over a collection not known is optional while it has elements', () => {
    const a = run(`variable "readers" {
  type = list(string)
}
data "aws_iam_policy_document" "key" {
${statement('kms:*', '["arn:aws:iam::111122223333:root"]', { sid: 'Root' })}  dynamic "statement" {
    for_each = var.readers
    ${statement('kms:Decrypt', '[statement.value]', { block: 'content' })}
  }
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`);
    const s = a.sources.find((x) => x.owner === 'aws_kms_key.k')!;
    assert.deepEqual(s.policy.statements.map((st) => st.optionalIf), [undefined, 'length(var.readers) > 0']);
  });
});
