// `keyscope lint --exclude GLOB`: the globs of .keyscope.json (the same matcher), refused with a message when
// they use what that syntax does not have.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
const BAD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:Decrpyt', Resource: '*' }] }, null, 2);

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-exclude-'));
  for (const d of ['keys', join('legacy', 'old')]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'keys', 'app.kms.json'), BAD);
  writeFileSync(join(dir, 'legacy', 'old', 'app.kms.json'), BAD);
  writeFileSync(join(dir, 'legacy', 'top.kms.json'), BAD);
  return dir;
}
const files = (stdout: string) => [...new Set([...stdout.matchAll(/^(\S+):\d+:\d+ /gm)].map((m) => m[1]))].sort();

describe('keyscope lint --exclude', () => {
  it('skips the files whose path from the current folder matches', () => {
    const dir = workspace();
    assert.deepEqual(files(cli(['lint', '.'], dir).stdout), ['keys/app.kms.json', 'legacy/old/app.kms.json', 'legacy/top.kms.json']);
    assert.deepEqual(files(cli(['lint', '--exclude', 'legacy/**', '.'], dir).stdout), ['keys/app.kms.json']);
    // `*` stays within a folder; `**/` crosses any number of them; several --exclude add up.
    assert.deepEqual(files(cli(['lint', '--exclude', 'legacy/*.json', '.'], dir).stdout), ['keys/app.kms.json', 'legacy/old/app.kms.json']);
    assert.deepEqual(files(cli(['lint', '--exclude', '**/old/*', '--exclude', 'keys/*', '.'], dir).stdout), ['legacy/top.kms.json']);
    // A file named on the command line is excluded too (pre-commit passes file names).
    const r = cli(['lint', '--exclude', 'keys/**', 'keys/app.kms.json'], dir);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^0 problems/m);
  });

  it('refuses globs outside the documented syntax, with a message and exit 2', () => {
    const dir = workspace();
    for (const [glob, why] of [
      ['{keys,legacy}/**', /braces/],
      ['+(keys)/**', /extended globs/],
      ['!keys/**', /negated/],
      ['x'.repeat(600), /at most 512 characters/],
    ] as const) {
      const r = cli(['lint', '--exclude', glob, '.'], dir);
      assert.equal(r.status, 2, glob);
      assert.match(r.stderr, why);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it('matches a glob built to make a backtracking matcher explode, against a long path', () => {
    const dir = workspace();
    const deep = join(dir, 'a'.repeat(200));
    mkdirSync(deep);
    writeFileSync(join(deep, 'k.kms.json'), BAD);
    const r = cli(['lint', '--exclude', `${'*a'.repeat(200)}b/**`, '.'], dir);
    assert.equal(r.status, 1);
    assert.ok(files(r.stdout).includes(`${'a'.repeat(200)}/k.kms.json`));
  });
});
