import { APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';
import { CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';

const rootStmt = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const st = (Effect: string, Action: unknown, Condition: object) => ({ Effect, Principal: { AWS: APP }, Action, Resource: '*', Condition });
const gifar = (op = 'Bool', v = 'true') => ({ [op]: { 'kms:GrantIsForAWSResource': v } });
const ec = { StringEquals: { 'kms:EncryptionContext:tenant': 'a' } };

ruleTable('condition-never-present', {
  valid: [
    CONSOLE_DEFAULT,
    K9_LEAST_PRIVILEGE,
    { name: 'grant actions carry GrantIsForAWSResource', code: policy(rootStmt, st('Allow', ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], gifar())) },
    { name: 'encryption context on crypto operations', code: policy(rootStmt, st('Allow', ['kms:Decrypt', 'kms:GenerateDataKey'], ec)) },
    { name: 'global keys are not judged', code: policy(rootStmt, st('Allow', 'kms:DescribeKey', { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:SourceVpce': 'vpce-1' } })) },
    { name: 'a wildcard covering some actions that carry the key', code: policy(rootStmt, st('Allow', 'kms:*', ec)) },
    { name: 'kms:CallerAccount on every key action', code: policy(rootStmt, st('Deny', ['kms:PutKeyPolicy', 'kms:Decrypt'], { StringNotEquals: { 'kms:CallerAccount': '111122223333' } })) },
    { name: 'NotAction is not judged', code: policy(rootStmt, { Effect: 'Deny', Principal: { AWS: APP }, NotAction: 'kms:Decrypt', Resource: '*', Condition: gifar() }) },
  ],
  invalid: [
    {
      name: 'Allow: GrantIsForAWSResource on PutKeyPolicy can never apply',
      code: policy(rootStmt, st('Allow', ['kms:PutKeyPolicy', 'kms:CreateGrant'], gifar())),
      errors: [{ line: 24, text: '"kms:GrantIsForAWSResource"', messageIncludes: 'This Allow can never apply to kms:PutKeyPolicy' }],
    },
    {
      name: 'Deny: never protects',
      code: policy(rootStmt, st('Deny', 'kms:ScheduleKeyDeletion', { StringEquals: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com', 'kms:EncryptionContext:tenant': 'a' } })),
      errors: [{ text: '"kms:EncryptionContext:tenant"', messageIncludes: 'This Deny never protects kms:ScheduleKeyDeletion' }],
    },
    {
      name: 'Deny with a negated operator applies unconditionally',
      code: policy(rootStmt, st('Deny', ['kms:Decrypt', 'kms:DescribeKey'], { StringNotEquals: { 'kms:EncryptionContext:tenant': 'a' } })),
      errors: [{ messageIncludes: 'This Deny applies to kms:DescribeKey unconditionally' }],
    },
    {
      name: 'Allow with IfExists does not restrict',
      code: policy(rootStmt, st('Allow', ['kms:Decrypt', 'kms:DescribeKey'], { StringEqualsIfExists: { 'kms:EncryptionContext:tenant': 'a' } })),
      errors: [{ messageIncludes: 'does not restrict kms:DescribeKey' }],
    },
    {
      name: 'Null "false" requires the key: never applies',
      code: policy(rootStmt, st('Allow', ['kms:Decrypt', 'kms:DescribeKey'], { Null: { 'kms:EncryptionContextKeys': 'false' } })),
      errors: [{ text: '"kms:EncryptionContextKeys"', messageIncludes: 'This Allow can never apply to kms:DescribeKey' }],
    },
    {
      name: 'one report per key, listing the actions; a wildcard whose actions all lack the key',
      code: policy(rootStmt, st('Allow', ['kms:Describe*', 'kms:Get*'], { StringEquals: { 'kms:GrantIsForAWSResource': 'true' }, StringLike: { 'kms:GrantIsForAWSResource': 't*' } })),
      errors: [{ messageIncludes: 'kms:DescribeKey, kms:GetKeyLastUsage, kms:GetKeyPolicy' }],
    },
  ],
});
