import { ruleTable } from '../../helpers/rule-table';

const tf = { path: 'main.tf' };
const key = (attrs: string) => `resource "aws_kms_key" "a" {\n  enable_key_rotation     = true\n${attrs}}\n`;

ruleTable('tf-deletion-window', {
  valid: [
    { ...tf, name: 'absent: AWS default of 30', code: key('') },
    { ...tf, name: '30', code: key('  deletion_window_in_days = 30\n') },
    { ...tf, name: 'symbolic', code: key('  deletion_window_in_days = var.window\n') },
    { ...tf, name: 'null means the default', code: key('  deletion_window_in_days = null\n') },
    { ...tf, name: 'numeric string 30', code: key('  deletion_window_in_days = "30"\n') },
    { ...tf, name: 'not a key', code: 'resource "aws_secretsmanager_secret" "s" {\n  recovery_window_in_days = 3\n}\n' },
  ],
  invalid: [
    {
      ...tf,
      name: 'below 7: rejected by AWS',
      code: key('  deletion_window_in_days = 5\n'),
      errors: [{ text: '5', severity: 'error', messageIncludes: 'from 7 to 30' }],
      output: key('  deletion_window_in_days = 30\n'),
    },
    {
      ...tf,
      name: 'above 30: rejected by AWS',
      code: key('  deletion_window_in_days = 90\n'),
      errors: [{ text: '90', severity: 'error' }],
      output: key('  deletion_window_in_days = 30\n'),
    },
    { ...tf, name: 'negative', code: key('  deletion_window_in_days = -1\n'), errors: [{ text: '-1', severity: 'error' }] },
    { ...tf, name: 'fractional', code: key('  deletion_window_in_days = 7.5\n'), errors: [{ text: '7.5', severity: 'error' }] },
    { ...tf, name: 'not a number', code: key('  deletion_window_in_days = "thirty"\n'), errors: [{ text: '"thirty"', severity: 'error' }] },
    {
      ...tf,
      name: 'valid but short: a recommendation',
      code: key('  deletion_window_in_days = 10\n'),
      errors: [{ text: '10', severity: 'info', messageIncludes: '10-day' }],
      output: key('  deletion_window_in_days = 30\n'),
    },
    {
      ...tf,
      name: 'replica and imported keys too',
      code: 'resource "aws_kms_replica_key" "r" {\n  primary_key_arn         = aws_kms_key.p.arn\n  deletion_window_in_days = 3\n}\n\nresource "aws_kms_external_key" "e" {\n  deletion_window_in_days = 7\n}\n',
      errors: [{ text: '3', severity: 'error' }, { text: '7', severity: 'info' }],
    },
  ],
});
