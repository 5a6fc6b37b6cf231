// The CLI as a process on policies with placeholder accounts in every style (test/fixtures/forms/placeholders):
// one placeholder note per policy, no invalid principal, no lockout error, and an interpolated or placeholder
// account in a CloudTrail encryption context binds the service.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliIn, type JsonFinding } from '../helpers/cli';

const DIR = join(__dirname, '..', 'fixtures', 'forms', 'placeholders');
const cli = cliIn(DIR);


describe('keyscope on placeholder accounts', () => {
  const r = cli(['lint', '--format', 'json', '.']);
  const findings = JSON.parse(r.stdout) as JsonFinding[];

  it('exits 0: nothing above a note', () => {
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.file} ${f.ruleId}`), []);
  });

  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
    it(`${file}: one placeholder note`, () => {
      const mine = findings.filter((f) => f.file === file && f.ruleId === 'placeholder-value');
      assert.equal(mine.length, 1, JSON.stringify(mine));
      assert.match(mine[0].message, /looks like a placeholder \(3 places\), replaced before deployment\?/);
    });
  }

  it('the interpolated Terraform account is no placeholder and binds CloudTrail', () => {
    assert.deepEqual(findings.filter((f) => f.file === 'cloudtrail.tf' && (f.ruleId === 'placeholder-value' || f.ruleId === 'service-principal-without-source')), []);
  });

  it('the matrix has a row for the placeholder account', () => {
    const a = cli(['access', '--format', 'json', 'guide.kms.json']);
    assert.equal(a.status, 0, a.stderr);
    const labels = (JSON.parse(a.stdout).policies[0].principals as { label: string }[]).map((p) => p.label);
    assert.ok(labels.some((l) => l.includes('YOUR_ACCOUNT_ID')), labels.join(' | '));
  });
});
