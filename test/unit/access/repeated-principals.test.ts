import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createKeyscope } from '../../../server/src/service';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';
import { DEFAULT_POLICY_KEY } from '../../fixtures/identity-policies';

const KEY = DEFAULT_POLICY_KEY;

const DOC = (effect = 'Allow', action = 'kms:Decrypt') => `jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "UseKey", Effect = "${effect}", Action = "${action}", Resource = "*" }] })`;
const INLINE = `  inline_policy {\n    name   = "use"\n    policy = ${DOC()}\n  }\n`;
const POLICY = (name: string, effect = 'Allow') => `resource "aws_iam_policy" "${name}" {\n  policy = ${DOC(effect)}\n}\n`;

function matrixOf(iam: string) {
  const files = { '/ws/main.tf': KEY, '/ws/iam.tf': iam };
  const k = createKeyscope({ host: memoryHost(files) });
  try {
    const analysis = k.analyze({ path: '/ws/main.tf', text: KEY });
    return k.access(analysis).find((a) => a.source.owner === 'aws_kms_key.k')!.matrix;
  } finally {
    k.dispose();
  }
}

const labels = (m: ReturnType<typeof matrixOf>) => m.rows.map((r) => r.label).join(', ');
function cell(m: ReturnType<typeof matrixOf>, label: string, action = 'kms:Decrypt') {
  const r = m.rows.find((x) => x.label === label);
  assert.ok(r, `no row ${label}: ${labels(m)}`);
  return r.actions[action];
}

describe('roles with count or for_each, and the policies attached to them', () => {
  before(() => initTerraform());

  it('a known count: one row per instance, named as the instance evaluates its name', () => {
    const m = matrixOf(`resource "aws_iam_role" "reader" {\n  count = 2\n  name  = "reader-\${count.index}"\n  assume_role_policy = "{}"\n${INLINE}}\n`);
    for (const n of ['reader-0', 'reader-1']) assert.equal(cell(m, `role/${n} (this account)`).value, 'iam-allow');
  });

  it('a known for_each: one row per key', () => {
    const m = matrixOf(`resource "aws_iam_role" "reader" {\n  for_each = toset(["a", "b"])\n  name     = "r-\${each.key}"\n  assume_role_policy = "{}"\n${INLINE}}\n`);
    assert.equal(cell(m, 'role/r-a (this account)').value, 'iam-allow');
    assert.equal(cell(m, 'role/r-b (this account)').value, 'iam-allow');
  });

  it('a collection not known: one row standing for each of them, whose name stays unknown', () => {
    const m = matrixOf(`variable "readers" { type = set(string) }\nresource "aws_iam_role" "reader" {\n  for_each = var.readers\n  name     = each.key\n  assume_role_policy = "{}"\n${INLINE}}\n`);
    const d = cell(m, 'role/each of var.readers (this account)');
    assert.equal(d.value, 'iam-allow', d.note);
    assert.equal(cell(m, 'role/each of var.readers (this account)', 'kms:Encrypt').value, 'iam');
  });

  it('an attachment to one instance by its index applies to that instance only', () => {
    const m = matrixOf(
      `resource "aws_iam_role" "reader" {\n  count = 2\n  name  = "reader-\${count.index}"\n  assume_role_policy = "{}"\n}\n` +
        POLICY('use') +
        `resource "aws_iam_role_policy_attachment" "first" {\n  role       = aws_iam_role.reader[0].name\n  policy_arn = aws_iam_policy.use.arn\n}\n`,
    );
    assert.equal(cell(m, 'role/reader-0 (this account)').value, 'iam-allow');
    assert.equal(m.rows.some((r) => r.label === 'role/reader-1 (this account)'), false, labels(m));
  });

  it('a counted attachment bound by count.index reaches each instance; managed_policy_arns too', () => {
    const m = matrixOf(
      `resource "aws_iam_role" "reader" {\n  count = 2\n  name  = "reader-\${count.index}"\n  assume_role_policy = "{}"\n}\n` +
        `resource "aws_iam_role" "writer" {\n  for_each = toset(["w"])\n  name  = each.key\n  assume_role_policy = "{}"\n  managed_policy_arns = [aws_iam_policy.use.arn]\n}\n` +
        POLICY('use') +
        `resource "aws_iam_role_policy_attachment" "each" {\n  count      = 2\n  role       = aws_iam_role.reader[count.index].name\n  policy_arn = aws_iam_policy.use.arn\n}\n`,
    );
    assert.equal(cell(m, 'role/reader-0 (this account)').value, 'iam-allow');
    assert.equal(cell(m, 'role/reader-1 (this account)').value, 'iam-allow');
    assert.equal(cell(m, 'role/w (this account)').value, 'iam-allow');
  });

  it('an attachment whose instance is not known allows or denies only conditionally: never a guess', () => {
    const roles = `variable "i" { type = number }\nvariable "on" { type = bool }\nresource "aws_iam_role" "reader" {\n  count = 2\n  name  = "reader-\${count.index}"\n  assume_role_policy = "{}"\n}\n`;
    const allow = matrixOf(roles + POLICY('use') + `resource "aws_iam_role_policy_attachment" "some" {\n  role       = aws_iam_role.reader[var.i].name\n  policy_arn = aws_iam_policy.use.arn\n}\n`);
    for (const n of ['reader-0', 'reader-1']) {
      const d = cell(allow, `role/${n} (this account)`);
      assert.equal(d.value, 'conditional');
      assert.match(d.note!, /if aws_iam_policy\.use is attached to it \(the attachment's instances are not known\)/);
    }
    const deny = matrixOf(
      roles.replace('  assume_role_policy = "{}"\n}', `  assume_role_policy = "{}"\n${INLINE}}`) +
        POLICY('no', 'Deny') +
        `resource "aws_iam_role_policy_attachment" "maybe" {\n  count      = var.on ? 1 : 0\n  role       = aws_iam_role.reader[0].name\n  policy_arn = aws_iam_policy.no.arn\n}\n`,
    );
    const d = cell(deny, 'role/reader-0 (this account)');
    assert.equal(d.value, 'conditional', d.note);
    assert.match(d.note!, /unless aws_iam_policy\.no .* denies it \(if aws_iam_policy\.no is attached to it/);
    assert.equal(cell(deny, 'role/reader-1 (this account)').value, 'iam-allow');
  });

  it('an AWS managed policy: a row whose delegated cells say an unknown policy may allow them', () => {
    const m = matrixOf(`resource "aws_iam_role" "ops" {\n  name = "ops"\n  assume_role_policy = "{}"\n}\nresource "aws_iam_role_policy_attachment" "power" {\n  role       = aws_iam_role.ops.name\n  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"\n}\n`);
    const d = cell(m, 'role/ops (this account)');
    assert.equal(d.value, 'iam');
    assert.match(d.note!, /arn:aws:iam::aws:policy\/PowerUserAccess \(AWS managed\): unknown policy, may allow/);
  });
});
