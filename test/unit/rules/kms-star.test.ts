import { hclStatement, jsonencodeKey } from '../../fixtures/terraform-key';
import { ADMIN, APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';
import { AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';

const grant = (Principal: unknown, Action: unknown = 'kms:*', extra: object = {}) => ({ Effect: 'Allow', Principal, Action, Resource: '*', ...extra });
const rootStmt = grant({ AWS: ROOT });
const inline = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
const data = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'];
const admin = ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'];
const appStar = policy(rootStmt, grant({ AWS: APP }));

ruleTable('kms-star', {
  valid: [
    AWS_DEFAULT,
    CONSOLE_DEFAULT,
    K9_LEAST_PRIVILEGE,
    { name: 'bare account id is the root', code: policy(grant({ AWS: '111122223333' }, '*')) },
    { name: 'root of another partition', code: policy(grant({ AWS: 'arn:aws-cn:iam::111122223333:root' })) },
    { name: 'Deny with kms:* is fine', code: policy(rootStmt, { Effect: 'Deny', Principal: { AWS: APP }, Action: 'kms:*', Resource: '*' }) },
    { name: 'a narrower wildcard', code: policy(rootStmt, grant({ AWS: APP }, ['kms:Describe*', 'kms:Get*'])) },
  ],
  invalid: [
    {
      name: 'Terraform jsonencode',
      path: 'main.tf',
      code: jsonencodeKey(hclStatement('Effect    = "Allow"', 'Principal = { AWS = "arn:aws:iam::111122223333:role/App" }', 'Action    = "kms:*"', 'Resource  = "*"')),
      errors: [{ text: '"kms:*"' }],
      output: jsonencodeKey(hclStatement('Effect    = "Allow"', 'Principal = { AWS = "arn:aws:iam::111122223333:role/App" }', `Action    = ${inline(data)}`, 'Resource  = "*"')),
    },
    {
      name: 'role with kms:* (read+write data fix)',
      code: appStar,
      errors: [{ line: 17, text: '"kms:*"', messageIncludes: `grants ${APP} every KMS action` }],
      // Both narrow what the role may do: suggestions, never applied by fix all.
      fixes: [
        `Suggestion: limit ${APP} to the data actions (removes its administration of the key, PutKeyPolicy included)`,
        `Suggestion: limit ${APP} to the administration actions (removes its use of the key for data)`,
      ],
      fixKind: 'suggestion',
      output: appStar.replace(/("Action": )"kms:\*"(,\s+"Resource": "\*"\s+}\s+\]\s+}$)/, `$1${inline(data)}$2`),
    },
    {
      name: 'role with kms:* (administer fix)',
      code: appStar,
      fix: 'Suggestion: limit arn:aws:iam::111122223333:role/App to the administration actions (removes its use of the key for data)',
      output: appStar.replace(/("Action": )"kms:\*"(,\s+"Resource": "\*"\s+}\s+\]\s+}$)/, `$1${inline(admin)}$2`),
    },
    {
      name: '"*" in a list keeps the other items',
      code: policy(rootStmt, grant({ AWS: ADMIN }, ['kms:Decrypt', '*'])),
      errors: [{ text: '"*"' }],
      output: policy(rootStmt, grant({ AWS: ADMIN }, ['kms:Decrypt', '*'])).replace(/\[\s+"kms:Decrypt",\s+"\*"\s+\]/, inline(data)),
    },
    { name: 'public kms:* has its own message', code: policy(grant('*')), errors: [{ text: '"kms:*"', messageIncludes: 'to everyone' }] },
    { name: 'public but narrowed to an account', code: policy(grant('*', 'kms:*', { Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } })), errors: [{ text: '"kms:*"', messageIncludes: 'limited only by kms:CallerAccount' }] },
    { name: 'service principal', code: policy(rootStmt, grant({ Service: 'logs.eu-west-1.amazonaws.com' })), errors: [{ text: '"kms:*"' }] },
    {
      name: 'root and a role in one statement: reported, no fix (narrowing would take administration from the account)',
      code: policy(grant({ AWS: [ROOT, APP] })),
      errors: [{ text: '"kms:*"', messageIncludes: APP }],
    },
    { name: 'upper-case prefix', code: policy(rootStmt, grant({ AWS: APP }, 'KMS:*')), errors: [{ text: '"KMS:*"' }] },
  ],
});
