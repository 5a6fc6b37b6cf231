import { ADMIN, APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';
import { CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';

const rootStmt = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const grant = (Principal: unknown, Action: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });
const grants = ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'];
const isForAws = { Bool: { 'kms:GrantIsForAWSResource': 'true' } };

const policyDocument = (grantCondition: string) => `data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  statement {
    actions   = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/App"]
    }${grantCondition}
  }
}

resource "aws_kms_key" "app" {
  policy = data.aws_iam_policy_document.key.json
}
`;
const docCondition = `
    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }`;

ruleTable('grant-without-aws-resource', {
  valid: [
    CONSOLE_DEFAULT,
    K9_LEAST_PRIVILEGE,
    { name: 'the root may', code: policy(rootStmt) },
    { name: 'with the condition', code: policy(rootStmt, grant({ AWS: APP }, grants, { Condition: isForAws })) },
    { name: 'BoolIfExists, boolean true', code: policy(rootStmt, grant({ AWS: APP }, 'kms:CreateGrant', { Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': true } } })) },
    { name: 'an administrator (PutKeyPolicy elsewhere) is exempt', code: policy(rootStmt, grant({ AWS: ADMIN }, ['kms:PutKeyPolicy']), grant({ AWS: ADMIN }, ['kms:Create*'])) },
    { name: 'only through a named service', code: policy(rootStmt, grant({ AWS: APP }, 'kms:CreateGrant', { Condition: { StringEquals: { 'kms:ViaService': 'geo.us-west-2.amazonaws.com' } } })) },
    { name: 'the grantee is named', code: policy(rootStmt, grant({ AWS: APP }, 'kms:CreateGrant', { Condition: { StringEquals: { 'kms:GranteePrincipal': 'arn:aws:iam::111122223333:role/Worker' } } })) },
    { name: 'Deny', code: policy(rootStmt, { Effect: 'Deny', Principal: { AWS: APP }, Action: 'kms:CreateGrant', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'Terraform aws_iam_policy_document: a condition block is added',
      path: 'main.tf',
      code: policyDocument(''),
      errors: [{ text: '"kms:CreateGrant"' }],
      output: policyDocument(docCondition),
    },
    {
      name: 'grant actions only: the condition is added',
      code: policy(rootStmt, grant({ AWS: APP }, grants)),
      errors: [{ line: 18, text: '"kms:CreateGrant"', messageIncludes: `${APP} may create grants` }],
      output: policy(rootStmt, grant({ AWS: APP }, grants, { Condition: isForAws })),
    },
    {
      name: 'merged into an existing Bool operator',
      code: policy(rootStmt, grant({ AWS: APP }, 'kms:CreateGrant', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
      output: policy(rootStmt, grant({ AWS: APP }, 'kms:CreateGrant', { Condition: { Bool: { 'aws:SecureTransport': 'true', 'kms:GrantIsForAWSResource': 'true' } } })),
    },
    {
      name: 'a false value is turned to true',
      code: policy(rootStmt, grant({ AWS: APP }, grants, { Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } } })),
      output: policy(rootStmt, grant({ AWS: APP }, grants, { Condition: isForAws })),
    },
    {
      name: 'with Decrypt in the statement: CreateGrant moves to a statement of its own',
      code: policy(rootStmt, grant({ AWS: APP }, ['kms:Decrypt', 'kms:CreateGrant'])),
      errors: [{ text: '"kms:CreateGrant"' }],
      output: policy(rootStmt, grant({ AWS: APP }, ['kms:Decrypt']), grant({ AWS: APP }, 'kms:CreateGrant', { Condition: isForAws })),
    },
    {
      name: 'limiting grant operations is not enough (AWS KMS guide example)',
      code: policy(rootStmt, grant({ AWS: 'arn:aws:iam::111122223333:user/ExampleUser' }, 'kms:CreateGrant', { Condition: { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'ReEncryptTo'] } } })),
      errors: [{ text: '"kms:CreateGrant"' }],
    },
    { name: 'via a wildcard, no safe fix', code: policy(rootStmt, grant({ AWS: APP }, ['kms:Decrypt', 'kms:Create*'])), errors: [{ text: '"kms:Create*"' }] },
    { name: 'kms:* on a role (not taken as a deliberate administrator)', code: policy(rootStmt, grant({ AWS: APP }, 'kms:*', {})), errors: [{ text: '"kms:*"' }] },
    { name: 'an admin and a user share the statement: the user is named', code: policy(rootStmt, grant({ AWS: ADMIN }, 'kms:PutKeyPolicy'), grant({ AWS: [ADMIN, APP] }, grants)), errors: [{ messageIncludes: `${APP} may` }] },
  ],
});
