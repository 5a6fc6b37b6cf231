import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generatePolicy } from '../../server/src/generate';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const cli = (args: string[], cwd?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

const A = '111122223333';
const role = (n: string) => `arn:aws:iam::${A}:role/${n}`;
const APP = ['new', '--scope', 'app', '--stage', 'prod', '--account', A, '--admin', role('ci-deployer'), '--reader', role('billing-app'), '--writer', role('billing-app')];

describe('keyscope new', () => {
  it('prints the generated policy on standard output, the same as the generator', () => {
    const r = cli([...APP, '--name', 'billing']);
    assert.equal(r.status, 0, r.stderr);
    const expected = generatePolicy({ scope: 'app', stage: 'prod', account: A, scopeName: 'billing', admins: [role('ci-deployer')], readers: [role('billing-app')], writers: [role('billing-app')], format: 'json' });
    assert.equal(r.stdout, expected.text);
  });

  it('asks for --name instead of guessing one from a principal, as the editor\'s generator does', () => {
    const r = cli(APP);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /missing --name/);
    assert.doesNotMatch(r.stderr + r.stdout, /billing-app-prod|application-billing/);
  });

  it('takes repeated flags and comma-separated lists', () => {
    const r = cli(['new', '--scope', 'team', '--stage', 'dev', '--account', A, '--admin', role('ci'), '--reader', `${role('a')},${role('b')}`, '--reader', role('c'), '--writer', role('a'), '--name', 'docs']);
    assert.equal(r.status, 0, r.stderr);
    const read = JSON.parse(r.stdout).Statement.find((s: { Sid: string }) => s.Sid === 'AllowReadData');
    assert.deepEqual(read.Principal.AWS, [role('a'), role('b'), role('c')]);
  });

  it('--format tf and tf-doc write Terraform', () => {
    assert.match(cli([...APP, '--name', 'billing', '--format', 'tf']).stdout, /policy = jsonencode\(\{/);
    assert.match(cli([...APP, '--name', 'billing', '--format', 'tf-doc']).stdout, /data "aws_iam_policy_document"/);
  });

  it('--out writes a file (format from its extension), into a directory under the proposed name, and never overwrites without --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-new-'));
    let r = cli([...APP, '--name', 'billing', '--out', 'keys.tf'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^wrote keys\.tf: Application \+ Stage key for billing \(prod\)/);
    assert.match(readFileSync(join(dir, 'keys.tf'), 'utf8'), /resource "aws_kms_key" "billing_prod"/);
    r = cli([...APP, '--name', 'billing', '--out', '.'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'billing-prod.kms.json')));
    writeFileSync(join(dir, 'keys.tf'), 'keep');
    r = cli([...APP, '--name', 'billing', '--out', 'keys.tf'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /keys\.tf exists; use --force/);
    assert.equal(readFileSync(join(dir, 'keys.tf'), 'utf8'), 'keep');
    assert.equal(cli([...APP, '--name', 'billing', '--out', 'keys.tf', '--force'], dir).status, 0);
    // The written files lint clean.
    r = cli(['lint', 'keys.tf', 'billing-prod.kms.json'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('--help prints the usage and exits 0', () => {
    const r = cli(['new', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Usage: keyscope new/);
    assert.match(r.stdout, /Functional Domain \+ Stage/);
  });

  it('exits 2 with every problem listed and no stack trace on invalid input', () => {
    const cases: [string[], RegExp][] = [
      [['new', '--scope', 'app', '--stage', 'prod'], /missing --account/],
      [['new', '--scope', 'org', '--stage', 'prod', '--account', A, '--name', 'x'], /unknown scope "org"/],
      [[...APP, '--name', 'billing', '--format', 'yaml'], /unknown format "yaml"/],
      [[...APP.slice(0, 6), '1234567890', ...APP.slice(7), '--name', 'billing'], /12 digits; "1234567890" has 10/],
      [[...APP, '--name', 'billing', '--reader', 'arn:aws:iam::111122223333:group/devs'], /IAM groups cannot be principals/],
      [[...APP, '--name', 'billing', '--admin', role('billing-app')], /both an administrator and a data user/],
      [['new', '--scope', 'domain', '--stage', 'prod', '--account', A, '--name', 'orders', '--admin', role('ci')], /at least one reader or writer/],
      [['new', '--scope', 'bu', '--stage', 'prod', '--account', A], /missing --name/],
      [[...APP, '--name', 'billing', '--bogus'], /Unknown option '--bogus'/],
      [[...APP, '--name', 'billing', 'extra'], /positional/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /^keyscope: /);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.equal(r.stdout, '');
    }
  });

  it('a Business Unit key needs only a name', () => {
    const r = cli(['new', '--scope', 'bu', '--stage', 'prod', '--account', A, '--name', 'payments']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Statement.length, 1);
  });
});
