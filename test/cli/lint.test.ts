import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mkfifo, sparseFile, tempFolder, TWO_GIB } from '../helpers/hostile-files';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const cli = (args: string[], cwd?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

const GOOD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] }, null, 2);
const BAD = GOOD.replace('"kms:*"', '"kms:Decrpyt"'); // line 9 of the file

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-cli-'));
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'keys', 'good.kms.json'), GOOD);
  writeFileSync(join(dir, 'keys', 'bad.kms.json'), BAD);
  writeFileSync(join(dir, 'package.json'), '{"name":"not a policy"}');
  return dir;
}

describe('keyscope lint', () => {
  it('names statements by Sid, else by their 1-based number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-cli-'));
    const role = 'arn:aws:iam::111122223333:role/App';
    const statements = [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Administer', Effect: 'Allow', Principal: { AWS: role }, Action: 'kms:PutKeyPolicy', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: role }, Action: 'kms:Decrypt', Resource: '*' },
    ];
    writeFileSync(join(dir, 'app.kms.json'), JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2));
    const r = cli(['lint', 'app.kms.json'], dir);
    assert.match(r.stdout, /administers this key \(kms:PutKeyPolicy, statement "Administer"\) and decrypts with it \(kms:Decrypt, statement 3\)/, r.stdout);
  });

  it('prints compiler-style lines and exits 1 on an error', () => {
    const dir = workspace();
    const r = cli(['lint', 'keys'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^keys\/bad\.kms\.json:9:\d+ error "kms:Decrpyt" is not a KMS action\..* \[unknown-action\]$/m);
    assert.doesNotMatch(r.stdout, /good\.kms\.json:\d+:\d+ (error|warning)/); // notes (root-delegation) are fine
  });

  it('exits 0 on a clean file', () => {
    const dir = workspace();
    const r = cli(['lint', 'keys/good.kms.json'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('--format json prints 0-based LSP ranges', () => {
    const dir = workspace();
    const r = cli(['lint', '--format', 'json', 'keys/bad.kms.json'], dir);
    const out = JSON.parse(r.stdout);
    const f = out.find((x: { ruleId: string }) => x.ruleId === 'unknown-action');
    assert.deepEqual(Object.keys(f).sort(), ['file', 'message', 'range', 'ruleId', 'severity']);
    assert.equal(f.range.start.line, 8);
    assert.equal(f.file, 'keys/bad.kms.json');
  });

  it('--format sarif produces SARIF 2.1.0 with rules and 1-based regions', () => {
    const dir = workspace();
    const r = cli(['lint', '--format', 'sarif', 'keys'], dir);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'keyscope');
    assert.ok(run.tool.driver.rules.every((x: { id: string; helpUri: string }) => x.id && x.helpUri.endsWith(`${x.id}.md`)));
    const res = run.results.find((x: { ruleId: string }) => x.ruleId === 'unknown-action');
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'unknown-action');
    assert.equal(res.level, 'error');
    assert.equal(res.locations[0].physicalLocation.region.startLine, 9);
    assert.ok(['error', 'warning', 'note', 'none'].includes(res.level));
  });

  it('--max-warnings fails a run with too many warnings', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'w.kms.json'), GOOD.replace('"Resource": "*"', '"Resource": "arn:aws:kms:eu-west-1:111122223333:key/x"'));
    assert.equal(cli(['lint', 'w.kms.json'], dir).status, 0);
    assert.equal(cli(['lint', '--max-warnings', '0', 'w.kms.json'], dir).status, 1);
  });

  it('honours .keyscope.json rule levels and overrides', () => {
    const dir = workspace();
    writeFileSync(join(dir, '.keyscope.json'), JSON.stringify({ overrides: [{ files: ['keys/bad.kms.json'], rules: { 'unknown-action': 'off' } }] }));
    const r = cli(['lint', 'keys'], dir);
    assert.equal(r.status, 0, r.stdout);
  });

  it('exits 2 with a message and no stack trace on bad usage, missing files and invalid config', () => {
    const dir = workspace();
    for (const args of [['lint'], ['lint', 'nope.json'], ['lint', '--format', 'xml', 'keys'], ['frobnicate'], ['lint', '--max-warnings', 'x', 'keys']]) {
      const r = cli(args, dir);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /^keyscope: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    writeFileSync(join(dir, '.keyscope.json'), '{"rules": {"unknown-action": "loud"}}');
    const r = cli(['lint', 'keys'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^keyscope: \.keyscope\.json:1:30: rules\.unknown-action must be one of error, warning, info, hint, off; it is ignored$/m);
    assert.match(r.stdout, /bad\.kms\.json:9:\d+ error .*\[unknown-action\]/, 'the files are still linted');
    // A rule id no rule has (as ESLint reports a rule it has no definition for): a misspelt id turns nothing off.
    writeFileSync(join(dir, '.keyscope.json'), '{"rules": {"unknown-acton": "off"}}');
    const misspelt = cli(['lint', 'keys'], dir);
    assert.equal(misspelt.status, 2);
    assert.match(misspelt.stderr, /^keyscope: \.keyscope\.json:1:12: rules\.unknown-acton: no Keyscope rule has this id \(did you mean "unknown-action"\?\); it is ignored$/m);
    assert.match(misspelt.stdout, /\[unknown-action\]/, 'the rule it meant still runs');
  });
});

describe('keyscope lint: files it must not read whole', () => {
  it('a FIFO named on the command line is refused (exit 2), never read', () => {
    const ws = tempFolder('keyscope-cli-fifo-');
    try {
      mkfifo(join(ws.dir, 'pipe.tf'));
      const r = cli(['lint', 'pipe.tf'], ws.dir);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /cannot read .*pipe\.tf: not a regular file \(it is a named pipe \(FIFO\)\)/);
    } finally {
      ws.remove();
    }
  });

  it('a 2 GiB sparse .tf is reported as over the limit from its size; FIFOs and huge files beside a module are noted', () => {
    const ws = tempFolder('keyscope-cli-huge-');
    try {
      sparseFile(join(ws.dir, 'huge.tf'), TWO_GIB);
      mkdirSync(join(ws.dir, 'mod'));
      mkfifo(join(ws.dir, 'mod', 'policy.json'));
      writeFileSync(join(ws.dir, 'mod', 'main.tf'), 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = file("${path.module}/policy.json")\n}\n');
      const r = cli(['lint', '--format', 'json', '.'], ws.dir);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const findings = JSON.parse(r.stdout) as { file: string; ruleId: string; message: string; severity: string; range: { start: { line: number } } }[];
      const huge = findings.find((f) => f.file === 'huge.tf');
      assert.equal(huge?.ruleId, 'analysis-limit');
      assert.match(huge?.message ?? '', /^Not analysed: this file is 2\.0 GB, over the 2\.0 MB limit/);
      const note = findings.find((f) => f.file === 'mod/main.tf' && f.ruleId === 'analysis-limit');
      assert.equal(note?.severity, 'info');
      assert.equal(note?.range.start.line, 2);
      assert.match(note?.message ?? '', /^Skipped policy\.json: not a regular file/);
    } finally {
      ws.remove();
    }
  });
});
