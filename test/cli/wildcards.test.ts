import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LONG_ROLE, WILDCARD_POLICY } from '../fuzz/wildcards';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });

describe('keyscope on 10,000-character wildcards', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-wildcards-'));
  writeFileSync(join(dir, 'adversarial.kms.json'), WILDCARD_POLICY);

  it('lint reports the action pattern that matches nothing', () => {
    const r = cli(['lint', '--format', 'json', 'adversarial.kms.json'], dir);
    assert.equal(r.status, 1, r.stderr);
    const findings = JSON.parse(r.stdout) as { ruleId: string; message: string; range: { start: { line: number } } }[];
    const none = findings.find((f) => f.ruleId === 'unknown-action');
    assert.ok(none, r.stdout.slice(0, 500));
    assert.match(none.message, /matches no KMS action/);
    assert.equal(none.range.start.line, WILDCARD_POLICY.split('\n').findIndex((l) => l.includes('"kms:*?*?')));
  });

  it('access decides the cells the patterns govern', () => {
    const r = cli(['access', '--format', 'json', 'adversarial.kms.json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const role = JSON.parse(r.stdout).policies[0].principals.find((p: { id: string }) => p.id === LONG_ROLE);
    assert.equal(role.actions['kms:Decrypt'], 'allow');
    assert.equal(role.actions['kms:Encrypt'], 'iam', 'only the root grant: the StringLike pattern needs a b');
    assert.equal(role.actions['kms:GenerateDataKey'], 'allow');
  });
});
