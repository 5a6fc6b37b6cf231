import { ruleTable } from '../../helpers/rule-table';

const tf = { path: 'main.tf' };

ruleTable('tf-policy-conflict', {
  valid: [
    { ...tf, name: 'inline only', code: 'resource "aws_kms_key" "a" {\n  policy = var.p\n}\n' },
    { ...tf, name: 'aws_kms_key_policy only', code: 'resource "aws_kms_key" "a" {}\n\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.a.id\n  policy = var.p\n}\n' },
    { ...tf, name: 'policies of different keys', code: 'resource "aws_kms_key" "a" {\n  policy = var.p\n}\n\nresource "aws_kms_key" "b" {}\n\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.b.id\n  policy = var.p\n}\n' },
    { ...tf, name: 'inline null', code: 'resource "aws_kms_key" "a" {\n  policy = null\n}\n\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.a.id\n  policy = var.p\n}\n' },
  ],
  invalid: [
    {
      ...tf,
      name: 'inline and aws_kms_key_policy: reported once, at the inline policy',
      code: 'resource "aws_kms_key" "a" {\n  policy = var.p\n}\n\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.a.arn\n  policy = var.q\n}\n',
      errors: [{ line: 2, text: 'policy', severity: 'error', messageIncludes: 'aws_kms_key_policy.p' }],
    },
    {
      ...tf,
      name: 'two aws_kms_key_policy for one key',
      code: 'resource "aws_kms_key" "a" {}\n\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.a.id\n  policy = var.p\n}\n\nresource "aws_kms_key_policy" "q" {\n  key_id = aws_kms_key.a.key_id\n  policy = var.q\n}\n',
      errors: [
        { line: 4, text: 'key_id = aws_kms_key.a.id', messageIncludes: 'aws_kms_key_policy.q' },
        { line: 9, text: 'key_id = aws_kms_key.a.key_id', messageIncludes: 'aws_kms_key_policy.p' },
      ],
    },
  ],
});
