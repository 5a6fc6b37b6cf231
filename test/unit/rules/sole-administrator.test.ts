import { AWS_DEFAULT, CONSOLE_DEFAULT } from '../../fixtures/policies';
import { ADMIN, APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';

const allow = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });
const USER = 'arn:aws:iam::111122223333:user/alice';

ruleTable('sole-administrator', {
  valid: [
    AWS_DEFAULT,
    CONSOLE_DEFAULT,
    { name: 'two administrator roles', code: policy(allow({ AWS: ADMIN }, 'kms:*'), allow({ AWS: 'arn:aws:iam::111122223333:role/BreakGlass' }, 'kms:PutKeyPolicy')) },
    { name: 'the account root keeps it beside the role', code: policy(allow({ AWS: [ADMIN, ROOT] }, 'kms:PutKeyPolicy'), allow({ AWS: APP }, 'kms:Decrypt')) },
    { name: 'the root user alone keeps it (it cannot be deleted)', code: policy(allow({ AWS: ROOT }, 'kms:*', { Condition: { ArnEquals: { 'aws:PrincipalArn': ROOT } } })) },
    { name: 'nobody keeps it (lockout-risk reports that)', code: policy(allow({ AWS: APP }, 'kms:Decrypt')) },
    { name: 'a lone statement is not the whole policy', code: JSON.stringify(allow({ AWS: ADMIN }, 'kms:*'), null, 2) },
  ],
  invalid: [
    {
      name: 'one role administers',
      code: policy(allow({ AWS: ADMIN }, 'kms:*'), allow({ AWS: APP }, 'kms:Decrypt')),
      errors: [{ severity: 'warning', text: JSON.stringify(ADMIN), messageIncludes: 'Only role/KeyAdmin (111122223333) can call kms:PutKeyPolicy, and the account root is not granted: if that role is deleted' }],
    },
    {
      name: 'one IAM user administers',
      code: policy(allow({ AWS: USER }, ['kms:PutKeyPolicy', 'kms:DescribeKey'])),
      errors: [{ text: JSON.stringify(USER), messageIncludes: 'if that user is deleted' }],
    },
    {
      name: 'Terraform: the deploying identity alone administers',
      path: 'main.tf',
      code: `data "aws_caller_identity" "current" {}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = data.aws_caller_identity.current.arn }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "${APP}" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}
`,
      errors: [{ text: 'data.aws_caller_identity.current.arn', messageIncludes: 'if the identity that deploys it (data.aws_caller_identity) is deleted' }],
    },
  ],
});
