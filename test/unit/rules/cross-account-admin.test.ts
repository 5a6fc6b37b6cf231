import { AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';
import { APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';

const allow = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });
const OTHER_ROOT = 'arn:aws:iam::444455556666:root';
const OTHER_ROLE = 'arn:aws:iam::444455556666:role/ops';
const USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

ruleTable('cross-account-admin', {
  valid: [
    AWS_DEFAULT,
    CONSOLE_DEFAULT,
    K9_LEAST_PRIVILEGE,
    {
      name: 'the AWS pattern for sharing a key with another account',
      code: policy(
        allow({ AWS: ROOT }, 'kms:*'),
        allow({ AWS: OTHER_ROOT }, USE),
        allow({ AWS: OTHER_ROOT }, ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], { Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } }),
      ),
    },
    { name: 'cross-account Decrypt alone', code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: OTHER_ROLE }, 'kms:Decrypt')) },
    { name: 'another account, denied', code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: OTHER_ROLE }, 'kms:*'), { Effect: 'Deny', Principal: { AWS: OTHER_ROLE }, Action: 'kms:*', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'a role of another account may change the policy',
      code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: OTHER_ROLE }, ['kms:PutKeyPolicy', 'kms:Decrypt'])),
      errors: [{ severity: 'warning', text: JSON.stringify(OTHER_ROLE), messageIncludes: 'role/ops (444455556666) is in another account than the key (111122223333) and may administer it: kms:PutKeyPolicy (statement 2)' }],
    },
    {
      name: 'another account root with kms:*',
      code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: [OTHER_ROOT] }, 'kms:*')),
      errors: [{ text: JSON.stringify(OTHER_ROOT), messageIncludes: 'anyone in account 444455556666 whose IAM policy allows it is in another account' }],
    },
    {
      name: 'unconditional CreateGrant to another account',
      code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: OTHER_ROLE }, 'kms:CreateGrant')),
      errors: [{ text: JSON.stringify(OTHER_ROLE), messageIncludes: 'kms:CreateGrant' }],
    },
    {
      name: 'no root: the key account is the one most principals belong to',
      code: policy(allow({ AWS: [APP, 'arn:aws:iam::111122223333:role/Admin'] }, 'kms:PutKeyPolicy'), allow({ AWS: OTHER_ROLE }, 'kms:DisableKey')),
      errors: [{ text: JSON.stringify(OTHER_ROLE), messageIncludes: 'kms:DisableKey' }],
    },
  ],
});
