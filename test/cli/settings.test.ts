// The CLI as a process against invalid and hostile `.keyscope.json` files, and the discovery rule.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ATTACKS, HOSTILE_FILES, POLICY, STAGED_POLICY } from '../fixtures/settings-attacks';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 60_000 });

function folder(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-cli-settings-'));
  mkdirSync(join(dir, 'keys'));
  mkdirSync(join(dir, 'other'));
  writeFileSync(join(dir, 'keys', 'a.kms.json'), POLICY);
  writeFileSync(join(dir, 'other', 'policy.json'), POLICY);
  writeFileSync(join(dir, 'keys', 'staged.kms.json'), STAGED_POLICY);
  if (config !== undefined) writeFileSync(join(dir, '.keyscope.json'), config);
  return dir;
}

describe('keyscope and .keyscope.json', () => {
  it('lint in a folder whose .keyscope.json says "enable": false reports no finding there and exits 0', () => {
    const dir = folder(JSON.stringify({ enable: false }));
    const off = cli(['lint', '.'], dir);
    assert.equal(off.status, 0, off.stdout + off.stderr);
    assert.doesNotMatch(off.stdout, /unknown-action/);
    writeFileSync(join(dir, '.keyscope.json'), JSON.stringify({ enable: true }));
    assert.match(cli(['lint', '.'], dir).stdout, /\[unknown-action\]/);
  });

  for (const attack of ATTACKS) {
    it(`lint with ${attack.name}: the problem at its line and column, every file linted with defaults, exit 2`, () => {
      const dir = folder(attack.config);
      const r = cli(['lint', '.'], dir);
      assert.equal(r.status, 2, r.stderr);
      const line = r.stderr.split('\n').find((l) => attack.message.test(l));
      assert.ok(line, r.stderr);
      assert.ok(line.startsWith(`keyscope: .keyscope.json:${attack.at.line + 1}:${attack.at.character + 1}: `), line);
      for (const file of ['keys/a.kms.json', 'other/policy.json']) assert.match(r.stdout, new RegExp(`^${file}:\\d+:\\d+ error .*\\[unknown-action\\]$`, 'm'), file);
      assert.match(r.stdout, /^keys\/staged\.kms\.json:.*\[cross-stage-access\]$/m);
      assert.doesNotMatch(r.stdout + r.stderr, /analysis-limit|internal error/);
    });
  }

  for (const hostile of HOSTILE_FILES) {
    it(`lint with a .keyscope.json that is ${hostile.name}: refused unread, every file linted, exit 2`, (t) => {
      const dir = folder();
      if (!hostile.make(dir)) return t.skip(hostile.unavailable);
      const r = cli(['lint', '.'], dir);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^keyscope: \\.keyscope\\.json:1:1: \\.keyscope\\.json ${hostile.reason.source}: it is ignored$`, 'm'));
      assert.doesNotMatch(r.stderr, /root:/, 'no bytes of the file are shown');
      assert.match(r.stdout, /^keys\/a\.kms\.json:\d+:\d+ error .*\[unknown-action\]$/m);
    });
  }

  it('discovery stops at the repository root (the folder holding .git), or at the current folder outside one', () => {
    const parent = mkdtempSync(join(tmpdir(), 'keyscope-cli-parent-'));
    writeFileSync(join(parent, '.keyscope.json'), JSON.stringify({ rules: { 'unknown-action': 'off' } }));
    const repo = join(parent, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'keys'));
    writeFileSync(join(repo, 'keys', 'a.kms.json'), POLICY);
    const inRepo = cli(['lint', 'keys'], repo);
    assert.equal(inRepo.status, 1, 'the parent folder\'s config is not read');
    assert.match(inRepo.stdout, /\[unknown-action\]/);
    // From a subfolder of the repository, the repository root still bounds the walk.
    assert.equal(cli(['lint', '.'], join(repo, 'keys')).status, 1);
    // Outside a repository the current folder bounds it.
    const plain = join(parent, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'a.kms.json'), POLICY);
    assert.equal(cli(['lint', '.'], plain).status, 1);
    // A config inside the repository applies, with globs relative to its folder.
    writeFileSync(join(repo, 'keys', '.keyscope.json'), JSON.stringify({ overrides: [{ files: ['a.kms.json'], rules: { 'unknown-action': 'off' } }] }));
    assert.equal(cli(['lint', 'keys'], repo).status, 0);
    const shown = JSON.parse(cli(['settings', 'keys/a.kms.json'], repo).stdout);
    assert.equal(shown.config, join(repo, 'keys', '.keyscope.json'));
    assert.equal(shown.relPath, 'a.kms.json');
    assert.equal(shown.settings.rules['unknown-action'], 'off');
  });
});
