import { APP, policy, ruleTable } from '../../helpers/rule-table';

const via = (op: string, v: unknown) => policy({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition: { [op]: { 'kms:ViaService': v } } });

ruleTable('viaservice-format', {
  valid: [
    via('StringEquals', 'ec2.us-east-1.amazonaws.com'),
    via('StringEquals', ['s3.eu-west-1.amazonaws.com', 'rds.us-gov-west-1.amazonaws.com', 'secretsmanager.ap-southeast-2.amazonaws.com']),
    { name: 'wildcard Region under StringLike', code: via('StringLike', 'ec2.*.amazonaws.com') },
    { name: 'any service under StringLike', code: via('StringLike', '*.amazonaws.com') },
    { name: 'China', code: via('StringEquals', 's3.cn-north-1.amazonaws.com.cn') },
    { name: 'case ignored by the operator', code: via('StringEqualsIgnoreCase', 'EC2.us-east-1.amazonaws.com') },
    { name: 'template placeholders are left alone', code: via('StringEquals', ['s3.${region}.amazonaws.com', 's3.{{AWS_REGION}}.amazonaws.com']) },
    { name: 'negated operator, same format', code: via('StringNotEquals', 'dynamodb.eu-central-1.amazonaws.com') },
  ],
  invalid: [
    { name: 'service principal instead of an endpoint', code: via('StringEquals', 'ec2.amazonaws.com'), errors: [{ line: 13, text: '"ec2.amazonaws.com"', messageIncludes: 'include the Region' }] },
    { name: 'wildcard under StringEquals', code: via('StringEquals', 'ec2.*.amazonaws.com'), errors: [{ text: '"ec2.*.amazonaws.com"', messageIncludes: 'use StringLike' }] },
    { name: 'one bad value of a list', code: via('StringEquals', ['s3.eu-west-1.amazonaws.com', 'https://s3.eu-west-1.amazonaws.com']), errors: [{ text: '"https://s3.eu-west-1.amazonaws.com"', messageIncludes: 'URL' }] },
    { name: 'upper case', code: via('StringEquals', 'S3.eu-west-1.amazonaws.com'), errors: [{ text: '"S3.eu-west-1.amazonaws.com"' }] },
    { name: 'China Region without .cn', code: via('StringEquals', 's3.cn-north-1.amazonaws.com'), errors: [{ messageIncludes: '.amazonaws.com.cn' }] },
    { name: 'not an endpoint', code: via('StringLike', 'ec2'), errors: [{ text: '"ec2"' }] },
  ],
});
