import { ruleTable } from '../../helpers/rule-table';

const tf = { path: 'main.tf' };

ruleTable('tf-bypass-lockout', {
  valid: [
    { ...tf, name: 'false', code: 'resource "aws_kms_key" "a" {\n  enable_key_rotation                = true\n  bypass_policy_lockout_safety_check = false\n}\n' },
    { ...tf, name: 'symbolic', code: 'resource "aws_kms_key_policy" "p" {\n  key_id                             = aws_kms_key.a.id\n  bypass_policy_lockout_safety_check = var.bypass\n}\n' },
    { ...tf, name: 'another resource type', code: 'resource "aws_something" "a" {\n  bypass_policy_lockout_safety_check = true\n}\n' },
  ],
  invalid: [
    {
      ...tf,
      name: 'on a key: the line goes, the run re-aligns',
      code: 'resource "aws_kms_key" "a" {\n  description                        = "k"\n  bypass_policy_lockout_safety_check = true\n  enable_key_rotation                = true\n}\n',
      errors: [{ line: 3, text: 'bypass_policy_lockout_safety_check = true', severity: 'warning' }],
      output: 'resource "aws_kms_key" "a" {\n  description         = "k"\n  enable_key_rotation = true\n}\n',
    },
    {
      ...tf,
      name: 'on a key policy, with a trailing comment',
      code: 'resource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.a.id\n  policy = data.aws_iam_policy_document.p.json\n\n  bypass_policy_lockout_safety_check = "true" # deployer loses access\n}\n',
      output: 'resource "aws_kms_key_policy" "p" {\n  key_id = aws_kms_key.a.id\n  policy = data.aws_iam_policy_document.p.json\n}\n',
    },
    {
      ...tf,
      name: 'in a one-line block',
      code: 'resource "aws_kms_replica_key" "r" { bypass_policy_lockout_safety_check = true }\n',
      output: 'resource "aws_kms_replica_key" "r" { }\n',
    },
    {
      ...tf,
      name: 'last line of a file without a final newline',
      code: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n  bypass_policy_lockout_safety_check = true\n}',
      output: 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n}',
    },
  ],
});
