import { APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';
import { AWS_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';

const rootStmt = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const grant = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });
const user = 'arn:aws:iam::111122223333:user/alice';
const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
const denyWithoutMfa = (Action: unknown, operator = 'BoolIfExists') => ({
  Sid: 'DenyDestructiveWithoutMFA',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action,
  Resource: '*',
  Condition: { [operator]: { 'aws:MultiFactorAuthPresent': 'false' } },
});

ruleTable('mfa-for-destructive', {
  valid: [
    AWS_DEFAULT,
    K9_LEAST_PRIVILEGE,
    { name: 'with MFA', code: policy(rootStmt, grant({ AWS: user }, ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'], mfa)) },
    { name: 'BoolIfExists counts', code: policy(rootStmt, grant({ AWS: user }, 'kms:DisableKey', { Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } })) },
    { name: 'a workload role', code: policy(rootStmt, grant({ AWS: APP }, 'kms:*')) },
    { name: 'a person, but nothing destructive', code: policy(rootStmt, grant({ AWS: user }, ['kms:Decrypt', 'kms:DescribeKey'])) },
    { name: 'services, root and "*" are not people', code: policy(grant({ AWS: ROOT }, 'kms:ScheduleKeyDeletion'), grant({ Service: 'ec2.amazonaws.com' }, 'kms:DisableKey')) },
    {
      name: 'an explicit Deny without MFA (BoolIfExists false) protects the actions',
      code: policy(rootStmt, grant({ AWS: user }, ['kms:Decrypt', 'kms:ScheduleKeyDeletion', 'kms:DisableKey']), denyWithoutMfa(['kms:ScheduleKeyDeletion', 'kms:DisableKey'])),
    },
    { name: 'the Deny may name the actions by wildcard', code: policy(rootStmt, grant({ AWS: user }, ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion']), denyWithoutMfa(['kms:Put*', 'kms:Schedule*'])) },
    { name: 'a Deny is not a grant', code: policy(rootStmt, { Effect: 'Deny', Principal: { AWS: user }, Action: 'kms:ScheduleKeyDeletion', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'an IAM user',
      code: policy(rootStmt, grant({ AWS: user }, ['kms:Decrypt', 'kms:ScheduleKeyDeletion'])),
      errors: [{ line: 15, severity: 'info', text: JSON.stringify(user), messageIncludes: 'an IAM user and may call kms:ScheduleKeyDeletion' }],
    },
    {
      name: 'an admin role through a wildcard',
      code: policy(rootStmt, grant({ AWS: 'arn:aws:iam::111122223333:role/KeyAdmin' }, ['kms:Put*', 'kms:Disable*'])),
      errors: [{ text: '"arn:aws:iam::111122223333:role/KeyAdmin"', messageIncludes: 'kms:PutKeyPolicy, kms:DisableKey' }],
    },
    {
      name: 'an IAM Identity Center role and a session',
      code: policy(rootStmt, grant({ AWS: ['arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Ops_1234', 'arn:aws:sts::111122223333:assumed-role/Ops/bob'] }, 'kms:DeleteImportedKeyMaterial')),
      errors: [{ messageIncludes: 'AWSReservedSSO_Ops_1234' }, { messageIncludes: 'an assumed-role session' }],
    },
    {
      name: 'only the actions the MFA Deny leaves out are reported',
      code: policy(rootStmt, grant({ AWS: user }, ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion']), denyWithoutMfa('kms:ScheduleKeyDeletion')),
      errors: [{ text: JSON.stringify(user), messageIncludes: 'may call kms:PutKeyPolicy without multi-factor authentication' }],
    },
    {
      name: 'a Deny with Bool (not BoolIfExists) false leaves requests signed with access keys open',
      code: policy(rootStmt, grant({ AWS: user }, 'kms:ScheduleKeyDeletion'), denyWithoutMfa('kms:ScheduleKeyDeletion', 'Bool')),
      errors: [{ text: JSON.stringify(user), messageIncludes: 'may call kms:ScheduleKeyDeletion' }],
    },
    { name: 'MFA false does not count', code: policy(rootStmt, grant({ AWS: user }, 'kms:PutKeyPolicy', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })), errors: [{ text: JSON.stringify(user) }] },
  ],
});
