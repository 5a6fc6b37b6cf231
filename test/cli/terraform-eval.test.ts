// The CLI as a process on a module whose principals are Terraform expressions (test/fixtures/forms/evaluated):
// variables from terraform.tfvars and defaults, locals with `for` and `format` are evaluated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const DIR = join(__dirname, '..', 'fixtures', 'forms', 'evaluated');
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: DIR });

describe('keyscope on evaluated Terraform', () => {
  it('lint reports kms:* at the variable set in terraform.tfvars and at the for-built roles, not at an unknown variable', () => {
    const r = cli(['lint', '--format', 'json', '.']);
    const findings = JSON.parse(r.stdout) as { file: string; ruleId: string; message: string; range: { start: { line: number } } }[];
    const kmsStar = findings.filter((f) => f.ruleId === 'kms-star');
    assert.deepEqual(
      kmsStar.map((f) => [f.file, f.range.start.line + 1]),
      [
        ['main.tf', 20],
        ['main.tf', 34],
      ],
    );
    assert.match(kmsStar[0].message, /role\/platform-admin/);
    assert.ok(!findings.some((f) => f.ruleId === 'kms-star' && f.range.start.line + 1 === 48), 'var.mystery is unknown: no kms-star');
  });

  it('access shows the evaluated principals', () => {
    const r = cli(['access', '--format', 'json', 'main.tf']);
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout).policies[0].principals as { id: string; label: string }[];
    assert.deepEqual(rows.map((x) => x.id).filter((id) => id.includes('111122223333')), [
      'arn:aws:iam::111122223333:role/platform-admin',
      'arn:aws:iam::111122223333:role/reporting',
      'arn:aws:iam::111122223333:user/auditor',
    ]);
    assert.ok(rows.some((x) => x.label === 'role/orders-app (${var.account_id})'));
  });
});
