import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createKeyscope } from '../../../server/src/service';
import { initTerraform } from '../../../server/src/terraform';

const APP = 'arn:aws:iam::111122223333:role/app';
const OPS = 'arn:aws:iam::111122223333:role/ops';
const PARTNER = 'arn:aws:iam::444455556666:role/partner';

/** A key whose policy grants the account root kms:* and the app role DescribeKey, and `grants`. */
const module = (grants: string) => `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "${APP}" }, Action = "kms:DescribeKey", Resource = "*" },
      { Effect = "Deny", Principal = { AWS = "${APP}" }, Action = "kms:Encrypt", Resource = "*" },
    ]
  })
}
resource "aws_kms_key" "other" {}
${grants}`;

const grant = (name: string, key: string, grantee: string, operations: string, extra = '') => `resource "aws_kms_grant" "${name}" {
  name              = "${name}"
  key_id            = aws_kms_key.${key}.key_id
  grantee_principal = "${grantee}"
  operations        = ${operations}
${extra}}
`;

function matrixOf(text: string) {
  const k = createKeyscope();
  try {
    return k.access(k.analyze({ path: '/ws/main.tf', text })).find((a) => a.source.owner === 'aws_kms_key.k')!.matrix;
  } finally {
    k.dispose();
  }
}
const cell = (m: ReturnType<typeof matrixOf>, id: string, action: string) => m.rows.find((r) => r.id === id)!.actions[action];

describe('grants of the workspace', () => {
  before(() => initTerraform());

  it('a grant allows its operations to its grantee, naming the grant; an explicit Deny still wins', () => {
    const m = matrixOf(module(grant('app', 'k', APP, '["Decrypt", "Encrypt", "GenerateDataKey"]')));
    assert.deepEqual({ ...cell(m, APP, 'kms:Decrypt') }, { value: 'allow', statements: [], conditions: [], grant: 'aws_kms_grant.app' });
    assert.equal(cell(m, APP, 'kms:Encrypt').value, 'deny');
    assert.equal(cell(m, APP, 'kms:ReEncryptFrom').value, 'iam');
    assert.match(m.summary, /2 can decrypt/);
  });

  it('constraints make the cells conditional, and the retiring principal is noted', () => {
    const m = matrixOf(module(grant('app', 'k', APP, '["Decrypt"]', `  retiring_principal = "${OPS}"\n  constraints {\n    encryption_context_equals = { Department = "Finance" }\n  }\n`)));
    const d = cell(m, APP, 'kms:Decrypt');
    assert.equal(d.value, 'iam', 'root delegation already lets IAM policies allow it: the grant adds its constrained path');
    assert.equal(d.grant, 'aws_kms_grant.app');
    assert.equal(d.note, `aws_kms_grant.app allows it only under its encryption-context constraints; aws_kms_grant.app can be retired by ${OPS}`);
  });

  it('a grantee the policy does not name gets a row', () => {
    const m = matrixOf(module(grant('partner', 'k', PARTNER, '["Decrypt"]')));
    assert.equal(cell(m, PARTNER, 'kms:Decrypt').value, 'allow');
    assert.equal(m.rows.find((r) => r.id === PARTNER)!.label, 'role/partner (444455556666)');
    assert.equal(cell(m, PARTNER, 'kms:Encrypt').value, 'none');
  });

  it('a grant on another key adds nothing; one whose operations are an expression allows only conditionally', () => {
    assert.equal(matrixOf(module(grant('other', 'other', PARTNER, '["Decrypt"]'))).rows.some((r) => r.id === PARTNER), false);
    const m = matrixOf(module(grant('dyn', 'k', PARTNER, 'var.ops')));
    assert.equal(cell(m, PARTNER, 'kms:Decrypt').value, 'conditional');
    assert.equal(cell(m, PARTNER, 'kms:PutKeyPolicy').value, 'none');
  });
});
