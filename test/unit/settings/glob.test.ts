import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { globProblem, matchesAnyGlob, MAX_GLOB_LENGTH } from '../../../server/src/settings/glob';

const match = (glob: string, path: string) => matchesAnyGlob([glob], path);

describe('config globs', () => {
  it('match the documented syntax', () => {
    const table: [string, string, boolean][] = [
      ['**/*.kms.json', 'a.kms.json', true],
      ['**/*.kms.json', 'x/y/a.kms.json', true],
      ['*.kms.json', 'x/a.kms.json', false],
      ['**/*key-policy*.json', 'keys/app-key-policy-prod.json', true],
      ['**/kms/**/*.json', 'kms/a.json', true],
      ['**/kms/**/*.json', 'infra/kms/prod/a.json', true],
      ['**/kms/**/*.json', 'infra/kmsx/a.json', false],
      ['legacy/**', 'legacy', false],
      ['legacy/**', 'legacy/a/b.json', true],
      ['legacy/**', 'legacyx/a', false],
      ['**', '.hidden/x', true],
      ['*', '.env', true],
      ['a?c', 'abc', true],
      ['a?c', 'a/c', false],
      ['[a-c]x', 'bx', true],
      ['[!a-c]x', 'bx', false],
      ['[^a-c]x', 'dx', true],
      ['a\\*', 'a*', true],
      ['a\\*', 'ab', false],
      ['./keys/*.json', 'keys/a.json', true],
      ['a**b', 'axxb', true],
      ['a**b', 'ax/xb', false],
      ['x/**/**/y', 'x/y', true],
      ['keys/bad.kms.json', 'keys/bad.kms.json', true],
      ['file (1).json', 'file (1).json', true],
    ];
    for (const [glob, path, expected] of table) {
      assert.equal(globProblem(glob), undefined, glob);
      assert.equal(match(glob, path), expected, `${glob} ~ ${path}`);
    }
  });

  it('agree with picomatch on random globs of the shared syntax', () => {
    // picomatch (with its extended syntax off) is the oracle; its backtracking is why globs are not run
    // through it, so the globs here hold few stars.
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pieces = ['a', 'b', '.', '/', '*', '**/', '?', '[ab]', 'x'];
    const chars = 'ab./x';
    let compared = 0;
    for (let k = 0; k < 3000; k++) {
      let glob = '';
      for (let i = 1 + rnd(5); i > 0; i--) glob += pieces[rnd(pieces.length)];
      if (glob.startsWith('/') || (glob.match(/\*/g) ?? []).length > 3) continue;
      let path = '';
      for (let i = 1 + rnd(8); i > 0; i--) path += chars[rnd(chars.length)];
      // Paths as hosts give them: no empty, `.` or `..` segments, no slash at either end.
      if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) continue;
      if (glob.split('/').some((s) => s === '' || s === '.' || s === '..')) continue;
      // A documented difference: `dir/**` matches what is below dir/, never a file named dir.
      if (glob.endsWith('/**') && match(glob.slice(0, -3), path)) continue;
      const oracle = picomatch(glob, { dot: true, noextglob: true, nobrace: true, nonegate: true })(path);
      assert.equal(match(glob, path), oracle, `${glob} ~ ${path}`);
      compared++;
    }
    assert.ok(compared > 500, `compared ${compared}`);
  });

  it('refuse what the docs do not promise, with a reason', () => {
    for (const [glob, reason] of [
      ['**/+(*)x', /extended globs/],
      ['@(a|b).json', /extended globs/],
      ['{a,b}.json', /braces/],
      ['!legacy/**', /negated/],
      ['', /empty/],
      ['/abs/*.json', /relative/],
      ['[[:alpha:]].json', /POSIX/],
      ['[ab', /not closed/],
      ['a\\', /lone/],
      ['x'.repeat(MAX_GLOB_LENGTH + 1), /at most 512 characters/],
    ] as const) {
      assert.match(globProblem(glob) ?? 'accepted', reason, glob);
      assert.equal(match(glob, 'a/b/x'), false, 'a refused glob matches nothing');
    }
  });

  it('match adversarial globs against long paths without backtracking', () => {
    // Each would take a backtracking matcher longer than the test runner waits.
    const path = 'a'.repeat(4000);
    for (const glob of ['*a'.repeat(200) + '*b', '**/'.repeat(150) + 'b', '?*'.repeat(250) + 'b', '*[a]*'.repeat(100) + 'b']) {
      assert.equal(globProblem(glob.slice(0, MAX_GLOB_LENGTH)), undefined, glob.slice(0, 30));
      assert.equal(match(glob.slice(0, MAX_GLOB_LENGTH), path), false);
    }
    assert.equal(match('**/+(*)x'.replace('+(*)', '*'), 'a/' + 'b'.repeat(3000)), false);
    assert.equal(match('*a'.repeat(200), 'a'.repeat(4000)), true);
  });
});
