import { AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';
import { ADMIN, APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';

const allow = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });

ruleTable('admin-and-user', {
  valid: [
    AWS_DEFAULT,
    CONSOLE_DEFAULT,
    K9_LEAST_PRIVILEGE,
    { name: 'the account root is not one principal', code: policy(allow({ AWS: ROOT }, 'kms:*')) },
    { name: 'Decrypt only through root delegation', code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: ADMIN }, 'kms:PutKeyPolicy')) },
    { name: 'CreateGrant for AWS resources is not administration', code: policy(allow({ AWS: APP }, ['kms:Decrypt', 'kms:CreateGrant'], { Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } })) },
    { name: 'Decrypt denied to the admin', code: policy(allow({ AWS: ADMIN }, 'kms:*'), { Effect: 'Deny', Principal: { AWS: ADMIN }, Action: 'kms:Decrypt', Resource: '*' }) },
    { name: 'public grants are public-principal\'s concern', code: policy(allow('*', 'kms:*')) },
    { name: 'a service named for signing is not an admin because "*" has kms:*', code: policy(allow({ Service: 'dnssec-route53.amazonaws.com' }, ['kms:Sign', 'kms:Decrypt']), allow({ AWS: '*' }, 'kms:*')) },
    {
      name: 'Terraform: an account root written with expressions',
      path: 'main.tf',
      code: 'resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }, Action = "kms:*", Resource = "*" }] })\n}\n',
    },
    { name: 'Terraform: a reference that names a root', path: 'main.tf', code: 'resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = local.main_account.root }, Action = "kms:*", Resource = "*" }] })\n}\n' },
  ],
  invalid: [
    {
      name: 'kms:* to a role',
      code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: APP }, 'kms:*')),
      errors: [{ severity: 'info', line: 15, text: JSON.stringify(APP), messageIncludes: 'role/App (111122223333) both administers this key (kms:PutKeyPolicy, statement 2) and decrypts with it (kms:Decrypt, statement 2)' }],
    },
    {
      name: 'admin and user statements naming the same role',
      code: policy(allow({ AWS: [ADMIN] }, ['kms:Put*', 'kms:Describe*']), allow({ AWS: [APP, ADMIN] }, ['kms:Decrypt', 'kms:Encrypt'])),
      errors: [{ line: 8, text: JSON.stringify(ADMIN), messageIncludes: '(kms:PutKeyPolicy, statement 1) and decrypts with it (kms:Decrypt, statement 2)' }],
    },
    {
      name: 'statements named by their Sid when they have one, else by their 1-based number',
      code: policy(allow({ AWS: [ADMIN] }, ['kms:Put*', 'kms:Describe*'], { Sid: 'Key admins' }), allow({ AWS: [APP, ADMIN] }, ['kms:Decrypt', 'kms:Encrypt'])),
      errors: [{ text: JSON.stringify(ADMIN), messageIncludes: '(kms:PutKeyPolicy, statement "Key admins") and decrypts with it (kms:Decrypt, statement 2)' }],
    },
    {
      name: 'Terraform: a role reference with kms:*',
      path: 'main.tf',
      code: 'resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = [aws_iam_role.ci.arn] }, Action = "kms:*", Resource = "*" }] })\n}\n',
      errors: [{ text: 'aws_iam_role.ci.arn', messageIncludes: 'aws_iam_role.ci.arn (AWS principal) both administers this key' }],
    },
    {
      name: 'unconditional CreateGrant and Decrypt',
      code: policy(allow({ AWS: APP }, ['kms:Decrypt', 'kms:CreateGrant'])),
      errors: [{ text: JSON.stringify(APP), messageIncludes: 'kms:CreateGrant' }],
    },
  ],
});
