// The CLI as a process on a module whose principals are Terraform expressions (test/fixtures/forms/evaluated):
// variables from terraform.tfvars and defaults, locals with `for` and `format` are evaluated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const DIR = join(__dirname, '..', 'fixtures', 'forms', 'evaluated');
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: DIR });

describe('keyscope on evaluated Terraform', () => {
  it('lint reports kms:* at the use and at the value set in terraform.tfvars, at the for-built roles, not at an unknown variable', () => {
    const r = cli(['lint', '--format', 'json', '.']);
    const findings = JSON.parse(r.stdout) as { file: string; ruleId: string; message: string; range: { start: { line: number } } }[];
    const kmsStar = findings.filter((f) => f.ruleId === 'kms-star');
    assert.deepEqual(
      kmsStar.map((f) => [f.file, f.range.start.line + 1]),
      [
        ['main.tf', 20],
        ['main.tf', 34],
        ['terraform.tfvars', 1],
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

  it('names a principal written as a template by its value in each instance of a counted key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-count-'));
    writeFileSync(
      join(dir, 'main.tf'),
      `resource "aws_kms_key" "app" {
  count               = 2
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Use", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/app-\${count.index}" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}
`,
    );
    const r = spawnSync(process.execPath, [CLI, 'access', '--format', 'json', 'main.tf'], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const policies = JSON.parse(r.stdout).policies as { name: string; principals: { id: string; label: string }[] }[];
    assert.deepEqual(
      policies.map((p) => [p.name, p.principals.map((x) => x.label).filter((l) => l.startsWith('role/'))]),
      [
        ['aws_kms_key.app[0]', ['role/app-0 (111122223333)']],
        ['aws_kms_key.app[1]', ['role/app-1 (111122223333)']],
      ],
    );
  });
});
