import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../server/src/policy/json-writer';
import { addConditionOps } from '../../../server/src/rules/fix/condition-ops';
import { callerNarrowing, resultWhenAbsent, sourceScope } from '../../../server/src/policy/conditions';
import { parseJsonPolicy } from '../../../server/src/policy/json';
import { classifyPrincipals } from '../../../server/src/policy/principal-kind';
import { conditionEntries } from '../../../server/src/policy/values';

const stmt = (s: object) => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', ...s }] }, null, 2);
  const src = parseJsonPolicy(text, 'p.json');
  return { text, src, s: src.policy.statements[0] };
};
const absent = (Condition: object) => resultWhenAbsent(conditionEntries(stmt({ Condition }).s)[0]);

describe('condition analysis', () => {
  it('tells what a test gives on a missing key', () => {
    assert.equal(absent({ StringEquals: { 'kms:ViaService': 'x' } }), false);
    assert.equal(absent({ StringNotEquals: { 'kms:ViaService': 'x' } }), true);
    assert.equal(absent({ StringEqualsIfExists: { 'kms:ViaService': 'x' } }), true);
    assert.equal(absent({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'x' } }), true);
    assert.equal(absent({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'x' } }), false);
    assert.equal(absent({ Null: { 'kms:ViaService': 'true' } }), true);
    assert.equal(absent({ Null: { 'kms:ViaService': false } }), false);
    assert.equal(absent({ Bogus: { 'kms:ViaService': 'x' } }), undefined);
  });

  it('finds caller narrowing and source scope', () => {
    assert.ok(callerNarrowing(stmt({ Condition: { StringEquals: { 'KMS:CallerAccount': '111122223333' } } }).s), 'keys are case-insensitive');
    assert.equal(callerNarrowing(stmt({ Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }).s), undefined);
    assert.ok(sourceScope(stmt({ Condition: { StringLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*:111122223333:log-group:*' } } }).s));
    assert.equal(sourceScope(stmt({ Condition: { StringLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:*:*:*' } } }).s), undefined);
  });
});

describe('addConditionOps', () => {
  const apply = (s: object) => {
    const { text, src, s: st } = stmt(s);
    const ops = addConditionOps(st, 'Bool', 'kms:GrantIsForAWSResource', 'true');
    return ops && JSON.parse(applyEdits(text, src.writer.write(ops)!)).Statement[0].Condition;
  };
  it('adds, merges and replaces', () => {
    assert.deepEqual(apply({}), { Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    assert.deepEqual(apply({ Condition: { StringEquals: { 'kms:CallerAccount': '1' } } }), { StringEquals: { 'kms:CallerAccount': '1' }, Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    assert.deepEqual(apply({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), { Bool: { 'aws:SecureTransport': 'true', 'kms:GrantIsForAWSResource': 'true' } });
    assert.deepEqual(apply({ Condition: { Bool: { 'kms:grantisforawsresource': 'false' } } }), { Bool: { 'kms:grantisforawsresource': 'true' } });
    assert.deepEqual(apply({ Condition: {} }), { Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  });
  it('declines what it cannot merge into', () => {
    assert.equal(apply({ Condition: 'nonsense' }), undefined);
    assert.equal(apply({ Condition: { Bool: ['x'] } }), undefined);
  });
});

describe('classifyPrincipals', () => {
  const kinds = (Principal: unknown) => classifyPrincipals(stmt({ Principal }).s.principal).map((p) => `${p.kind}${p.account ? `@${p.account}` : ''}${p.roleName ? `/${p.roleName}` : ''}`);
  it('reads the forms people write', () => {
    assert.deepEqual(kinds('*'), ['public']);
    assert.deepEqual(kinds({ AWS: ['111122223333', 'arn:aws-cn:iam::111122223333:root', 'arn:aws:iam::111122223333:role/ops/Admin'] }), ['account@111122223333', 'account@111122223333', 'role@111122223333/Admin']);
    assert.deepEqual(kinds({ AWS: 'arn:aws:sts::111122223333:assumed-role/Ops/alice', Service: 'logs.amazonaws.com' }), ['session@111122223333/Ops', 'service']);
  });
  it('keeps the kind of placeholder and template ARNs, and gives up on the rest', () => {
    assert.deepEqual(kinds({ AWS: ['arn:aws:iam::YOUR_ACCOUNT_ID:root', 'arn:aws:iam::${account_id}:role/App', '${role_arn}', 'foo'] }), ['account', 'role/App', 'symbolic', 'invalid']);
  });
});
