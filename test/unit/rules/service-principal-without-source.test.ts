import { hclStatement, jsonencodeKey } from '../../fixtures/terraform-key';
import { APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMS } from '../../helpers/corpus';

const rootStmt = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const svc = (Principal: unknown, extra: object = {}) => ({ Effect: 'Allow', Principal, Action: ['kms:Encrypt', 'kms:GenerateDataKey*'], Resource: '*', ...extra });
const logs = { Service: 'logs.eu-west-1.amazonaws.com' };

ruleTable('service-principal-without-source', {
  valid: [
    { name: 'aws:SourceAccount', code: policy(rootStmt, svc(logs, { Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } })) },
    { name: 'aws:SourceArn with ArnLike', code: policy(rootStmt, svc({ Service: 'cloudtrail.amazonaws.com' }, { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } } })) },
    {
      name: 'CloudWatch Logs pattern: encryption context names the log group ARN',
      code: policy(rootStmt, svc(logs, { Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111122223333:log-group:*' } } })),
    },
    { name: 'CloudTrail statements with aws:SourceArn and an encryption-context condition', code: readFileSync(join(FORMS, 'cloudtrail.kms.json'), 'utf8') },
    { name: 'reading metadata only (the CloudTrail example grants DescribeKey)', code: policy(rootStmt, { Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*' }) },
    {
      name: 'Terraform: an encryption context whose account is interpolated binds it',
      path: 'main.tf',
      code: jsonencodeKey(
        hclStatement('Effect    = "Allow"', 'Principal = { Service = "cloudtrail.amazonaws.com" }', 'Action    = ["kms:GenerateDataKey*"]', 'Resource  = "*"', 'Condition = {', '  StringLike = {', '    "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${var.aws_account_id}:trail/*"', '  }', '}'),
      ),
    },
    { name: 'an encryption context whose account is a placeholder binds it', code: policy(rootStmt, svc({ Service: 'cloudtrail.amazonaws.com' }, { Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:#{AWS::AccountId}:trail/*' } } })) },
    { name: 'no service principal', code: policy(rootStmt, svc({ AWS: APP })) },
  ],
  invalid: [
    {
      name: 'Terraform jsonencode',
      path: 'main.tf',
      code: jsonencodeKey(hclStatement('Effect    = "Allow"', 'Principal = { Service = "logs.eu-west-1.amazonaws.com" }', 'Action    = ["kms:Encrypt"]', 'Resource  = "*"')),
      errors: [{ text: '"logs.eu-west-1.amazonaws.com"' }],
      output: jsonencodeKey(
        hclStatement('Effect    = "Allow"', 'Principal = { Service = "logs.eu-west-1.amazonaws.com" }', 'Action    = ["kms:Encrypt"]', 'Resource  = "*"', 'Condition = {', '  StringEquals = {', '    "aws:SourceAccount" = "111122223333"', '  }', '}'),
      ),
    },
    {
      name: 'bare service principal: add aws:SourceAccount',
      code: policy(rootStmt, svc(logs)),
      errors: [{ line: 15, text: '"logs.eu-west-1.amazonaws.com"', messageIncludes: 'confused-deputy' }],
      output: policy(rootStmt, svc(logs, { Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } })),
    },
    {
      name: 'an encryption context with a wildcard account does not bind',
      code: policy(rootStmt, svc(logs, { Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:*:log-group:*' } } })),
      output: policy(rootStmt, svc(logs, { Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:*:log-group:*' }, StringEquals: { 'aws:SourceAccount': '111122223333' } } })),
    },
    { name: 'IfExists on SourceArn lets direct requests through', code: policy(rootStmt, svc(logs, { Condition: { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111122223333:*' } } })), errors: [{ text: '"logs.eu-west-1.amazonaws.com"' }] },
    { name: 'mixed with a role: reported, no fix (the role would lose the statement)', code: policy(svc({ Service: 'ec2.amazonaws.com', AWS: APP })), errors: [{ text: '"ec2.amazonaws.com"' }] },
  ],
});
