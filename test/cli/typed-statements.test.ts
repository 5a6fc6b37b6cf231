// The CLI as a process on test/fixtures/forms/typed-statements: a key module whose extra statements are a
// variable of type list(object({...})) with optional attributes, read through dynamic statement, principals,
// not_principals and condition blocks. The attributes a caller leaves out are null (or their default), as
// Terraform converts the value: every statement the caller writes is in the key's policy, none is dropped or
// misread as having no principal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const DIR = join(__dirname, '..', 'fixtures', 'forms', 'typed-statements');
const cli = (args: string[], cwd = DIR) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

interface Finding {
  file: string;
  ruleId: string;
  severity: string;
  range: { start: { line: number } };
}

describe('keyscope on statements from a typed variable with optional attributes', () => {
  it('lint reports the public statement a caller writes, at the caller, and nothing else', () => {
    const r = cli(['lint', '--format', 'json', '.']);
    const findings = JSON.parse(r.stdout) as Finding[];
    const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.range.start.line + 1} ${f.ruleId}`);
    assert.deepEqual(errors, [`${join('live', 'main.tf')}:47 public-principal`]);
    assert.ok(!findings.some((f) => f.ruleId === 'invalid-principal' || f.ruleId === 'statement-shape'), JSON.stringify(findings));
  });

  it('access shows every statement of the callers: services, roles, an explicit Deny, the optional default effect', () => {
    const r = cli(['access', '--format', 'json', 'main.tf'], join(DIR, 'live'));
    assert.equal(r.status, 0, r.stderr);
    const policies = JSON.parse(r.stdout).policies as { name: string; principals: { label: string }[] }[];
    const labels = new Map(policies.map((p) => [p.name, p.principals.map((x) => x.label)]));
    assert.deepEqual(labels.get('module.orders_key.aws_kms_key.this'), [
      'anyone in this account whose IAM policy allows it',
      'logs.eu-west-1.amazonaws.com (service)',
      'role/orders-reader (111122223333)',
    ]);
    assert.deepEqual(labels.get('module.public_key.aws_kms_key.this'), ['anyone in this account whose IAM policy allows it', 'anyone (*)']);
    assert.deepEqual(labels.get('module.plain_key.aws_kms_key.this'), ['anyone in this account whose IAM policy allows it']);
    const text = cli(['access', 'main.tf'], join(DIR, 'live')).stdout;
    assert.match(text, /role\/orders-reader \(111122223333\)\s+none\s+allow \(1 of 5\)\s+none\s+deny/);
    assert.match(text, /\(statement "LogDelivery"\)/, 'a statement is named by the Sid its caller gives');
  });
});
