import { policy, ROOT, ruleTable } from '../../helpers/rule-table';

const allow = (Principal: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action: 'kms:*', Resource: '*', ...extra });
const root = (acct: string) => allow({ AWS: `arn:aws:iam::${acct}:root` });
const trail = (acct: string) => ({
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 'kms:GenerateDataKey*',
  Resource: '*',
  Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${acct}:trail/*` } },
});

ruleTable('placeholder-value', {
  valid: [
    policy(allow({ AWS: ROOT })),
    { name: 'a Sid or an Effect in capitals is no placeholder', code: policy({ ...allow({ AWS: ROOT }), Sid: 'ADMIN_ACCESS' }) },
    { name: 'a tag value in capitals is no placeholder', code: policy(allow({ AWS: ROOT }, { Condition: { StringEquals: { 'aws:PrincipalTag/Env': 'PROD_EU' } } })) },
    { name: 'a principal id of a deleted role is no placeholder', code: policy(allow({ AWS: 'AROAJQABLZS4A3QDU576Q' })) },
    {
      name: 'a Terraform interpolation is evaluated, not a placeholder',
      path: 'main.tf',
      code: 'resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }\n      Action    = "kms:*"\n      Resource  = "*"\n    }]\n  })\n}\n',
    },
  ],
  invalid: [
    { name: 'a guide\'s account, once for every place', code: policy(root('YOUR_ACCOUNT_ID'), trail('YOUR_ACCOUNT_ID')), errors: [{ line: 7, text: '"arn:aws:iam::YOUR_ACCOUNT_ID:root"', messageIncludes: '"YOUR_ACCOUNT_ID" looks like a placeholder (2 places)', severity: 'info' }] },
    { name: 'documentation', code: policy(root('<account-id>')), errors: [{ messageIncludes: '"<account-id>"' }] },
    { name: 'CloudFormation Fn::Sub', code: policy(root('${AWS::AccountId}')), errors: [{ messageIncludes: '"${AWS::AccountId}"' }] },
    { name: 'serverless-pseudo-parameters', code: policy(root('#{AWS::AccountId}')), errors: [{ messageIncludes: '"#{AWS::AccountId}"' }] },
    { name: 'Serverless variables', code: policy(root('${self:custom.accountId}')), errors: [{ messageIncludes: '"${self:custom.accountId}"' }] },
    { name: 'Mustache', code: policy(root('{{account_id}}')), errors: [{ messageIncludes: '"{{account_id}}"' }] },
    { name: 'a bare word', code: policy(allow({ AWS: 'ACCOUNT_ID' })), errors: [{ messageIncludes: '"ACCOUNT_ID"' }] },
    { name: 'an account key in a condition', code: policy(allow({ AWS: '*' }, { Condition: { StringEquals: { 'kms:CallerAccount': 'ACCOUNT_ID' } } })), errors: [{ text: '"ACCOUNT_ID"' }] },
    {
      name: 'several placeholders, named once',
      code: policy(root('YOUR_ACCOUNT_ID'), trail('{{account_id}}'), allow({ AWS: 'arn:aws:iam::<account>:role/a' }), allow({ AWS: 'arn:aws:iam::ACCT:role/b' })),
      errors: [{ messageIncludes: '"YOUR_ACCOUNT_ID", "{{account_id}}", "<account>" and 1 more look like placeholders (4 places)' }],
    },
  ],
});
