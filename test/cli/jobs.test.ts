import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeJsonRepository, writeTerraformRepository } from '../../scripts/bench-repo';
import { cliIn } from '../helpers/cli';
import { mkfifo } from '../helpers/hostile-files';

// `keyscope lint --jobs N` lints with N worker threads, each taking the next file as it finishes one. Whatever
// order the files finish in, the report is put together in the order of the files: the same bytes on stdout
// and stderr, and the same exit status, with one thread or four.

/** A repository: key modules and their callers with a .tfvars, JSON key policies, a .keyscope.json with a problem. */
function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-jobs-'));
  writeTerraformRepository(dir, 60);
  writeJsonRepository(dir, 40);
  writeFileSync(join(dir, '.keyscope.json'), JSON.stringify({ rules: { 'root-delegation': 'loud', 'mfa-for-destructive': 'off' } }, null, 2));
  return dir;
}

function same(cwd: string, args: string[]) {
  const cli = cliIn(cwd);
  const one = cli(['lint', '--jobs', '1', ...args]);
  const four = cli(['lint', '--jobs', '4', ...args]);
  assert.equal(four.stdout, one.stdout);
  assert.equal(four.stderr, one.stderr);
  assert.equal(four.status, one.status);
  return one;
}

describe('keyscope lint --jobs', () => {
  const dir = repository();

  it('writes the same text report and stderr with one thread or four', () => {
    const r = same(dir, ['.']);
    assert.equal(r.status, 2, r.stderr); // the .keyscope.json problem
    assert.equal(r.stderr.match(/root-delegation must be one of/g)?.length, 1, r.stderr);
    assert.match(r.stdout, /unknown-action/);
    assert.match(r.stdout, /live\/env-0\/keys-0\.tf/);
  });

  it('writes the same SARIF with one thread or four', () => {
    const r = same(dir, ['--format', 'sarif', '.']);
    assert.ok(JSON.parse(r.stdout).runs[0].results.length > 10);
  });

  it('writes the same report of the repository\'s own fixtures with one thread or four', () => {
    const r = same(join(__dirname, '..', 'fixtures', 'forms'), ['--format', 'json', '.']);
    assert.ok(JSON.parse(r.stdout).length > 50);
  });

  it('stops at the same unreadable file with one thread or four', () => {
    const fifo = join(dir, 'pipe.kms.json');
    mkfifo(fifo);
    const r = same(dir, ['policies', 'pipe.kms.json', 'live']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /pipe\.kms\.json: not a regular file/);
  });

  it('refuses a number of threads that is not a whole number from 1', () => {
    for (const n of ['0', '-2', '1.5', 'many']) {
      const r = cliIn(dir)(['lint', `--jobs=${n}`, '.']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /--jobs needs a whole number from 1 to 64/);
    }
  });
});
