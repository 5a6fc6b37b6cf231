// The CI integrations at the repository's root, run as CI would run them, with the CLI this checkout built in
// place of the npm package: the GitHub Action's script with each input (action.yml), the pre-commit hooks'
// entries on staged files (.pre-commit-hooks.yaml), and the recipes of docs/ci.md.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { load } from 'js-yaml';
import { git } from '../helpers/git';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'server', 'out', 'cli.js');
const SCRIPT = join(ROOT, 'scripts', 'ci', 'action-lint.sh');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const yaml = (p: string) => load(readFileSync(join(ROOT, p), 'utf8'));

interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { steps: { id?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }[] };
}
interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
}

const BAD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: 'kms:Decrpyt', Resource: '*' }] }, null, 2);
// A key policy whose worst finding is a warning (kms:* to a role beyond the account root).
const WARN = JSON.stringify({ Version: '2012-10-17', Statement: [
  { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
  { Sid: 'Ops', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/ops' }, Action: 'kms:*', Resource: '*' },
] }, null, 2);
const GOOD_TF = 'resource "aws_kms_key" "k" {\n  description         = "k"\n  enable_key_rotation = true\n}\n';

/** A repository-like folder with a policy with an error, one with warnings only, and a .tf file. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-ci-'));
  mkdirSync(join(dir, 'policies'));
  mkdirSync(join(dir, 'legacy'));
  writeFileSync(join(dir, 'legacy', 'old.kms.json'), BAD);
  writeFileSync(join(dir, 'policies', 'ops.kms.json'), WARN);
  writeFileSync(join(dir, 'main.tf'), GOOD_TF);
  return dir;
}

/** Runs the Action's script in `dir` with `inputs` as the action passes them; its outputs as a map. */
function action(dir: string, inputs: Record<string, string>): { status: number | null; outputs: Record<string, string>; stderr: string } {
  const outFile = join(dir, 'github-output');
  rmSync(outFile, { force: true });
  const step = (yaml('action.yml') as Action).runs.steps.find((s) => s.id === 'lint')!;
  // The env block maps each input to its variable: `KEYSCOPE_X: ${{ inputs.x }}`.
  const env: Record<string, string> = { ...process.env, GITHUB_OUTPUT: outFile, KEYSCOPE_CLI: CLI } as Record<string, string>;
  const defaults = (yaml('action.yml') as Action).inputs;
  for (const [name, expr] of Object.entries(step.env ?? {})) {
    const input = /inputs\.([\w-]+)/.exec(expr)![1];
    env[name] = inputs[input] ?? defaults[input].default ?? '';
  }
  const r = spawnSync('bash', [SCRIPT], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  const outputs = existsSync(outFile) ? Object.fromEntries(readFileSync(outFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2))) : {};
  return { status: r.status, outputs, stderr: r.stderr };
}

const sarifResults = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0].results;

describe('the GitHub Action', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fresh = () => {
    const d = workspace();
    dirs.push(d);
    return d;
  };

  it('passes every input to the lint step (upload to the upload step), runs the pinned package, uploads under category keyscope', () => {
    const a = yaml('action.yml') as Action;
    const lint = a.runs.steps.find((s) => s.id === 'lint')!;
    const passed = Object.values(lint.env ?? {}).map((e) => /inputs\.([\w-]+)/.exec(e)![1]);
    assert.deepEqual([...passed, 'upload'].sort(), Object.keys(a.inputs).sort());
    // The script, with the helper it sources (which runs the pinned package).
    const script = readFileSync(SCRIPT, 'utf8') + readFileSync(join(ROOT, 'scripts', 'ci', 'run-keyscope.sh'), 'utf8');
    for (const name of Object.keys(lint.env ?? {})) assert.ok(script.includes(`\${${name}`), `the script reads ${name}`);
    assert.equal(a.inputs.version.default, version, 'the action runs the release it belongs to');
    const upload = a.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(upload?.with?.category, 'keyscope');
    assert.match(upload?.with?.sarif_file ?? '', /steps\.lint\.outputs\.sarif-file/);
  });

  it('writes SARIF and reports exit code 1 on an error finding, without failing itself (the upload comes first)', () => {
    const dir = fresh();
    const r = action(dir, {});
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(r.outputs['sarif-file'], 'keyscope.sarif');
    assert.ok(sarifResults(join(dir, 'keyscope.sarif')).some((x) => x.ruleId === 'unknown-action'));
  });

  it('fail-on, exclude, config, paths, var-files and sarif-file become their flags', () => {
    const dir = fresh();
    // Without the file that has the error: warnings fail the run only with fail-on: warning.
    assert.equal(action(dir, { exclude: 'legacy/**\n' }).outputs['exit-code'], '0');
    assert.equal(action(dir, { exclude: 'legacy/**', 'fail-on': 'warning' }).outputs['exit-code'], '1');
    assert.equal(action(dir, { 'fail-on': 'never' }).outputs['exit-code'], '0');
    assert.equal(action(dir, { paths: 'policies main.tf' }).outputs['exit-code'], '0');
    const custom = action(dir, { paths: 'legacy\npolicies', 'sarif-file': 'out/report.sarif' });
    assert.equal(custom.outputs['sarif-file'], 'out/report.sarif');
    assert.ok(sarifResults(join(dir, 'out', 'report.sarif')).some((x) => x.locations[0].physicalLocation.artifactLocation.uri.includes('legacy')));
    writeFileSync(join(dir, 'quiet.json'), JSON.stringify({ rules: { 'unknown-action': 'off' } }));
    assert.equal(action(dir, { config: 'quiet.json' }).outputs['exit-code'], '0');
    // A variable file that does not exist is unreadable input: status 2, from the CLI.
    assert.equal(action(dir, { 'var-files': 'missing.tfvars' }).outputs['exit-code'], '2');
    const bad = action(dir, { 'fail-on': 'sometimes' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /fail-on must be error, warning or never/);
  });

  it('emits only flags keyscope lint documents', () => {
    const help = spawnSync(process.execPath, [CLI, 'lint', '--help'], { encoding: 'utf8' }).stdout;
    const flags = [...readFileSync(SCRIPT, 'utf8').matchAll(/(--[a-z][a-z-]+)/g)].map((m) => m[1]).filter((f) => f !== '--yes');
    assert.ok(flags.length >= 7, flags.join(' '));
    for (const f of new Set(flags)) assert.ok(help.includes(f), `${f} is a keyscope lint flag`);
  });
});

describe('the pre-commit hooks', () => {
  const hooks = yaml('.pre-commit-hooks.yaml') as Hook[];
  const dir = workspace();
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The hook's entry with the staged files appended, as pre-commit runs it, the built CLI standing in for keyscope. */
  function runHook(h: Hook, files: string[]) {
    const words = h.entry.split(' ');
    const at = words.findIndex((w) => w === 'keyscope' || w.startsWith('keyscope@'));
    assert.ok(at >= 0, h.entry);
    const r = spawnSync(process.execPath, [CLI, ...words.slice(at + 1), ...files], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    return r.status;
  }

  it('a pinned npx hook and a system hook, both running keyscope lint on the staged .tf and .json files', () => {
    assert.deepEqual(hooks.map((h) => h.id), ['keyscope', 'keyscope-system']);
    assert.equal(hooks[0].entry, `npx --yes keyscope@${version} lint`);
    assert.equal(hooks[1].entry, 'keyscope lint');
    for (const h of hooks) {
      const files = new RegExp(h.files); // the hook file's own pattern
      for (const f of ['main.tf', 'policies/ops.kms.json', 'legacy/old.kms.json']) assert.ok(files.test(f), `${h.id} takes ${f}`);
      assert.ok(!files.test('README.md') && !files.test('main.tf.bak'));
      assert.equal(runHook(h, ['main.tf', 'policies/ops.kms.json']), 0, 'warnings let the commit through');
      assert.equal(runHook(h, ['main.tf', 'legacy/old.kms.json']), 1, 'an error stops the commit');
    }
  });
});

describe('the recipes in docs/ci.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => load(m[1]) as Record<string, unknown>);
  const dir = workspace();
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('GitHub Actions: uses this action at the release tag, with inputs it has', () => {
    const wf = blocks.find((b) => 'jobs' in b) as { permissions: Record<string, string>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> };
    assert.equal(wf.permissions['security-events'], 'write', 'code scanning uploads need it');
    const step = Object.values(wf.jobs).flatMap((j) => j.steps).find((s) => s.uses?.startsWith('keyscope-dev/keyscope@'));
    assert.equal(step?.uses, `keyscope-dev/keyscope@v${version}`);
    const inputs = Object.keys((yaml('action.yml') as Action).inputs);
    for (const k of Object.keys(step?.with ?? {})) assert.ok(inputs.includes(k), `${k} is an input of the action`);
  });

  it('GitLab CI: the job\'s command writes the SAST report it declares and fails on an error finding', () => {
    const job = blocks.find((b) => 'keyscope' in b && (b.keyscope as { script?: string[] }).script) as { keyscope: { script: string[]; artifacts: { when: string; reports: { sast: string } } } };
    const [line] = job.keyscope.script;
    const words = line.split(' ');
    assert.deepEqual(words.slice(0, 3), ['npx', '--yes', `keyscope@${version}`]);
    const r = spawnSync(process.execPath, [CLI, ...words.slice(3)], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(job.keyscope.artifacts.when, 'always', 'the report is kept when the job fails');
    const report = JSON.parse(readFileSync(join(dir, job.keyscope.artifacts.reports.sast), 'utf8')) as { scan: { type: string }; vulnerabilities: { location: { file: string } }[] };
    assert.equal(report.scan.type, 'sast');
    assert.ok(report.vulnerabilities.some((v) => v.location.file === 'legacy/old.kms.json'), 'the error finding is in the report, its file relative to the job\'s folder');
  });

  it('pre-commit: names this repository at the release tag and a hook it declares', () => {
    const config = blocks.find((b) => 'repos' in b) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    const [repo] = config.repos;
    assert.equal(repo.repo, 'https://github.com/keyscope-dev/keyscope');
    assert.equal(repo.rev, `v${version}`);
    const ids = (yaml('.pre-commit-hooks.yaml') as Hook[]).map((h) => h.id);
    for (const h of repo.hooks) assert.ok(ids.includes(h.id), h.id);
  });
});

describe('the access-diff Action (diff/action.yml)', () => {
  const DIFF_SCRIPT = join(ROOT, 'scripts', 'ci', 'action-diff.sh');
  const ROOT_STATEMENT = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
  const policy = (readers: string[]) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [ROOT_STATEMENT, { Sid: 'Read', Effect: 'Allow', Principal: { AWS: readers }, Action: 'kms:Decrypt', Resource: '*' }] }, null, 2);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** A repository with a key policy on `main` and a working tree that gives one more role Decrypt. */
  function pullRequest(): string {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-ci-diff-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'app.kms.json'), policy(['arn:aws:iam::111122223333:role/app']));
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    writeFileSync(join(dir, 'app.kms.json'), policy(['arn:aws:iam::111122223333:role/app', 'arn:aws:iam::111122223333:role/analyst']));
    // A stand-in for GitHub's CLI that records how it was called.
    writeFileSync(join(dir, 'gh'), '#!/usr/bin/env bash\necho "$@" >> "$(dirname "$0")/gh-calls"\n[ "$4" != "--edit-last" ]\n', { mode: 0o755 });
    return dir;
  }

  function run(dir: string, inputs: Record<string, string>, extra: Record<string, string> = {}) {
    const action = yaml('diff/action.yml') as Action;
    const step = action.runs.steps.find((s) => s.id === 'diff')!;
    const env: Record<string, string> = { ...process.env, GITHUB_OUTPUT: join(dir, 'github-output'), GITHUB_STEP_SUMMARY: join(dir, 'summary.md'), KEYSCOPE_CLI: CLI, KEYSCOPE_GH: join(dir, 'gh'), ...extra } as Record<string, string>;
    for (const [name, expr] of Object.entries(step.env ?? {})) {
      const input = /inputs\.([\w-]+)/.exec(expr)?.[1];
      if (input) env[name] = inputs[input] ?? action.inputs[input].default ?? '';
    }
    rmSync(env.GITHUB_OUTPUT, { force: true });
    const r = spawnSync('bash', [DIFF_SCRIPT], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    const outputs = existsSync(env.GITHUB_OUTPUT) ? Object.fromEntries(readFileSync(env.GITHUB_OUTPUT, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2))) : {};
    return { status: r.status, outputs, stderr: r.stderr };
  }

  it('writes the Markdown report to the job summary and a pull-request comment, and fails on new access when asked', () => {
    const dir = pullRequest();
    const r = run(dir, { base: 'main' }, { KEYSCOPE_PR: '42' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.outputs, { 'exit-code': '0', 'report-file': 'keyscope-diff.md', 'new-access': 'true' });
    const report = readFileSync(join(dir, 'keyscope-diff.md'), 'utf8');
    assert.match(report, /^- role\/analyst \(111122223333\) can now Decrypt on app\.kms\.json$/m);
    assert.equal(readFileSync(join(dir, 'summary.md'), 'utf8'), report);
    // No earlier comment to edit: a new one is posted.
    assert.deepEqual(readFileSync(join(dir, 'gh-calls'), 'utf8').trim().split('\n'), ['pr comment 42 --edit-last --body-file keyscope-diff.md', 'pr comment 42 --body-file keyscope-diff.md']);
    assert.equal(run(dir, { base: 'main', 'fail-on': 'new-access', comment: 'false' }).outputs['exit-code'], '1');
    assert.equal(run(dir, { base: 'main', 'fail-on': 'sometimes' }).status, 2);
  });

  it('compares with origin/<base branch> of the pull request by default, and says so when there is none', () => {
    const dir = pullRequest();
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    const r = run(dir, { comment: 'false' }, { KEYSCOPE_BASE_REF: 'main' });
    assert.equal(r.outputs['exit-code'], '0', r.stderr);
    assert.match(readFileSync(join(dir, 'keyscope-diff.md'), 'utf8'), /origin\/main \([0-9a-f]{12}\) → the working tree/);
    const none = run(dir, { comment: 'false' }, { KEYSCOPE_BASE_REF: '' });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no base/);
  });

  it('has an env entry for each input, and the flags it emits are keyscope diff\'s', () => {
    const action = yaml('diff/action.yml') as Action;
    const step = action.runs.steps.find((s) => s.id === 'diff')!;
    const used = Object.values(step.env ?? {}).map((e) => /inputs\.([\w-]+)/.exec(e)?.[1]).filter(Boolean);
    assert.deepEqual([...used].sort(), Object.keys(action.inputs).sort());
    const help = spawnSync(process.execPath, [CLI, 'diff', '--help'], { encoding: 'utf8' }).stdout;
    const script = readFileSync(DIFF_SCRIPT, 'utf8');
    for (const flag of new Set(script.match(/--(base|format|output|fail-on)\b/g))) assert.ok(help.includes(flag), `${flag} in keyscope diff --help`);
  });
});
