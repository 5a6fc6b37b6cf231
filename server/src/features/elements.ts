import { code } from './markdown';

/**
 * The policy grammar's vocabulary with one-line docs: elements at each level and principal types. Shared by
 * hover and completion so both say the same thing.
 */

export interface Term {
  name: string;
  doc: string;
}

export const POLICY_ELEMENTS: readonly Term[] = [
  { name: 'Version', doc: 'Policy language version; always `"2012-10-17"`.' },
  { name: 'Id', doc: 'Optional identifier of the policy (the default key policy uses `key-default-1`).' },
  { name: 'Statement', doc: 'The list of statements. Each allows or denies actions to principals.' },
];

export const STATEMENT_ELEMENTS: readonly Term[] = [
  { name: 'Sid', doc: 'Optional statement id; unique within the policy. Spaces are allowed in key policies.' },
  { name: 'Effect', doc: '`"Allow"` or `"Deny"`. An explicit Deny always wins.' },
  { name: 'Principal', doc: 'Who the statement applies to: accounts, roles, users, services or `"*"`. A key policy statement needs one.' },
  { name: 'NotPrincipal', doc: 'Everyone **except** the listed principals. AWS discourages it in resource policies.' },
  { name: 'Action', doc: 'The `kms:` actions the statement applies to (wildcards allowed).' },
  { name: 'NotAction', doc: 'Every action **except** the listed ones. With Allow this grants far more than it seems.' },
  { name: 'Resource', doc: 'In a key policy always `"*"`: it means *this key*.' },
  { name: 'NotResource', doc: 'Every resource except the listed ones; meaningless in a key policy.' },
  { name: 'Condition', doc: 'When the statement applies: operator -> { condition key -> value(s) }.' },
];

export const PRINCIPAL_TYPES: readonly Term[] = [
  { name: 'AWS', doc: 'AWS accounts (`111122223333` or `arn:aws:iam::111122223333:root`), IAM roles and users, assumed-role sessions, or `"*"`.' },
  { name: 'Service', doc: 'AWS service principals such as `logs.amazonaws.com`.' },
  { name: 'Federated', doc: 'Web identity or SAML providers (rare in key policies).' },
  { name: 'CanonicalUser', doc: 'S3 canonical user ids; not used in key policies.' },
];

/** Service principals that commonly appear in key policies. */
export const COMMON_SERVICES: readonly Term[] = [
  { name: 'logs.amazonaws.com', doc: 'CloudWatch Logs (regional form `logs.<region>.amazonaws.com` is also used).' },
  { name: 'cloudtrail.amazonaws.com', doc: 'AWS CloudTrail, encrypting trail log files.' },
  { name: 'sns.amazonaws.com', doc: 'Amazon SNS, encrypted topics.' },
  { name: 'sqs.amazonaws.com', doc: 'Amazon SQS, encrypted queues.' },
  { name: 'events.amazonaws.com', doc: 'Amazon EventBridge, delivering to encrypted targets.' },
  { name: 's3.amazonaws.com', doc: 'Amazon S3 (e.g. server access logging, inventory).' },
  { name: 'delivery.logs.amazonaws.com', doc: 'Vended logs delivery (VPC flow logs, ALB logs to S3).' },
  { name: 'cloudwatch.amazonaws.com', doc: 'CloudWatch alarms publishing to encrypted SNS topics.' },
  { name: 'secretsmanager.amazonaws.com', doc: 'AWS Secrets Manager.' },
  { name: 'dynamodb.amazonaws.com', doc: 'Amazon DynamoDB.' },
  { name: 'rds.amazonaws.com', doc: 'Amazon RDS.' },
  { name: 'backup.amazonaws.com', doc: 'AWS Backup.' },
  { name: 'autoscaling.amazonaws.com', doc: 'EC2 Auto Scaling (encrypted EBS volumes at launch).' },
  { name: 'ec2.amazonaws.com', doc: 'Amazon EC2.' },
  { name: 'lambda.amazonaws.com', doc: 'AWS Lambda.' },
  { name: 'ses.amazonaws.com', doc: 'Amazon SES.' },
];

/** Markdown for an element or principal-type key. */
export function describeElement(name: string, level: 'policy' | 'statement' | 'principalType'): string {
  const list = level === 'policy' ? POLICY_ELEMENTS : level === 'statement' ? STATEMENT_ELEMENTS : PRINCIPAL_TYPES;
  const t = list.find((x) => x.name === name);
  if (t) return `**${name}**: ${t.doc}`;
  const ci = list.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (ci) return `**${code(name)}** is not an element AWS knows: element names are case-sensitive. Did you mean ${code(ci.name)}?`;
  return `**${code(name)}** is not a ${level === 'principalType' ? 'principal type' : `${level} element`} AWS knows.`;
}
