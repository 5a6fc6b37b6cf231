import { ruleTable } from '../../helpers/rule-table';

const tf = { path: 'main.tf' };
const POLICY = 'jsonencode({\n    Version = "2012-10-17"\n  })';

ruleTable('tf-default-policy', {
  valid: [
    { ...tf, name: 'inline policy', code: `resource "aws_kms_key" "a" {\n  policy = ${POLICY}\n}\n` },
    { ...tf, name: 'symbolic policy', code: 'resource "aws_kms_key" "a" {\n  policy = var.policy\n}\n' },
    { ...tf, name: 'policy document', code: 'resource "aws_kms_key" "a" {\n  policy = data.aws_iam_policy_document.k.json\n}\n' },
    {
      ...tf,
      name: 'attached by aws_kms_key_policy (.id)',
      code: `resource "aws_kms_key" "a" {}\n\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.a.id\n  policy = ${POLICY}\n}\n`,
    },
    { ...tf, name: 'attached by .arn of a counted key', code: 'resource "aws_kms_key" "a" {\n  count = 1\n}\n\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.a[0].arn\n  policy = var.p\n}\n' },
    { ...tf, name: 'a key policy with a symbolic key_id may attach to it', code: 'resource "aws_kms_key" "a" {}\n\nresource "aws_kms_key_policy" "p" {\n  key_id = var.key_id\n  policy = var.p\n}\n' },
  ],
  invalid: [
    {
      ...tf,
      name: 'no policy',
      code: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n}\n',
      errors: [{ text: 'resource "aws_kms_key" "a"', severity: 'info', messageIncludes: 'default' }],
    },
    { ...tf, name: 'policy = null', code: 'resource "aws_kms_key" "a" {\n  policy = null\n}\n', errors: [{ line: 1 }] },
    {
      ...tf,
      name: 'the key policy belongs to another key',
      code: 'resource "aws_kms_key" "a" {}\n\nresource "aws_kms_key" "b" {}\n\nresource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.b.key_id\n  policy = var.p\n}\n',
      errors: [{ line: 1, messageIncludes: 'aws_kms_key.a' }],
    },
  ],
});
