import { hclStatement, jsonencodeKey } from '../../fixtures/terraform-key';
import { APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';

const use = ['kms:Encrypt', 'kms:Decrypt'];
const pub = (extra: object = {}, Principal: unknown = '*') => ({ Effect: 'Allow', Principal, Action: use, Resource: '*', ...extra });
const cond = (Condition: object) => ({ Condition });
/** A key whose root statement writes its account as `${var.account_id}`. */
const exprKey = (statements: string) => 'variable "account_id" { type = string }\n' + jsonencodeKey(statements).replace('arn:aws:iam::111122223333:root', 'arn:aws:iam::${var.account_id}:root');
const rootStmt = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };

ruleTable('public-principal', {
  valid: [
    policy(rootStmt),
    { name: 'kms:CallerAccount', code: policy(pub(cond({ StringEquals: { 'kms:CallerAccount': '111122223333' } }))) },
    { name: 'org id', code: policy(pub(cond({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }), { AWS: '*' })) },
    { name: 'principal ARN with a wildcard role name in one account', code: policy(pub(cond({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app-*' } }))) },
    { name: 'IfExists on a key every request carries', code: policy(pub(cond({ StringEqualsIfExists: { 'kms:CallerAccount': '111122223333' } }))) },
    { name: 'AWS-managed key pattern: CallerAccount + ViaService', code: policy(pub(cond({ StringEquals: { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com', 'kms:CallerAccount': '111122223333' } }), { AWS: '*' })) },
    { name: 'Deny to everyone is never public', code: policy(rootStmt, { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }) },
    {
      name: 'a DenyEveryoneElse statement guards the Allow',
      code: policy(rootStmt, pub(), { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*', Condition: { ArnNotEquals: { 'aws:PrincipalArn': [APP, ROOT] } } }),
    },
    { name: 'an empty value list admits nobody (k9 generator)', code: policy(pub(cond({ ArnEquals: { 'aws:PrincipalArn': [] } }), { AWS: '*' })) },
    { name: 'service principal is not "*"', code: policy(pub({}, { Service: 'logs.eu-west-1.amazonaws.com' })) },
    { name: 'identity policy', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}' },
  ],
  invalid: [
    {
      name: 'Terraform jsonencode: the condition is written in HCL',
      path: 'main.tf',
      code: jsonencodeKey(hclStatement('Effect    = "Allow"', 'Principal = "*"', 'Action    = ["kms:Encrypt", "kms:Decrypt"]', 'Resource  = "*"')),
      errors: [{ text: '"*"' }],
      output: jsonencodeKey(
        hclStatement('Effect    = "Allow"', 'Principal = "*"', 'Action    = ["kms:Encrypt", "kms:Decrypt"]', 'Resource  = "*"', 'Condition = {', '  StringEquals = {', '    "kms:CallerAccount" = "111122223333"', '  }', '}'),
      ),
    },
    {
      name: 'bare "*": add kms:CallerAccount (account from the other principals)',
      code: policy(rootStmt, pub()),
      errors: [{ line: 14, text: '"*"', messageIncludes: 'Public key' }],
      output: policy(rootStmt, pub(cond({ StringEquals: { 'kms:CallerAccount': '111122223333' } }))),
    },
    {
      name: 'bare "*": replace with the account root',
      code: policy(rootStmt, pub()),
      fix: 'Suggestion: replace "*" with the root of account 111122223333, named elsewhere in this policy (only principals of account 111122223333 whose IAM policy allows it keep this access)',
      output: policy(rootStmt, pub({}, { AWS: ROOT })),
    },
    {
      // Checkov's CKV_AWS_33 (Terraform) passes any statement that has a Condition; a ViaService condition does not
      // narrow the caller (anyone in any account can call through EC2), so we report it.
      name: 'a condition that does not narrow the caller (Checkov would pass it): merged into the same operator',
      code: policy(pub(cond({ StringEquals: { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' } }), { AWS: '*' })),
      errors: [{ text: '"*"' }],
      settings: { accounts: { '444455556666': { name: 'prod' } } },
      output: policy(pub(cond({ StringEquals: { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com', 'kms:CallerAccount': '444455556666' } }), { AWS: '*' })),
    },
    {
      name: '"*" in a list, account from another principal',
      code: policy(pub({}, { AWS: ['*', 'arn:aws:iam::444455556666:role/Other'] })),
      errors: [{ text: '"*"' }],
      fix: 'Suggestion: replace "*" with the root of account 444455556666, named elsewhere in this policy (only principals of account 444455556666 whose IAM policy allows it keep this access)',
      introduces: ['root-delegation'],
      output: policy(pub({}, { AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::444455556666:role/Other'] })),
    },
    { name: 'no account known: no fix, never an example account', code: policy(pub({}, { AWS: ['*'] })), errors: [{ text: '"*"' }], fixes: [] },
    {
      name: 'Terraform: the account as the module writes it (an expression), kept as an interpolation',
      path: 'main.tf',
      code: exprKey(hclStatement('Effect    = "Allow"', 'Principal = "*"', 'Action    = ["kms:Decrypt"]', 'Resource  = "*"')),
      errors: [{ text: '"*"' }],
      fix: 'Suggestion: replace "*" with the root of account ${var.account_id}, as this policy writes it (only principals of account ${var.account_id} whose IAM policy allows it keep this access)',
      introduces: ['root-delegation'],
      output: exprKey(hclStatement('Effect    = "Allow"', 'Principal = {', '  AWS = "arn:aws:iam::${var.account_id}:root"', '}', 'Action    = ["kms:Decrypt"]', 'Resource  = "*"')),
    },
    {
      name: 'Terraform: the kms:CallerAccount condition names the expression too',
      path: 'main.tf',
      code: exprKey(hclStatement('Effect    = "Allow"', 'Principal = "*"', 'Action    = ["kms:Decrypt"]', 'Resource  = "*"')),
      fixes: [
        'Suggestion: add a kms:CallerAccount condition for account ${var.account_id}, as this policy writes it (only callers in account ${var.account_id} keep this access)',
        'Suggestion: replace "*" with the root of account ${var.account_id}, as this policy writes it (only principals of account ${var.account_id} whose IAM policy allows it keep this access)',
      ],
      output: exprKey(
        hclStatement('Effect    = "Allow"', 'Principal = "*"', 'Action    = ["kms:Decrypt"]', 'Resource  = "*"', 'Condition = {', '  StringEquals = {', '    "kms:CallerAccount" = "${var.account_id}"', '  }', '}'),
      ),
    },
    {
      name: 'root already listed: "*" is removed',
      code: policy(pub({}, { AWS: ['*', ROOT] })),
      fix: 'Suggestion: replace "*" with the root of account 111122223333, named elsewhere in this policy (only principals of account 111122223333 whose IAM policy allows it keep this access)',
      output: policy(pub({}, { AWS: [ROOT] })),
    },
    {
      name: 'a negated operator does not narrow an Allow',
      code: policy(pub(cond({ StringNotEquals: { 'kms:CallerAccount': '444455556666' } }))),
      errors: [{ text: '"*"' }],
      settings: { accounts: { '111122223333': { name: 'prod' } } },
      output: policy(pub(cond({ StringNotEquals: { 'kms:CallerAccount': '444455556666' }, StringEquals: { 'kms:CallerAccount': '111122223333' } }))),
    },
    {
      name: 'a Principal written as a list (rejected by AWS, public in intent): condition fix only',
      code: policy(pub({}, ['foo', '*'])),
      errors: [{ text: '"*"', messageIncludes: 'written as a list' }],
      settings: { accounts: { '111122223333': { name: 'prod' } } },
      output: policy(pub(cond({ StringEquals: { 'kms:CallerAccount': '111122223333' } }), ['foo', '*'])),
    },
    { name: 'wildcard account', code: policy(pub(cond({ StringLike: { 'kms:CallerAccount': '*' } }))), errors: [{ text: '"*"' }] },
    { name: 'wildcard account in a principal ARN', code: policy(pub(cond({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app' } }))), errors: [{ text: '"*"' }] },
    { name: 'IfExists on an optional key lets outsiders in', code: policy(pub(cond({ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } }))), errors: [{ text: '"*"' }] },
    {
      name: 'a Deny guard with a second condition is not a guard',
      code: policy(pub(), { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEquals: { 'kms:CallerAccount': '111122223333' }, Bool: { 'aws:SecureTransport': 'false' } } }),
      errors: [{ text: '"*"' }],
    },
  ],
});
