import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluate } from '../../../server/src/access';
import { parseJsonPolicy } from '../../../server/src/policy/json';
import { createKeyscope } from '../../../server/src/service';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { policy } from '../../helpers/rule-table';

const ROOT = 'arn:aws:iam::111122223333:root';
const ADMIN = 'arn:aws:iam::111122223333:role/admin';
const APP = 'arn:aws:iam::111122223333:role/app';
const allow = (who: string, Action: unknown) => ({ Effect: 'Allow', Principal: { AWS: who }, Action, Resource: '*' });

/** A Terraform key of the given type whose policy lets the app role sign, verify and decrypt. */
const key = (attributes: string) => `resource "aws_kms_key" "k" {
${attributes}
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "${APP}" }, Action = ["kms:Sign", "kms:Verify", "kms:Decrypt"], Resource = "*" },
    ]
  })
}
`;

function tfCells(text: string) {
  const k = createKeyscope();
  try {
    const [{ matrix }] = k.access(k.analyze({ path: '/ws/main.tf', text }));
    return matrix.rows.find((r) => r.id === APP)!.capabilities;
  } finally {
    k.dispose();
  }
}

describe('capability cells', () => {
  before(() => initTerraform());

  const cases: { name: string; statements: object[]; row: string; cap: 'administer' | 'readData'; text: string; value: string; mixed?: object }[] = [
    { name: 'one action allowed, the others via IAM: each counted', statements: [allow(ROOT, 'kms:*'), allow(ADMIN, 'kms:PutKeyPolicy')], row: ADMIN, cap: 'administer', value: 'allow', text: 'allow 1 · iam 19 of 20', mixed: { allow: 1, iam: 19 } },
    { name: 'every action allowed: all', statements: [allow(ADMIN, 'kms:*')], row: ADMIN, cap: 'administer', value: 'allow', text: 'all' },
    { name: 'some actions allowed, none of another value: n of m', statements: [allow(ADMIN, ['kms:PutKeyPolicy', 'kms:CreateGrant'])], row: ADMIN, cap: 'administer', value: 'allow', text: '2 of 20' },
    { name: 'every action via IAM: all', statements: [allow(ROOT, 'kms:*')], row: ROOT, cap: 'administer', value: 'iam', text: 'all' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const mx = evaluate(parseJsonPolicy(policy(...c.statements), 'p.kms.json'), { settings: DEFAULT_SETTINGS });
      const cell = mx.rows.find((r) => r.id === c.row)!.capabilities[c.cap];
      assert.equal(cell.text, c.text);
      assert.equal(cell.value, c.value);
      assert.deepEqual(cell.mixed, c.mixed);
    });
  }

  it("counts only the actions the Terraform key's type can serve", () => {
    // A signing key serves Verify, not Decrypt, ReEncryptFrom, VerifyMac or DeriveSharedSecret; Sign, not Encrypt.
    const sign = tfCells(key('  key_usage = "SIGN_VERIFY"\n  customer_master_key_spec = "ECC_NIST_P256"'));
    assert.deepEqual([sign.readData.text, sign.readData.total], ['all', 1]);
    assert.deepEqual([sign.writeData.text, sign.writeData.total], ['all', 1]);
    // A symmetric key (the default) serves Decrypt and ReEncryptFrom of Read data.
    const symmetric = tfCells(key(''));
    assert.deepEqual([symmetric.readData.text, symmetric.readData.total], ['1 of 2', 2]);
    assert.equal(symmetric.writeData.text, 'none');
  });
});
