// The CLI as a process on our fixture of dynamic statements (test/fixtures/forms/dynamic): statements,
// principals and conditions built from maps by `dynamic` blocks are expanded and judged; one over a
// collection nobody sets raises nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const DIR = join(__dirname, '..', 'fixtures', 'forms', 'dynamic');
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: DIR });

describe('keyscope on dynamic statements', () => {
  it('lint judges the expanded statements: kms:* from a map entry, a service without a source condition', () => {
    const findings = JSON.parse(cli(['lint', '--format', 'json', '.']).stdout) as { ruleId: string; message: string; range: { start: { line: number } } }[];
    const at = (rule: string) => findings.filter((f) => f.ruleId === rule).map((f) => f.range.start.line + 1);
    assert.deepEqual(at('kms-star'), [29]);
    assert.match(findings.find((f) => f.ruleId === 'kms-star')!.message, /role\/operators/);
    assert.deepEqual(at('service-principal-without-source'), [48], 'the sns statement has its aws:SourceAccount condition from the list');
    assert.ok(!findings.some((f) => f.range.start.line + 1 >= 62), 'the statement over an unknown collection raises nothing');
  });

  it('access has a row per principal of the expanded statements', () => {
    const r = cli(['access', '--format', 'json', 'main.tf']);
    assert.equal(r.status, 0, r.stderr);
    const rows = (JSON.parse(r.stdout).policies[0].principals as { label: string }[]).map((x) => x.label);
    for (const label of ['role/operators (111122223333)', 'role/reporting (111122223333)', 'role/billing (111122223333)', 'logs.eu-west-1.amazonaws.com (service)', 'sns.amazonaws.com (service)']) {
      assert.ok(rows.includes(label), `${label} in ${rows.join(', ')}`);
    }
  });
});
