// The CLI as a process with --var-file and --var on a root module (test/fixtures/forms/var-inputs) whose
// kms:* statement goes to var.admins, a variable without a default.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const DIR = join(__dirname, '..', 'fixtures', 'forms', 'var-inputs');
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: DIR });

function kmsStar(args: string[]): string[] {
  const r = cli(['lint', '--format', 'json', ...args, 'main.tf']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const findings = JSON.parse(r.stdout) as { ruleId: string; message: string }[];
  return findings.filter((f) => f.ruleId === 'kms-star').map((f) => f.message);
}

describe('keyscope --var-file and --var', () => {
  it('without a value for var.admins nothing fires: the variable is unknown', () => {
    assert.deepEqual(kmsStar([]), []);
  });

  it('--var parses a list expression and kms-star fires at the role it names', () => {
    const found = kmsStar(['--var', 'admins=["arn:aws:iam::111122223333:role/a"]']);
    assert.equal(found.length, 1);
    assert.match(found[0], /role\/a\b/);
  });

  it('--var-file reads .tfvars and .tfvars.json; the later input on the command line wins', () => {
    assert.match(kmsStar(['--var-file', 'prod.tfvars']).join('\n'), /role\/file-admin/);
    assert.match(kmsStar(['--var-file', 'stage.tfvars.json']).join('\n'), /role\/json-admin/);
    const cliLast = kmsStar(['--var-file', 'prod.tfvars', '--var', 'admins=["arn:aws:iam::111122223333:role/cli"]']).join('\n');
    assert.match(cliLast, /role\/cli/);
    assert.doesNotMatch(cliLast, /file-admin/);
    const fileLast = kmsStar(['--var', 'admins=["arn:aws:iam::111122223333:role/cli"]', '--var-file', 'prod.tfvars']).join('\n');
    assert.match(fileLast, /role\/file-admin/);
    assert.doesNotMatch(fileLast, /role\/cli/);
  });

  it('a value that is not an expression is a string, as Terraform reads it', () => {
    // A bare role ARN for a list variable: not one HCL expression, so the text itself (not a list).
    const r = cli(['access', '--format', 'json', '--var', 'admins=arn:aws:iam::111122223333:role/bare', 'main.tf']);
    assert.equal(r.status, 0, r.stderr);
    const ids = (JSON.parse(r.stdout).policies[0].principals as { id: string }[]).map((p) => p.id);
    assert.ok(ids.includes('arn:aws:iam::111122223333:role/bare'), JSON.stringify(ids));
  });

  it('bad inputs are usage errors (exit 2), never a crash', () => {
    for (const args of [['--var', 'noequals'], ['--var', '=x'], ['--var-file', 'missing.tfvars'], ['--var-file', '.']]) {
      const r = cli(['lint', ...args, 'main.tf']);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^keyscope: /);
      assert.doesNotMatch(r.stderr, /internal error|at .*\.js:/);
    }
    // A broken expression or an undeclared variable is taken as text: the run completes.
    for (const v of ['admins=[', 'admins=${', 'other=["x"]', 'admins=']) assert.deepEqual(kmsStar(['--var', v]), [], v);
  });

  it('terraform.varFiles in .keyscope.json applies a variable file to the root module; --var still wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-varfiles-'));
    try {
      cpSync(DIR, dir, { recursive: true });
      writeFileSync(join(dir, '.keyscope.json'), JSON.stringify({ terraform: { varFiles: ['prod.tfvars'] } }));
      const run = (args: string[]) => {
        const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...args, 'main.tf'], { encoding: 'utf8', cwd: dir });
        return (JSON.parse(r.stdout) as { ruleId: string; message: string }[]).filter((f) => f.ruleId === 'kms-star').map((f) => f.message).join('\n');
      };
      assert.match(run([]), /role\/file-admin/);
      assert.match(run(['--var', 'admins=["arn:aws:iam::111122223333:role/cli"]']), /role\/cli/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
