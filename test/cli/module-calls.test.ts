// The CLI as a process on a module tree (test/fixtures/forms/module-calls): a root module calls local
// modules and one `terraform init` installed; findings caused by the caller's values are reported at the
// arguments, a module that is not downloaded is noted once, and the matrices of the keys the calls create
// are shown, their principals evaluated (module outputs included).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const DIR = join(__dirname, '..', 'fixtures', 'forms', 'module-calls');
const cli = (args: string[], cwd = DIR) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

interface Finding {
  file: string;
  ruleId: string;
  message: string;
  range: { start: { line: number; character: number } };
  related?: { file: string; line: number; message: string }[];
}

describe('keyscope on module calls', () => {
  it('lint reports what the callers give at their arguments, with the place in the module, and nothing in the modules', () => {
    const r = cli(['lint', '--format', 'json', '.']);
    const findings = JSON.parse(r.stdout) as Finding[];
    const at = (rule: string) => findings.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.range.start.line + 1}`);
    assert.deepEqual(at('public-principal'), [join('live', 'main.tf') + ':25', join('live', 'main.tf') + ':40']);
    const pub = findings.find((f) => f.ruleId === 'public-principal')!;
    assert.deepEqual(pub.related?.map((x) => [x.file, x.line + 1]), [[join('modules', 'kms-key', 'main.tf'), 29]]);
    assert.match(pub.related![0].message, /module\.public_key/);
    assert.deepEqual(
      findings.filter((f) => f.ruleId === 'analysis-limit').map((f) => [f.file, f.range.start.line + 1, f.message]),
      [[join('live', 'main.tf'), 44, 'module.vendor: module source not downloaded: run terraform init to analyse it']],
    );
    assert.ok(!findings.some((f) => f.file.startsWith('modules')), 'the modules alone raise nothing: their variables are unknown');
    // The key settings follow the module inputs: rotation off and a short deletion window, at the arguments.
    assert.deepEqual(at('tf-key-rotation'), [join('live', 'main.tf') + ':17']);
    assert.deepEqual(at('tf-deletion-window'), [join('live', 'main.tf') + ':23']);
    assert.match(findings.find((f) => f.ruleId === 'tf-key-rotation')!.message, /aws_kms_key\.this of module\.orders_key/);
    // The role another module creates is a principal of the root's key: kms:* to it is reported.
    assert.ok(findings.some((f) => f.ruleId === 'kms-star' && f.file === join('live', 'main.tf') && /role\/orders-app/.test(f.message)));
  });

  it('access on the root module shows the keys its module calls create, one per instance', () => {
    const r = cli(['access', '--format', 'json', 'main.tf'], join(DIR, 'live'));
    assert.equal(r.status, 0, r.stderr);
    const policies = JSON.parse(r.stdout).policies as { name: string; principals: { id: string; label: string }[] }[];
    const byName = new Map(policies.map((p) => [p.name, p.principals.map((x) => x.label)]));
    assert.deepEqual([...byName.keys()].sort(), [
      'aws_kms_key.audit',
      'module.orders_key.aws_kms_key.this',
      'module.public_key.aws_kms_key.this',
      'module.shared.aws_kms_key.this',
      'module.team_keys["blue"].aws_kms_key.this',
      'module.team_keys["red"].aws_kms_key.this',
    ]);
    assert.deepEqual(byName.get('module.orders_key.aws_kms_key.this'), ['role/platform-admin (111122223333)', 'role/orders-app (this account)']);
    assert.deepEqual(byName.get('module.team_keys["red"].aws_kms_key.this'), ['role/red-admin (111122223333)', 'role/auditor (111122223333)']);
    assert.ok(byName.get('aws_kms_key.audit')!.includes('role/blue-admin (111122223333)'), 'a for over the instances of a module call reads their outputs');
  });

  it('a module file named with its caller is linted alone, and the caller reports what its values cause', () => {
    const r = cli(['lint', '--format', 'json', join('modules', 'kms-key', 'main.tf'), join('live', 'main.tf')]);
    const findings = JSON.parse(r.stdout) as Finding[];
    assert.ok(!findings.some((f) => f.file === join('modules', 'kms-key', 'main.tf')), 'the module alone: its variables unknown');
    assert.ok(findings.some((f) => f.file === join('live', 'main.tf') && f.ruleId === 'public-principal'));
  });
});
