import { ADMIN, policy, ruleTable } from '../../helpers/rule-table';

const stmt = (Action: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal: { AWS: ADMIN }, Action, Resource: '*', ...extra });
const identity = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt","s3:GetObject"],"Resource":"*"}]}';

const tfKey = (body: string) => `resource "aws_kms_key" "k" {\n  policy = jsonencode({\n${body}  })\n}\n`;
const tfStmt = (effect: string, action: string) => `    Statement = [{\n      ${effect}\n      Principal = { AWS = "arn:aws:iam::111122223333:role/App" }\n      Action    = ${action}\n      Resource  = "*"\n    }]\n`;

ruleTable('non-kms-action', {
  valid: [
    policy(stmt(['kms:Decrypt', 'kms:Encrypt'])),
    policy(stmt('*')),
    policy(stmt('kms:*')),
    { name: 'a service wildcard that covers kms', code: policy(stmt('km?:Decrypt')) },
    { name: 'NotAction of another service is not judged', code: policy({ Effect: 'Deny', Principal: '*', NotAction: 's3:*', Resource: '*' }) },
    { name: 'identity policies are not key policies', code: identity },
    { name: 'template placeholder', code: policy(stmt(['${var.action}', 'kms:Decrypt'])) },
  ],
  invalid: [
    {
      name: 'removes another service\'s action',
      code: policy(stmt(['kms:Decrypt', 's3:GetObject'])),
      errors: [{ line: 11, column: 9, text: '"s3:GetObject"', severity: 'warning', messageIncludes: 'is an s3 action: a key policy only controls kms: actions on this key, so it has no effect' }],
      output: policy(stmt(['kms:Decrypt'])),
    },
    {
      name: 'first of several',
      code: policy(stmt(['iam:PassRole', 'kms:Decrypt', 'kms:Encrypt'])),
      errors: [{ text: '"iam:PassRole"', messageIncludes: 'is an iam action' }],
      output: policy(stmt(['kms:Decrypt', 'kms:Encrypt'])),
    },
    {
      name: 'inline list keeps its style',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "' + ADMIN + '"}, "Action": ["kms:Decrypt", "s3:*"], "Resource": "*"}]}',
      errors: [{ text: '"s3:*"' }],
      output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "' + ADMIN + '"}, "Action": ["kms:Decrypt"], "Resource": "*"}]}',
    },
    {
      name: 'Terraform jsonencode: the fix removes the list item',
      path: 'main.tf',
      code: tfKey('    Version = "2012-10-17"\n' + tfStmt('Effect    = "Allow"', '["kms:Decrypt", "s3:GetObject"]')),
      errors: [{ line: 7, text: '"s3:GetObject"' }],
      output: tfKey('    Version = "2012-10-17"\n' + tfStmt('Effect    = "Allow"', '["kms:Decrypt"]')),
    },
    { name: 'the only action: no removal offered', code: policy(stmt('s3:GetObject')), errors: [{ text: '"s3:GetObject"' }] },
    { name: 'in a Deny too', code: policy(stmt(['kms:Decrypt', 'sqs:SendMessage'], { Effect: 'Deny' })), errors: [{ text: '"sqs:SendMessage"' }] },
    {
      name: 'an action without a service prefix is an error with a fix',
      code: policy(stmt(['Decrypt'])),
      errors: [{ text: '"Decrypt"', severity: 'error', messageIncludes: 'not an action' }],
      fixKind: 'safe',
      output: policy(stmt(['kms:Decrypt'])),
    },
    {
      name: 'a KMS action in another case gets its canonical spelling',
      code: policy(stmt(['generatedatakey', 'kms:Encrypt'])),
      errors: [{ text: '"generatedatakey"', severity: 'error' }],
      fixes: ['Change to "kms:GenerateDataKey"'],
      fixKind: 'safe',
      output: policy(stmt(['kms:GenerateDataKey', 'kms:Encrypt'])),
    },
    {
      name: 'a misspelt KMS action with one did-you-mean: that action, not kms: before the typo',
      code: policy(stmt(['Decrpyt'])),
      errors: [{ text: '"Decrpyt"', severity: 'error' }],
      fixes: ['Change to "kms:Decrypt"'],
      fixKind: 'safe',
      output: policy(stmt(['kms:Decrypt'])),
    },
    {
      name: 'several did-you-means: suggestions that say what the statement would then allow',
      code: policy(stmt(['Encrpt', 'kms:DescribeKey'])),
      errors: [{ text: '"Encrpt"' }],
      fixes: [
        `Suggestion: change to "kms:Encrypt" (the statement then allows kms:Encrypt to its principals)`,
        `Suggestion: change to "kms:Decrypt" (the statement then allows kms:Decrypt to its principals)`,
      ],
      fixKind: 'suggestion',
    },
    {
      name: 'another service\'s action without its prefix: never kms:GetObject, it is removed',
      code: policy(stmt(['kms:Decrypt', 'GetObject'])),
      errors: [{ text: '"GetObject"', severity: 'error' }],
      fixes: ['Remove "GetObject"'],
      fixKind: 'safe',
      output: policy(stmt(['kms:Decrypt'])),
    },
    { name: 'a lone word that is no KMS action: no fix', code: policy(stmt(['PutObject'])), errors: [{ text: '"PutObject"' }], fixes: [] },
    { name: 'a wildcard without a prefix: no fix', code: policy(stmt(['Describe*', 'kms:Decrypt'])), errors: [{ text: '"Describe*"' }], fixes: [] },
  ],
});
