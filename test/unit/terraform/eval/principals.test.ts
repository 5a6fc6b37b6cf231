// Principals written as Terraform expressions, evaluated: our fixture module (test/fixtures/forms/evaluated)
// has variables with defaults and a terraform.tfvars, an auto.tfvars.json, locals with `for` and `format`.
// Known values become ordinary principals (rules apply), unknown ones keep their kind (a role in account
// var.account_id), and truly unknown ones switch nothing on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { evaluate } from '../../../../server/src/access';
import { analyze } from '../../../../server/src/analyze';
import { nodeHost } from '../../../../server/src/node-host';
import { DEFAULT_SETTINGS } from '../../../../server/src/settings';
import { initTerraform } from '../../../../server/src/terraform';
import { memoryHost } from '../../../helpers/terraform';

const DIR = join(__dirname, '..', '..', '..', 'fixtures', 'forms', 'evaluated');
const MAIN = join(DIR, 'main.tf');

function analysis() {
  const text = readFileSync(MAIN, 'utf8');
  return analyze({ path: MAIN, text, host: nodeHost(DIR) });
}

/** The findings of a rule, as the source text they point at. */
function at(ruleId: string): string[] {
  const a = analysis();
  return a.findings.filter((f) => f.ruleId === ruleId).map((f) => a.text.slice(f.span.start, f.span.end));
}

describe('terraform: principals evaluated', () => {
  before(() => initTerraform());

  it('reports kms:* to a variable set in terraform.tfvars and to a for-built list of roles, not to an unknown variable', () => {
    const a = analysis();
    const kmsStar = a.findings.filter((f) => f.ruleId === 'kms-star');
    assert.equal(kmsStar.length, 2);
    assert.match(kmsStar[0].message, /arn:aws:iam::111122223333:role\/platform-admin/);
    assert.match(kmsStar[1].message, /role\/orders-app/);
    assert.match(kmsStar[1].message, /role\/billing-app/);
    assert.doesNotMatch(kmsStar.map((f) => f.message).join('\n'), /search-app|mystery/);
    // The account root built by format() is the root: kms:* to it is the default policy, not kms-star.
    assert.deepEqual(at('root-delegation'), ['local.account_root']);
  });

  it('labels matrix rows by the evaluated values, and partly known ones by their kind', () => {
    const a = analysis();
    const matrix = evaluate(a.sources[0], { settings: DEFAULT_SETTINGS });
    assert.deepEqual(
      matrix.rows.map((r) => r.label),
      [
        'anyone in this account whose IAM policy allows it',
        'role/platform-admin (111122223333)',
        'role/reporting (111122223333)',
        'user/auditor (111122223333)',
        'role/orders-app (${var.account_id})',
        'role/billing-app (${var.account_id})',
        'role/${var.service_name} (${var.account_id})',
        'var.mystery (AWS principal, no value in this workspace)',
      ],
    );
    const kinds = Object.fromEntries(matrix.rows.map((r) => [r.label, r.kind]));
    assert.equal(kinds['role/orders-app (${var.account_id})'], 'role');
    assert.equal(kinds['role/${var.service_name} (${var.account_id})'], 'role');
  });

  it('offers no fix that would write over the expression a value came from', () => {
    const main = `provider "aws" {}
variable "admins" {
  type    = list(string)
  default = ["arn:aws:iam::12345:root", "*"]
}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = var.admins }, Action = "kms:Decrypt", Resource = "*" }]
  })
}
`;
    const a = analyze({ path: '/ws/m/main.tf', text: main, host: memoryHost({ '/ws/m/main.tf': main }) });
    const at = a.findings.filter((f) => a.text.slice(f.span.start, f.span.end) === 'var.admins');
    assert.ok(at.some((f) => f.ruleId === 'public-principal'), 'the "*" from the default is public');
    const expr = { start: main.indexOf('var.admins'), end: main.indexOf('var.admins') + 'var.admins'.length };
    for (const f of a.findings) for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.end <= expr.start || e.start >= expr.end, `${f.ruleId}: ${fix.title}`);
  });
});
