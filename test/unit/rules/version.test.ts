import { ADMIN, policy, ruleTable } from '../../helpers/rule-table';

const stmt = { Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'kms:Decrypt', Resource: '*' };
const withVersion = (Version: unknown) => JSON.stringify({ Version, Statement: [stmt] }, null, 2);

const tfKey = (body: string) => `resource "aws_kms_key" "k" {\n  policy = jsonencode({\n${body}  })\n}\n`;
const tfStmt = (effect: string, action: string) => `    Statement = [{\n      ${effect}\n      Principal = { AWS = "arn:aws:iam::111122223333:role/App" }\n      Action    = ${action}\n      Resource  = "*"\n    }]\n`;

ruleTable('version', {
  valid: [
    policy(stmt),
    { name: 'a lone statement: statement-shape says it once', code: JSON.stringify(stmt, null, 2) },
    { name: 'Terraform-style template value', code: withVersion('${var.policy_version}') },
  ],
  invalid: [
    {
      name: 'missing',
      code: JSON.stringify({ Statement: [stmt] }, null, 2),
      errors: [{ line: 1, column: 1, text: '{', severity: 'warning', messageIncludes: 'no "Version"' }],
      output: JSON.stringify({ Statement: [stmt], Version: '2012-10-17' }, null, 2),
    },
    {
      name: 'missing, one-line document',
      code: '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "' + ADMIN + '"}, "Action": "kms:Decrypt", "Resource": "*"}]}',
      output: '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "' + ADMIN + '"}, "Action": "kms:Decrypt", "Resource": "*"}], "Version": "2012-10-17"}',
    },
    {
      name: 'Terraform jsonencode: the fix adds the attribute',
      path: 'main.tf',
      code: tfKey(tfStmt('Effect    = "Allow"', '"kms:Decrypt"')),
      errors: [{ line: 2, text: '{' }],
      output: tfKey(tfStmt('Effect    = "Allow"', '"kms:Decrypt"') + '    Version = "2012-10-17"\n'),
    },
    { name: 'old language', code: withVersion('2008-10-17'), errors: [{ text: '"2008-10-17"', severity: 'warning' }], output: withVersion('2012-10-17') },
    { name: 'not a version', code: withVersion('2012-10-18'), errors: [{ text: '"2012-10-18"', severity: 'error', messageIncludes: 'KMS rejects' }], output: withVersion('2012-10-17') },
    { name: 'a number', code: withVersion(2012), errors: [{ text: '2012', severity: 'error' }], output: withVersion('2012-10-17') },
  ],
});
