// A principal list written with a conditional (`var.strict ? [a] : [a, b]`): a condition the module decides
// picks its branch; an unknown one keeps both, and a principal that only one branch lists is named only "if"
// that branch's condition holds, never assumed. One that both branches list is named whatever the condition.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluate } from '../../../server/src/access';
import { analyze } from '../../../server/src/analyze';
import { DEFAULT_SETTINGS } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

const key = (strict: string) => `${strict}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Use"
      Effect    = "Allow"
      Principal = { AWS = var.strict ? ["arn:aws:iam::111122223333:role/app"] : ["arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:role/debug"] }
      Action    = ["kms:Decrypt"]
      Resource  = "*"
    }]
  })
}
`;

function cells(text: string): Record<string, string | undefined> {
  const files = { '/ws/m/main.tf': text };
  const a = analyze({ path: '/ws/m/main.tf', text, host: memoryHost(files) });
  const m = evaluate(a.sources[0], { settings: DEFAULT_SETTINGS });
  return Object.fromEntries(m.rows.map((r) => [r.label, r.actions['kms:Decrypt']?.value]));
}

describe('terraform: conditionals inside principal lists', () => {
  before(() => initTerraform());

  it('an unknown condition: the principal of one branch is conditional, the one of both is allowed', () => {
    const got = cells(key('variable "strict" {\n  type = bool\n}'));
    assert.deepEqual(got, { 'role/app (111122223333)': 'allow', 'role/debug (111122223333)': 'conditional' });
  });

  it('a condition the module decides picks its branch', () => {
    assert.deepEqual(cells(key('provider "aws" {}\nvariable "strict" {\n  default = true\n}')), { 'role/app (111122223333)': 'allow' });
    assert.deepEqual(cells(key('provider "aws" {}\nvariable "strict" {\n  default = false\n}')), { 'role/app (111122223333)': 'allow', 'role/debug (111122223333)': 'allow' });
  });

  it('the conditional cell names the Terraform condition', () => {
    const text = key('variable "strict" {\n  type = bool\n}');
    const a = analyze({ path: '/ws/m/main.tf', text, host: memoryHost({ '/ws/m/main.tf': text }) });
    const row = evaluate(a.sources[0], { settings: DEFAULT_SETTINGS }).rows.find((r) => r.label.startsWith('role/debug'))!;
    assert.deepEqual(row.actions['kms:Decrypt'].conditions?.map((c) => [c.operator, c.key]), [['Terraform', '!(var.strict)']]);
  });
});
