import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, type CellValue } from '../../../server/src/access';
import { parseJsonPolicy } from '../../../server/src/policy/json';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { policy } from '../../helpers/rule-table';

// Cells on which the matrix must agree with AWS's documented evaluation (the IAM User Guide's policy
// evaluation logic and condition operators; KMS-FACTS.md). Each case: a policy, a row (a principal it names,
// or a what-if principal), an action, the value AWS's evaluation gives.
interface Case {
  name: string;
  statements: object[];
  row: string;
  action: string;
  expected: CellValue;
  /** Evaluate `row` as a what-if principal (it is not named by the policy). */
  whatIf?: boolean;
}

const ACCT = '111122223333';
const ROOT = `arn:aws:iam::${ACCT}:root`;
const FRED = `arn:aws:sts::${ACCT}:federated-user/fred`;
const APP = `arn:aws:iam::${ACCT}:role/App`;
const VIA = 's3.eu-west-1.amazonaws.com';
const ADMIN = `arn:aws:iam::${ACCT}:role/Admin`;
const DEPLOYER = `arn:aws:iam::${ACCT}:role/service-role/Deployer`;
const DEPLOYER_SESSION = `arn:aws:sts::${ACCT}:assumed-role/Deployer/x`;
const ROOT_ONLY = [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': ROOT } } }];
const allow = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });
const deny = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Deny', Principal, Action, Resource: '*', ...extra });
const denyExcept = (listed: string[], Action: unknown) => ({ Effect: 'Deny', NotPrincipal: { AWS: listed }, Action, Resource: '*' });

export const CASES: Case[] = [
  // A federated user listed in a Deny's NotPrincipal, with its account, is exempt.
  { name: 'federated user listed with its account in Deny NotPrincipal: exempt', statements: [allow({ AWS: FRED }, 'kms:Decrypt'), denyExcept([FRED, ROOT], 'kms:Decrypt')], row: FRED, action: 'kms:Decrypt', expected: 'allow' },
  { name: 'federated user listed without its account in Deny NotPrincipal: denied', statements: [allow({ AWS: FRED }, 'kms:Decrypt'), denyExcept([FRED], 'kms:Decrypt')], row: FRED, action: 'kms:Decrypt', expected: 'deny' },
  { name: 'federated user not listed in Deny NotPrincipal: denied', statements: [allow({ AWS: FRED }, 'kms:Decrypt'), denyExcept([ROOT], 'kms:Decrypt')], row: FRED, action: 'kms:Decrypt', expected: 'deny' },

  // A session's aws:PrincipalArn is its role's ARN with the role's path, when the policy names that role.
  {
    name: 'session of a role with a path, exempted by ArnNotEquals on the role ARN',
    statements: [allow({ AWS: DEPLOYER }, 'kms:Decrypt'), deny('*', 'kms:Decrypt', { Condition: { ArnNotEquals: { 'aws:PrincipalArn': DEPLOYER } } })],
    row: DEPLOYER_SESSION,
    whatIf: true,
    action: 'kms:Decrypt',
    expected: 'allow',
  },
  {
    name: 'session of a role with a path, denied by ArnLike on the path',
    statements: [allow({ AWS: [DEPLOYER_SESSION, DEPLOYER] }, 'kms:Decrypt'), deny('*', 'kms:Decrypt', { Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/service-role/*` } } })],
    row: DEPLOYER_SESSION,
    action: 'kms:Decrypt',
    expected: 'deny',
  },
  {
    name: 'session of a role with a path named in a condition only, exempted by StringNotEquals',
    statements: [allow({ AWS: DEPLOYER_SESSION }, 'kms:Decrypt'), deny('*', 'kms:Decrypt', { Condition: { StringNotEquals: { 'aws:PrincipalArn': [DEPLOYER] } } })],
    row: DEPLOYER_SESSION,
    action: 'kms:Decrypt',
    expected: 'allow',
  },

  // A wildcard under a non-Like operator is an ordinary character, and IAM names cannot contain it.
  {
    name: 'StringNotEquals aws:PrincipalArn with a wildcard denies the account row too',
    statements: [allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: ADMIN }, 'kms:*'), deny('*', 'kms:*', { Condition: { StringNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/Admin*` } } })],
    row: ROOT,
    action: 'kms:PutKeyPolicy',
    expected: 'deny',
  },
  {
    name: 'StringNotEquals aws:PrincipalArn with a wildcard denies the role it seems to name',
    statements: [allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: ADMIN }, 'kms:*'), deny('*', 'kms:*', { Condition: { StringNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/Admin*` } } })],
    row: ADMIN,
    action: 'kms:PutKeyPolicy',
    expected: 'deny',
  },
  {
    name: 'StringEquals aws:PrincipalArn with a wildcard grants "*" nothing',
    statements: [allow('*', 'kms:Decrypt', { Condition: { StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/*` } } })],
    row: '*',
    action: 'kms:Decrypt',
    expected: 'none',
  },
  {
    name: 'StringLike aws:PrincipalArn with a wildcard stays a pattern',
    statements: [allow('*', 'kms:Decrypt', { Condition: { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/*` } } })],
    row: '*',
    action: 'kms:Decrypt',
    expected: 'conditional',
  },

  // A condition on a kms: key the action's requests never carry is decided: the key is absent.
  ...(['kms:Decrypt', 'kms:DescribeKey'] as const).map((action, i): Case => ({
    name: `StringEquals kms:EncryptionContext:app in an Allow: ${action} ${i === 0 ? 'depends on the request' : 'never carries the key: not granted'}`,
    statements: [allow({ AWS: APP }, ['kms:Decrypt', 'kms:DescribeKey'], { Condition: { StringEquals: { 'kms:EncryptionContext:app': 'orders' } } })],
    row: APP,
    action,
    expected: i === 0 ? 'conditional' : 'none',
  })),
  {
    name: 'Bool kms:GrantIsForAWSResource in an Allow: PutKeyPolicy never carries the key',
    statements: [allow({ AWS: APP }, ['kms:CreateGrant', 'kms:PutKeyPolicy'], { Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } })],
    row: APP,
    action: 'kms:PutKeyPolicy',
    expected: 'none',
  },
  {
    name: 'Bool kms:GrantIsForAWSResource in an Allow: CreateGrant depends on the request',
    statements: [allow({ AWS: APP }, ['kms:CreateGrant', 'kms:PutKeyPolicy'], { Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } })],
    row: APP,
    action: 'kms:CreateGrant',
    expected: 'conditional',
  },
  {
    name: 'StringNotEquals kms:EncryptionContext:app in a Deny: DescribeKey is denied (absent key, negated operator)',
    statements: [allow({ AWS: APP }, 'kms:*'), deny('*', 'kms:*', { Condition: { StringNotEquals: { 'kms:EncryptionContext:app': 'orders' } } })],
    row: APP,
    action: 'kms:DescribeKey',
    expected: 'deny',
  },
  {
    name: 'StringEqualsIfExists kms:EncryptionContext:app in an Allow: DescribeKey is allowed (absent key)',
    statements: [allow({ AWS: APP }, ['kms:Decrypt', 'kms:DescribeKey'], { Condition: { StringEqualsIfExists: { 'kms:EncryptionContext:app': 'orders' } } })],
    row: APP,
    action: 'kms:DescribeKey',
    expected: 'allow',
  },
  {
    name: 'ForAllValues:StringEquals kms:EncryptionContextKeys in an Allow: DescribeKey is allowed (absent key)',
    statements: [allow({ AWS: APP }, ['kms:Decrypt', 'kms:DescribeKey'], { Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app'] } } })],
    row: APP,
    action: 'kms:DescribeKey',
    expected: 'allow',
  },
  {
    name: 'a global aws: key stays open for every action',
    statements: [allow({ AWS: APP }, ['kms:Decrypt', 'kms:DescribeKey'], { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
    row: APP,
    action: 'kms:DescribeKey',
    expected: 'conditional',
  },

  // The root user of an account is a principal of its own: the account root granted under an aws:PrincipalArn
  // condition on the root ARN lets the root user alone in.
  { name: 'root user: allowed what the account is granted under ArnEquals aws:PrincipalArn root', statements: ROOT_ONLY, row: `root-user:${ACCT}`, action: 'kms:PutKeyPolicy', expected: 'allow' },
  { name: 'root user: the account row, its IAM identities, is not granted what only the root user is', statements: ROOT_ONLY, row: ROOT, action: 'kms:PutKeyPolicy', expected: 'none' },
  { name: 'root user: a role of the account is not the root user', statements: [...ROOT_ONLY, allow({ AWS: APP }, 'kms:Decrypt')], row: APP, action: 'kms:PutKeyPolicy', expected: 'none' },
  { name: 'root user: exempt from a Deny NotPrincipal listing the account', statements: [...ROOT_ONLY, denyExcept([ROOT], 'kms:*')], row: `root-user:${ACCT}`, action: 'kms:PutKeyPolicy', expected: 'allow' },

  // Open conditions are decided together: every combination of the request values that matter.
  {
    name: 'worlds: two aws:PrincipalArn tests that can never both hold grant "*" nothing',
    statements: [allow('*', 'kms:Decrypt', { Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/Auditor` }, StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:user/alice` } } })],
    row: '*',
    action: 'kms:Decrypt',
    expected: 'none',
  },
  {
    name: 'worlds: kms:ViaService equal in one Allow and not equal in another always allow together',
    statements: [allow({ AWS: APP }, 'kms:Decrypt', { Condition: { StringEquals: { 'kms:ViaService': VIA } } }), allow({ AWS: APP }, 'kms:Decrypt', { Condition: { StringNotEquals: { 'kms:ViaService': VIA } } })],
    row: APP,
    action: 'kms:Decrypt',
    expected: 'allow',
  },
  {
    name: 'worlds: an Allow and a Deny under the same condition never let the request through',
    statements: [allow({ AWS: APP }, 'kms:Decrypt', { Condition: { StringEquals: { 'kms:ViaService': VIA } } }), deny({ AWS: APP }, 'kms:Decrypt', { Condition: { StringEquals: { 'kms:ViaService': VIA } } })],
    row: APP,
    action: 'kms:Decrypt',
    expected: 'none',
  },
  {
    name: 'worlds: a Deny under a condition the only Allow requires denies every request it grants',
    statements: [allow({ AWS: APP }, 'kms:Decrypt', { Condition: { StringLike: { 'kms:ViaService': 's3.*' } } }), deny({ AWS: APP }, 'kms:Decrypt', { Condition: { StringNotEquals: { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' } } })],
    row: APP,
    action: 'kms:Decrypt',
    expected: 'none',
  },
  {
    name: 'worlds: a condition that really depends on the request stays conditional',
    statements: [allow({ AWS: APP }, 'kms:Decrypt', { Condition: { StringEquals: { 'kms:ViaService': VIA } } })],
    row: APP,
    action: 'kms:Decrypt',
    expected: 'conditional',
  },
];

describe('access cells that agree with AWS', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const mx = evaluate(parseJsonPolicy(policy(...c.statements), 'p.kms.json'), { whatIf: c.whatIf ? [c.row] : [], settings: DEFAULT_SETTINGS });
      // The root user's row has the root ARN as its id, as the account's: `root-user:A` asks for it.
      const rootUser = c.row.startsWith('root-user:');
      const row = mx.rows.find((r) => (rootUser ? r.kind === 'root-user' && `root-user:${r.account}` === c.row : r.id === c.row && r.kind !== 'root-user' && (r.kind === 'what-if') === !!c.whatIf));
      assert.ok(row, `no row ${c.row}; rows: ${mx.rows.map((r) => r.id).join(', ')}`);
      assert.equal(row.actions[c.action].value, c.expected, JSON.stringify(row.actions[c.action]));
    });
  }

  it('the root user is a row of its own, counted as an administrator', () => {
    const mx = evaluate(parseJsonPolicy(policy(...ROOT_ONLY), 'p.kms.json'), { settings: { ...DEFAULT_SETTINGS, accounts: { [ACCT]: { name: 'prod' } } } });
    const row = mx.rows.find((r) => r.kind === 'root-user')!;
    assert.equal(row.label, 'root user of account prod 111122223333');
    assert.match(mx.summary, /^1 admin ·/);
  });

  it('worlds: past 4,096 combinations a cell stays conditional and says so', () => {
    const keys = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`kms:EncryptionContext:k${i}`, `v${i}`]));
    const mx = evaluate(parseJsonPolicy(policy(allow({ AWS: APP }, 'kms:Decrypt', { Condition: { StringEquals: keys } }), deny({ AWS: APP }, 'kms:Decrypt', { Condition: { StringEquals: { 'kms:EncryptionContext:k0': 'v0' } } })), 'p.kms.json'), { settings: DEFAULT_SETTINGS });
    const d = mx.rows.find((r) => r.id === APP)!.actions['kms:Decrypt'];
    assert.equal(d.value, 'conditional');
    assert.equal(d.note, 'more than 4,096 combinations of request values: not decided exactly');
  });

  it('a Deny that spares nobody leaves no administrator in the summary', () => {
    const statements = CASES.find((c) => c.name.startsWith('StringNotEquals aws:PrincipalArn with a wildcard denies the account'))!.statements;
    const mx = evaluate(parseJsonPolicy(policy(...statements), 'p.kms.json'), { settings: DEFAULT_SETTINGS });
    assert.match(mx.summary, /^0 admins/);
  });
});
