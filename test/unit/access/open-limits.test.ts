import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluate } from '../../../server/src/access';
import { parseJsonPolicy } from '../../../server/src/policy/json';
import { createKeyscope } from '../../../server/src/service';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';
import { policy } from '../../helpers/rule-table';

const ACCT = '111122223333';
const APP = `arn:aws:iam::${ACCT}:role/App`;
const allowApp = (Condition: object) => ({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition });
const denyAll = (Condition: object) => ({ Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition });

function decrypt(statements: object[]) {
  const m = evaluate(parseJsonPolicy(policy(...statements), 'p.json'), { settings: DEFAULT_SETTINGS });
  return m.rows.find((r) => r.id === APP)!.actions['kms:Decrypt'];
}

describe('conditions the evaluator does not enumerate: conditional, with the conditions, never a guess', () => {
  // Each pair of statements can give different outcomes for different requests; the cell must say so.
  const cases: { name: string; statements: object[]; keys: string[] }[] = [
    {
      name: 'a multivalued key under plain operators (what a plain operator means on several values is not stated)',
      statements: [allowApp({ StringEquals: { 'kms:EncryptionContextKeys': 'a' } }), allowApp({ StringNotEquals: { 'kms:EncryptionContextKeys': 'a' } })],
      keys: ['kms:EncryptionContextKeys'],
    },
    {
      name: 'set operators on a multivalued key',
      statements: [allowApp({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['a'] } }), denyAll({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['b'] } })],
      keys: ['kms:EncryptionContextKeys'],
    },
    {
      name: 'IP operators',
      statements: [allowApp({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }), denyAll({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })],
      keys: ['aws:SourceIp'],
    },
    {
      name: 'date operators',
      statements: [allowApp({ DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } })],
      keys: ['aws:CurrentTime'],
    },
    {
      name: 'numeric operators',
      statements: [allowApp({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } })],
      keys: ['aws:MultiFactorAuthAge'],
    },
    {
      name: 'an operator the catalogue does not know',
      statements: [allowApp({ StringEqualsSometimes: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } })],
      keys: ['kms:ViaService'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = decrypt(c.statements);
      assert.equal(d.value, 'conditional');
      for (const key of c.keys) assert.ok(d.conditions.some((x) => x.key === key), `${key} in ${JSON.stringify(d.conditions)}`);
    });
  }
});

describe('grants the workspace writes with expressions or in another file', () => {
  before(() => initTerraform());
  const KEY = `resource "aws_kms_key" "k" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCT}:root" }, Action = "kms:*", Resource = "*" }] })
}
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}
variable "grantee" {}
variable "operations" {}
`;
  const GRANT = (name: string, grantee: string, operations: string, extra = '') =>
    `resource "aws_kms_grant" "${name}" {\n  name              = "${name}"\n  key_id            = aws_kms_key.k.key_id\n  grantee_principal = ${grantee}\n  operations        = ${operations}\n${extra}}\n`;

  function matrixOf(files: Record<string, string>) {
    const all = { '/ws/main.tf': KEY, ...files };
    const k = createKeyscope({ host: memoryHost(all) });
    try {
      return k.access(k.analyze({ path: '/ws/main.tf', text: KEY })).find((a) => a.source.owner === 'aws_kms_key.k')!.matrix;
    } finally {
      k.dispose();
    }
  }

  it('a grantee referencing a role of the module is that role', () => {
    const m = matrixOf({ '/ws/grants.tf': GRANT('app', 'aws_iam_role.app.arn', '["Decrypt"]') });
    const row = m.rows.find((r) => r.label === 'role/app (this account)');
    assert.ok(row, m.rows.map((r) => r.label).join(', '));
    assert.equal(row.actions['kms:Decrypt'].value, 'allow');
    assert.equal(row.actions['kms:Decrypt'].grant, 'aws_kms_grant.app');
  });

  it('a grantee not known is a row of its own, given the operations', () => {
    const m = matrixOf({ '/ws/grants.tf': GRANT('some', 'var.grantee', '["Decrypt"]') });
    const row = m.rows.find((r) => r.actions['kms:Decrypt'].grant === 'aws_kms_grant.some');
    assert.ok(row, m.rows.map((r) => r.label).join(', '));
    assert.match(row.label, /var\.grantee/);
    assert.equal(row.actions['kms:Decrypt'].value, 'allow');
  });

  it('operations not known: each operation a grant can allow is conditional on them, none allowed', () => {
    const m = matrixOf({ '/ws/grants.tf': GRANT('ops', '"arn:aws:iam::111122223333:role/ops"', 'var.operations') });
    const row = m.rows.find((r) => r.label.startsWith('role/ops'))!;
    const d = row.actions['kms:Decrypt'];
    assert.equal(d.value, 'conditional');
    assert.equal(d.note, 'aws_kms_grant.ops allows it if its operations (var.operations) include it');
    assert.equal(row.actions['kms:PutKeyPolicy'].value, 'iam', 'no grant allows PutKeyPolicy');
  });

  it('constraints are read in the grant\'s own file', () => {
    const m = matrixOf({ '/ws/grants.tf': GRANT('ctx', '"arn:aws:iam::111122223333:role/ctx"', '["Decrypt"]', '  constraints {\n    encryption_context_equals = { app = "x" }\n  }\n') });
    const d = m.rows.find((r) => r.label.startsWith('role/ctx'))!.actions['kms:Decrypt'];
    assert.equal(d.value, 'iam');
    assert.match(d.note!, /allows it only under its encryption-context constraints/);
    const free = matrixOf({ '/ws/grants.tf': GRANT('free', '"arn:aws:iam::111122223333:role/free"', '["Decrypt"]') });
    assert.equal(free.rows.find((r) => r.label.startsWith('role/free'))!.actions['kms:Decrypt'].value, 'allow');
  });
});
