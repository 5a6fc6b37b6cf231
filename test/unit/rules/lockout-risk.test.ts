import { AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';
import { ADMIN, APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';

const allow = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });
const deny = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Deny', Principal, Action, Resource: '*', ...extra });
const DEPLOYER = 'arn:aws:iam::111122223333:role/deployer';

ruleTable('lockout-risk', {
  valid: [
    AWS_DEFAULT,
    CONSOLE_DEFAULT,
    K9_LEAST_PRIVILEGE,
    { name: 'an administrator role keeps it, no root', code: policy(allow({ AWS: ADMIN }, ['kms:PutKeyPolicy', 'kms:DescribeKey']), allow({ AWS: APP }, 'kms:Decrypt')) },
    { name: 'the admin is exempt from a DenyEveryoneElse', code: policy(allow({ AWS: ADMIN }, 'kms:*'), deny('*', 'kms:PutKeyPolicy', { Condition: { ArnNotEquals: { 'aws:PrincipalArn': ADMIN } } })) },
    { name: 'the deployer keeps it through root delegation', code: AWS_DEFAULT, settings: { deployerArn: DEPLOYER } },
    { name: 'the root user alone keeps it', code: policy(allow({ AWS: ROOT }, 'kms:*', { Condition: { ArnEquals: { 'aws:PrincipalArn': ROOT } } }), allow({ AWS: APP }, 'kms:Decrypt')) },
    { name: 'the deployer is named', code: policy(allow({ AWS: DEPLOYER }, 'kms:*')), settings: { deployerArn: DEPLOYER } },
    { name: 'a documentation excerpt (lone statement) is not the whole policy', code: JSON.stringify(allow({ AWS: APP }, 'kms:Decrypt'), null, 2) },
    { name: 'a guide\'s placeholder account keeps it through root delegation', code: policy(allow({ AWS: 'arn:aws:iam::YOUR_ACCOUNT_ID:root' }, 'kms:*')) },
    { name: 'so does a serverless-pseudo-parameters account', code: policy(allow({ AWS: 'arn:aws:iam::#{AWS::AccountId}:root' }, 'kms:*')) },
    { name: 'a misspelt action may be the intended grant (unknown-action reports it)', code: policy(allow({ AWS: ROOT }, 'kms:PutKeyPolicyy')) },
    {
      name: 'Terraform: a dynamic statement may hold the administrators',
      path: 'main.tf',
      code: `data "aws_iam_policy_document" "key" {
  dynamic "statement" {
    for_each = var.admins
    content {
      actions   = ["kms:*"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = [statement.value]
      }
    }
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["${APP}"]
    }
  }
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}
`,
    },
    { name: 'Terraform: the administrators are a variable', path: 'main.tf', code: `resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = var.admin_arns }, Action = "kms:*", Resource = "*" }] })\n}\n` },
    { name: 'a placeholder account root with kms:* (the placeholder is reported by invalid-principal)', code: policy(allow({ AWS: 'arn:aws:iam::<ACCOUNT_ID>:root' }, 'kms:*')) },
    {
      name: 'the deployer, when the root is granted through an expression',
      path: 'main.tf',
      settings: { deployerArn: DEPLOYER },
      code: 'variable "account_id" { type = string }\nresource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }, Action = "kms:*", Resource = "*" }] })\n}\n',
    },
    { name: 'the deployer, on a key of another account (a vendored policy)', settings: { deployerArn: 'arn:aws:iam::444455556666:role/deployer' }, code: K9_LEAST_PRIVILEGE },
    { name: 'an identity policy is not a key policy', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}' },
  ],
  invalid: [
    {
      name: 'only key users',
      code: policy(allow({ AWS: APP }, ['kms:Decrypt', 'kms:Encrypt'])),
      errors: [{ text: '"Statement"', messageIncludes: 'no statement allows it, and the account root is not granted' }],
    },
    {
      name: 'the fix adds the AWS default root statement for the account the policy names',
      code: policy(allow({ AWS: APP }, ['kms:Decrypt', 'kms:Encrypt'])),
      fixes: ['Suggestion: add the AWS default statement: "kms:*" to the root of account 111122223333, named elsewhere in this policy (IAM policies of account 111122223333 may then grant any KMS action on this key, kms:PutKeyPolicy included)'],
      fixKind: 'suggestion',
      introduces: ['root-delegation'],
      output: policy(allow({ AWS: APP }, ['kms:Decrypt', 'kms:Encrypt']), { Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }),
    },
    {
      name: 'a Deny to everyone removes it',
      code: policy(allow({ AWS: ROOT }, 'kms:*'), deny('*', ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'])),
      errors: [{ line: 16, text: '"kms:PutKeyPolicy"', messageIncludes: 'it is denied to anyone in account 111122223333 whose IAM policy allows it by statement 2' }],
    },
    {
      name: 'only under an MFA condition',
      code: policy(allow({ AWS: ADMIN }, 'kms:PutKeyPolicy', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), allow({ AWS: APP }, 'kms:Decrypt')),
      errors: [{ text: '"aws:MultiFactorAuthPresent"', messageIncludes: 'role/KeyAdmin (111122223333) is allowed it only under conditions (Allow if Bool aws:MultiFactorAuthPresent true (statement 1))' }],
    },
    {
      name: 'NotPrincipal + Deny without the account ARN denies the admin too',
      code: policy(allow({ AWS: ADMIN }, 'kms:*'), { Effect: 'Deny', NotPrincipal: { AWS: ADMIN }, Action: 'kms:*', Resource: '*' }),
      errors: [{ text: '"kms:*"', messageIncludes: 'denied to role/KeyAdmin (111122223333) by statement 2' }],
    },
    {
      name: 'the deployer is caught by DenyEveryoneElse',
      code: K9_LEAST_PRIVILEGE,
      settings: { deployerArn: DEPLOYER },
      errors: [{ line: 92, text: '"kms:*"', messageIncludes: `The deployer ${DEPLOYER} (keyscope.deployerArn) could not call kms:PutKeyPolicy after this policy: it is denied to the deployer by statement "DenyEveryoneElse". KMS rejects` }],
    },
    {
      name: 'Terraform jsonencode with only a key user',
      path: 'main.tf',
      code: `resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = aws_iam_role.app.arn }, Action = ["kms:Decrypt"], Resource = "*" }] })\n}\n`,
      errors: [{ text: 'Statement', messageIncludes: 'no statement allows it' }],
    },
    {
      name: 'the deployer is not granted',
      code: policy(allow({ AWS: ADMIN }, 'kms:*')),
      settings: { deployerArn: DEPLOYER },
      errors: [{ text: '"Statement"', messageIncludes: 'is not granted it' }],
    },
  ],
});
