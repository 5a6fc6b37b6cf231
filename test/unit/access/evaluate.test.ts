import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, type AccessMatrix } from '../../../server/src/access';
import { KEY_POLICY_ACTIONS } from '../../../server/src/catalog';
import { parseJsonPolicy } from '../../../server/src/policy/json';
import type { PNode } from '../../../server/src/policy/model';
import { DEFAULT_SETTINGS, type KeyscopeSettings } from '../../../server/src/settings';
import { AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';
import { ADMIN, APP, policy, ROOT } from '../../helpers/rule-table';

const OTHER_ROOT = 'arn:aws:iam::444455556666:root';
const OTHER_ROLE = 'arn:aws:iam::444455556666:role/Partner';
const SESSION = 'arn:aws:sts::111122223333:assumed-role/App/alice';

function matrix(text: string, whatIf: string[] = [], settings: Partial<KeyscopeSettings> = {}): AccessMatrix {
  return evaluate(parseJsonPolicy(text, 'p.kms.json'), { whatIf, settings: { ...DEFAULT_SETTINGS, ...settings } });
}
const m = (...statements: object[]) => matrix(policy(...statements));
function cell(mx: AccessMatrix, id: string, action: string) {
  const row = mx.rows.find((r) => r.id === id);
  assert.ok(row, `no row ${id}; rows: ${mx.rows.map((r) => r.id).join(', ')}`);
  return row.actions[action];
}
const allow = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });
const deny = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Deny', Principal, Action, Resource: '*', ...extra });

describe('access evaluator', () => {
  it('has a cell for every action valid in a key policy and five capabilities', () => {
    const row = m(allow({ AWS: APP }, 'kms:Decrypt')).rows[0];
    assert.deepEqual(Object.keys(row.actions).sort(), KEY_POLICY_ACTIONS.map((a) => `kms:${a.name}`).sort());
    assert.deepEqual(Object.keys(row.capabilities), ['administer', 'readData', 'writeData', 'destroy', 'readConfig']);
    assert.equal(row.capabilities.readData.text, '1 of 5');
    assert.equal(row.capabilities.readData.value, 'allow');
    assert.equal(row.capabilities.administer.text, 'none');
  });

  it('explicit Deny wins over Allow, naming the deciding statement', () => {
    const mx = m(allow({ AWS: APP }, ['kms:Decrypt', 'kms:Encrypt']), deny({ AWS: APP }, 'kms:Decrypt'));
    assert.deepEqual(cell(mx, APP, 'kms:Decrypt'), { value: 'deny', statements: [1], conditions: [] });
    assert.equal(cell(mx, APP, 'kms:Encrypt').value, 'allow');
    assert.deepEqual(cell(mx, APP, 'kms:Encrypt').statements, [0]);
  });

  it('a Deny to "*" applies to every row', () => {
    const mx = m(allow({ AWS: APP }, 'kms:*'), deny('*', 'kms:ScheduleKeyDeletion'));
    assert.equal(cell(mx, APP, 'kms:ScheduleKeyDeletion').value, 'deny');
    assert.equal(cell(mx, APP, 'kms:Decrypt').value, 'allow');
  });

  it('NotPrincipal + Deny exempts only identities listed together with their account', () => {
    const listed = m(allow({ AWS: [APP, ADMIN] }, 'kms:Decrypt'), deny(undefined, 'kms:*', { Principal: undefined, NotPrincipal: { AWS: [APP, ROOT] } }));
    assert.equal(cell(listed, APP, 'kms:Decrypt').value, 'allow');
    assert.equal(cell(listed, ADMIN, 'kms:Decrypt').value, 'deny');
    // The account is listed: the root user and the listed roles are exempt, everyone else in it is not.
    const acct = cell(listed, ROOT, 'kms:Decrypt');
    assert.equal(acct.value, 'none');
    const withoutAccount = m(allow({ AWS: APP }, 'kms:Decrypt'), { Effect: 'Deny', NotPrincipal: { AWS: [APP] }, Action: 'kms:*', Resource: '*' });
    assert.equal(cell(withoutAccount, APP, 'kms:Decrypt').value, 'deny', 'without the account ARN the account itself is denied');
  });

  it('NotPrincipal + Deny: an assumed-role session is exempt when its role and account are listed', () => {
    const text = policy(allow({ AWS: ROOT }, 'kms:*'), { Effect: 'Deny', NotPrincipal: { AWS: [SESSION, APP.replace('role/App', 'role/App'), ROOT] }, Action: 'kms:*', Resource: '*' });
    const mx = matrix(text, ['arn:aws:sts::111122223333:assumed-role/App/bob', 'arn:aws:iam::111122223333:role/Other']);
    assert.equal(cell(mx, SESSION, 'kms:Decrypt').value, 'iam');
    assert.equal(cell(mx, 'arn:aws:sts::111122223333:assumed-role/App/bob', 'kms:Decrypt').value, 'iam');
    assert.equal(cell(mx, 'arn:aws:iam::111122223333:role/Other', 'kms:Decrypt').value, 'deny');
    const acct = cell(mx, ROOT, 'kms:Decrypt');
    assert.equal(acct.value, 'conditional');
    assert.equal(acct.conditions[0].operator, 'NotPrincipal');
  });

  it('NotPrincipal + Allow grants everyone else, which adds the public row', () => {
    const mx = m({ Effect: 'Allow', NotPrincipal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*' });
    assert.equal(cell(mx, APP, 'kms:Decrypt').value, 'none');
    assert.equal(cell(mx, '*', 'kms:Decrypt').value, 'allow');
    assert.match(mx.summary, /public: yes$/);
  });

  it('NotAction is the complement of its actions', () => {
    const mx = m({ Effect: 'Allow', Principal: { AWS: APP }, NotAction: ['kms:Decrypt', 'kms:Put*'], Resource: '*' });
    assert.equal(cell(mx, APP, 'kms:Decrypt').value, 'none');
    assert.equal(cell(mx, APP, 'kms:PutKeyPolicy').value, 'none');
    assert.equal(cell(mx, APP, 'kms:Encrypt').value, 'allow');
    const denied = m(allow({ AWS: APP }, 'kms:*'), { Effect: 'Deny', Principal: '*', NotAction: 'kms:Decrypt', Resource: '*' });
    assert.equal(cell(denied, APP, 'kms:Decrypt').value, 'allow');
    assert.equal(cell(denied, APP, 'kms:Encrypt').value, 'deny');
  });

  it('matches action globs case-insensitively', () => {
    const mx = m(allow({ AWS: APP }, ['KMS:decrypt', 'kms:generatedatakey*']));
    assert.equal(cell(mx, APP, 'kms:Decrypt').value, 'allow');
    assert.equal(cell(mx, APP, 'kms:GenerateDataKeyPairWithoutPlaintext').value, 'allow');
    assert.equal(cell(mx, APP, 'kms:Encrypt').value, 'none');
  });

  it('"*" and {"AWS": "*"} without a condition are public', () => {
    for (const p of ['*', { AWS: '*' }, { AWS: ['*'] }]) {
      const mx = m(allow(p, 'kms:Decrypt'));
      assert.equal(cell(mx, '*', 'kms:Decrypt').value, 'allow');
      assert.equal(mx.summary, '0 admins · 1 can decrypt · public: yes');
    }
  });

  it('"*" narrowed by kms:CallerAccount: allowed for that account, conditional for the public row', () => {
    const text = policy(allow({ AWS: ROOT }, 'kms:*'), allow('*', 'kms:Decrypt', { Condition: { StringEquals: { 'kms:CallerAccount': '444455556666' } } }));
    const mx = matrix(text, [OTHER_ROLE, 'arn:aws:iam::555566667777:role/Stranger']);
    const pub = cell(mx, '*', 'kms:Decrypt');
    assert.equal(pub.value, 'conditional');
    assert.deepEqual(pub.conditions, [{ statementIndex: 1, statement: '2', operator: 'StringEquals', key: 'kms:CallerAccount', values: ['444455556666'], effect: 'Allow' }]);
    assert.match(mx.summary, /public: no$/);
    // The account named by the condition gets a row; it is another account, so its IAM policies must allow it too.
    const other = mx.rows.find((r) => r.id === '444455556666');
    assert.equal(other?.label, 'any principal in account 444455556666');
    assert.equal(cell(mx, OTHER_ROLE, 'kms:Decrypt').value, 'iam');
    assert.equal(cell(mx, 'arn:aws:iam::555566667777:role/Stranger', 'kms:Decrypt').value, 'none');
  });

  it('aws:PrincipalOrgID is decided for accounts declared in settings when the organization is set', () => {
    const text = policy(allow('*', 'kms:Decrypt', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }));
    const declared = { accounts: { '111122223333': { name: 'payments-prod' } }, organizationId: 'o-abc123' };
    const mx = matrix(text, [APP, OTHER_ROLE], declared);
    assert.equal(cell(mx, APP, 'kms:Decrypt').value, 'allow');
    assert.equal(cell(mx, OTHER_ROLE, 'kms:Decrypt').value, 'conditional');
    assert.equal(cell(matrix(text, [APP]), APP, 'kms:Decrypt').value, 'conditional', 'unknown without settings');
  });

  it('k9 DenyEveryoneElse with ArnNotEquals aws:PrincipalArn', () => {
    const deployer = 'arn:aws:iam::111122223333:role/ci-deployer';
    const app = 'arn:aws:iam::111122223333:role/app';
    const mx = matrix(K9_LEAST_PRIVILEGE, ['arn:aws:iam::111122223333:role/intruder', 'arn:aws:sts::111122223333:assumed-role/app/worker-1']);
    assert.equal(cell(mx, deployer, 'kms:PutKeyPolicy').value, 'allow');
    assert.equal(cell(mx, app, 'kms:Decrypt').value, 'allow');
    // The app is not denied and the root grant lets its IAM policy give it more.
    assert.deepEqual(cell(mx, app, 'kms:PutKeyPolicy'), { value: 'iam', statements: [6], conditions: [], delegated: true });
    assert.equal(cell(mx, 'arn:aws:iam::111122223333:role/intruder', 'kms:Decrypt').value, 'deny');
    // A session's aws:PrincipalArn is its role's ARN: listed, so not denied.
    assert.equal(cell(mx, 'arn:aws:sts::111122223333:assumed-role/app/worker-1', 'kms:Decrypt').value, 'allow');
    const acct = cell(mx, ROOT, 'kms:Decrypt');
    assert.equal(acct.value, 'conditional');
    assert.deepEqual(acct.statements, [6, 5]);
    assert.equal(acct.conditions[0].operator, 'ArnNotEquals');
    assert.equal(acct.conditions[0].effect, 'Deny');
    // The root ARN is exempted by name: the root user, granted kms:* with the account, keeps everything.
    const rootUser = mx.rows.find((r) => r.kind === 'root-user')!;
    assert.equal(rootUser.label, 'root user of account 111122223333');
    assert.equal(rootUser.actions['kms:PutKeyPolicy'].value, 'allow');
    assert.equal(mx.summary, '3 admins · 3 can decrypt · public: no');
  });

  it('cross-account principals need their own IAM policy: iam, and marked', () => {
    const mx = m(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: OTHER_ROLE }, 'kms:Decrypt'), allow({ AWS: OTHER_ROOT }, 'kms:Encrypt'));
    assert.equal(mx.keyAccount, '111122223333');
    const partner = mx.rows.find((r) => r.id === OTHER_ROLE)!;
    assert.equal(partner.crossAccount, true);
    assert.equal(partner.actions['kms:Decrypt'].value, 'iam');
    assert.ok(!partner.actions['kms:Decrypt'].delegated);
    assert.equal(cell(mx, OTHER_ROOT, 'kms:Encrypt').value, 'iam');
    assert.equal(partner.actions['kms:Encrypt'].value, 'iam', 'the other account root delegates to its roles');
    assert.equal(partner.actions['kms:PutKeyPolicy'].value, 'none', 'the key account root does not delegate to another account');
  });

  it('root delegation: the account row and every IAM principal of the account get iam; a Deny still applies', () => {
    const mx = matrix(policy(allow({ AWS: '111122223333' }, 'kms:*'), allow({ AWS: ROOT }, 'kms:Decrypt'), deny({ AWS: APP }, 'kms:ScheduleKeyDeletion')), [APP, SESSION]);
    assert.equal(mx.rows.filter((r) => r.kind === 'account').length, 1, '"111122223333" and its root ARN are one row');
    const acct = mx.rows[0];
    assert.equal(acct.label, 'anyone in account 111122223333 whose IAM policy allows it');
    assert.deepEqual(acct.actions['kms:PutKeyPolicy'], { value: 'iam', statements: [0], conditions: [], delegated: false });
    assert.deepEqual(cell(mx, APP, 'kms:PutKeyPolicy'), { value: 'iam', statements: [0], conditions: [], delegated: true });
    assert.equal(cell(mx, APP, 'kms:ScheduleKeyDeletion').value, 'deny');
    assert.equal(cell(mx, SESSION, 'kms:ScheduleKeyDeletion').value, 'deny', 'a Deny to a role applies to its sessions');
    assert.equal(mx.summary, '1 admin · 1 can decrypt · public: no');
  });

  it('a negated operator on a missing key matches; a plain one does not', () => {
    const text = policy(
      allow({ AWS: APP, Service: 'logs.amazonaws.com' }, ['kms:Decrypt', 'kms:Encrypt']),
      deny('*', 'kms:Decrypt', { Condition: { StringNotEquals: { 'aws:PrincipalServiceName': 'logs.amazonaws.com' } } }),
      deny('*', 'kms:Encrypt', { Condition: { StringEquals: { 'aws:PrincipalServiceName': 'other.amazonaws.com' } } }),
    );
    const mx = matrix(text);
    assert.equal(cell(mx, APP, 'kms:Decrypt').value, 'deny', 'the key is absent for a role: StringNotEquals matches');
    assert.equal(cell(mx, 'logs.amazonaws.com', 'kms:Decrypt').value, 'allow');
    assert.equal(cell(mx, APP, 'kms:Encrypt').value, 'allow', 'StringEquals on an absent key does not match');
  });

  it('IfExists and the set qualifiers on a missing key', () => {
    const cond = (Condition: object) => m(allow({ AWS: APP }, 'kms:Decrypt', { Condition }));
    assert.equal(cell(cond({ StringEqualsIfExists: { 'aws:PrincipalServiceName': 'x.amazonaws.com' } }), APP, 'kms:Decrypt').value, 'allow');
    assert.equal(cell(cond({ StringEquals: { 'aws:PrincipalServiceName': 'x.amazonaws.com' } }), APP, 'kms:Decrypt').value, 'none');
    assert.equal(cell(cond({ 'ForAllValues:StringEquals': { 'aws:PrincipalServiceName': 'x' } }), APP, 'kms:Decrypt').value, 'allow');
    assert.equal(cell(cond({ 'ForAnyValue:StringEquals': { 'aws:PrincipalServiceName': 'x' } }), APP, 'kms:Decrypt').value, 'none');
    assert.equal(cell(cond({ Null: { 'aws:PrincipalServiceName': 'true' } }), APP, 'kms:Decrypt').value, 'allow');
  });

  it('ArnLike, StringLike, IgnoreCase and aws:PrincipalType against the row', () => {
    const cond = (Condition: object, who = APP) => cell(matrix(policy(allow('*', 'kms:Decrypt', { Condition })), [who]), who, 'kms:Decrypt').value;
    assert.equal(cond({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/A*' } }), 'allow');
    assert.equal(cond({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/B*' } }), 'none');
    assert.equal(cond({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/a*' } }), 'none', 'StringLike is case-sensitive');
    assert.equal(cond({ StringEqualsIgnoreCase: { 'aws:PrincipalArn': APP.toUpperCase() } }), 'allow');
    assert.equal(cond({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } }), 'none');
    assert.equal(cond({ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }), 'allow');
    assert.equal(cond({ StringEquals: { 'aws:PrincipalType': 'User' } }), 'none');
    assert.equal(cond({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } }), 'allow');
    // An assumed-role session is evaluated with its role's ARN.
    assert.equal(cond({ ArnEquals: { 'aws:PrincipalArn': APP } }, SESSION), 'allow');
  });

  it('aws:PrincipalArn patterns for "anyone in the account": every, none or some of its principal ARNs', () => {
    const ACCOUNT = '111122223333';
    const cond = (Condition: object) => cell(matrix(policy(allow('*', 'kms:Decrypt', { Condition })), [ACCOUNT]), ACCOUNT, 'kms:Decrypt').value;
    const like = (pattern: string) => cond({ ArnLike: { 'aws:PrincipalArn': pattern } });
    assert.equal(like('arn:aws:iam::111122223333:*'), 'allow');
    assert.equal(like('arn:aws:iam::111122223333:**'), 'allow');
    assert.equal(like('arn:aws:iam::444455556666:role/*'), 'none');
    assert.equal(like('arn:aws:iam::111122223333:role/*'), 'conditional');
    assert.equal(like('arn:aws:iam::111122223333:r*'), 'conditional', 'root and role/... both fit');
    assert.equal(like('arn:aws:sts::111122223333:federated-user/*'), 'conditional');
    // Shapes aws:PrincipalArn never has: groups, sessions (a session's is its role's ARN), a Region.
    assert.equal(like('arn:aws:iam::111122223333:group/*'), 'none');
    assert.equal(like('arn:aws:sts::111122223333:assumed-role/*'), 'none');
    assert.equal(like('arn:aws:iam:us-east-1:111122223333:role/*'), 'none');
    assert.equal(like('arn:aws:iam::111122223333:' + '*a'.repeat(5000) + 'b'), 'conditional');
    assert.equal(like('arn:aws:iam::111122223333:' + 'g*'.repeat(5000) + '/x'), 'none');
    assert.equal(cond({ StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:group/admins' } }), 'none');
  });

  it('other conditions keep the cell conditional and are listed', () => {
    const mx = m(allow({ AWS: APP }, 'kms:Decrypt', { Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }, ArnEquals: { 'aws:PrincipalArn': APP } } }));
    const d = cell(mx, APP, 'kms:Decrypt');
    assert.equal(d.value, 'conditional');
    assert.deepEqual(d.conditions, [{ statementIndex: 0, statement: '1', operator: 'StringEquals', key: 'kms:ViaService', values: ['s3.eu-west-1.amazonaws.com'], effect: 'Allow' }]);
  });

  it('what-if rows: the id is the string given', () => {
    const mx = matrix(CONSOLE_DEFAULT, ['arn:aws:iam::111122223333:user/bob', 'not a principal', '*']);
    const bob = mx.rows.find((r) => r.id === 'arn:aws:iam::111122223333:user/bob')!;
    assert.equal(bob.kind, 'what-if');
    assert.equal(bob.principalKind, 'user');
    assert.equal(bob.label, 'user/bob (111122223333) (what if)');
    assert.equal(bob.actions['kms:Decrypt'].value, 'iam');
    const junk = mx.rows.find((r) => r.id === 'not a principal')!;
    assert.equal(junk.principalKind, undefined);
    assert.ok(Object.values(junk.actions).every((d) => d.value === 'none'));
    assert.equal(mx.summary, '2 admins · 2 can decrypt · public: no', 'what-if rows are not counted');
  });

  it('summaries of the reference policies', () => {
    assert.equal(matrix(AWS_DEFAULT).summary, '1 admin · 1 can decrypt · public: no');
    const console = matrix(CONSOLE_DEFAULT);
    assert.equal(console.summary, '2 admins · 2 can decrypt · public: no');
    assert.deepEqual(console.rows.map((r) => r.label), [
      'anyone in account 111122223333 whose IAM policy allows it',
      'role/KeyAdmin (111122223333)',
      'role/KeyUser (111122223333)',
    ]);
    // The grant for persistent resources is conditional, but the root grant lets IAM allow it anyway.
    assert.equal(cell(console, 'arn:aws:iam::111122223333:role/KeyUser', 'kms:CreateGrant').value, 'iam');
  });

  it('labels accounts by their declared names', () => {
    const mx = matrix(AWS_DEFAULT, [], { accounts: { '111122223333': { name: 'payments-prod', stage: 'prod' } } });
    assert.equal(mx.rows[0].label, 'anyone in account payments-prod 111122223333 whose IAM policy allows it');
  });

  it('statements without Resource, or with an unknown Effect, decide nothing', () => {
    const mx = m({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt' }, { Effect: 'allow', Principal: { AWS: APP }, Action: 'kms:Encrypt', Resource: '*' });
    assert.ok(mx.rows.every((r) => Object.values(r.actions).every((d) => d.value === 'none')));
  });

  it('gives statement spans for revealing the deciding statements', () => {
    const text = policy(allow({ AWS: APP }, 'kms:Decrypt'), deny({ AWS: APP }, 'kms:Encrypt'));
    const mx = matrix(text);
    assert.equal(mx.statementSpans.length, 2);
    assert.match(text.slice(mx.statementSpans[1].start, mx.statementSpans[1].end), /^\{[\s\S]*"Deny"[\s\S]*\}$/);
  });

  it('Terraform values: templates match the same template, references are rows labelled by expression', () => {
    const acct = '${data.aws_caller_identity.current.account_id}';
    const text = policy(allow({ AWS: `arn:aws:iam::${acct}:root` }, 'kms:*'), allow({ AWS: [`arn:aws:iam::${acct}:role/app`, 'REF'] }, 'kms:Decrypt'));
    const source = parseJsonPolicy(text, 'aws_kms_key.app');
    // Mark the values as the Terraform extractor does: templates and a reference that is not a literal.
    const walk = (n: PNode): void => {
      if (n.kind === 'string' && n.value.includes('${')) n.template = true;
      if (n.kind === 'object') n.props.forEach((p) => walk(p.value));
      if (n.kind === 'array') n.items.forEach((item, i) => (item.kind === 'string' && item.value === 'REF' ? (n.items[i] = { kind: 'symbolic', expr: 'aws_iam_role.ops.arn', span: item.span }) : walk(item)));
    };
    walk(source.policy.root!);
    const mx = evaluate(source, { settings: DEFAULT_SETTINGS, whatIf: [`arn:aws:iam::${acct}:role/other`] });
    assert.deepEqual(mx.rows.map((r) => r.label), [
      'anyone in this account whose IAM policy allows it',
      'role/app (this account)',
      'aws_iam_role.ops.arn',
      'role/other (this account) (what if)',
    ]);
    assert.equal(mx.keyAccount, acct);
    assert.equal(mx.rows[1].actions['kms:Decrypt'].value, 'allow', 'same account template: not cross-account');
    assert.equal(mx.rows[1].actions['kms:Encrypt'].value, 'iam');
    assert.equal(mx.rows[2].kind, 'symbolic');
    assert.equal(mx.rows[2].actions['kms:Decrypt'].value, 'allow');
    assert.equal(mx.rows[3].actions['kms:Decrypt'].value, 'iam');
  });

  it('never throws on malformed policies', () => {
    for (const text of ['', '[]', '{"Statement": 5}', '{"Statement": [null, 1, {"Effect": "Allow", "Principal": {"AWS": 5}, "Action": {"x": 1}, "Resource": "*"}]}', '{"Statement": {"Effect": "Deny", "NotPrincipal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": 5}}}']) {
      const mx = matrix(text);
      assert.equal(typeof mx.summary, 'string');
    }
  });
});
