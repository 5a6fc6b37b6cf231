/**
 * `keyscope diff` against scratch git repositories made with the real `git`: JSON and Terraform keys, a change
 * in a .tfvars only, a removed Deny, added and removed keys, two commits, every output format, the exit codes
 * of --fail-on, and the inputs that must not crash it (not a repository, an unknown revision, a shallow clone,
 * binary and huge files, conflict markers, a base that does not parse).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { git } from '../helpers/git';

const REPO = join(__dirname, '..', '..');
const CLI = join(REPO, 'server', 'out', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });


/** A new repository holding `files`, committed. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-diff-'));
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

const ACCOUNT = '111122223333';
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const ROOT = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
const ADMIN = { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: role('admin') }, Action: 'kms:*', Resource: '*' };
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n';
/** The 1-based line of the statement whose Sid is `sid` in a policy written by `policy()` (its `{` is the line above). */
const lineOfSid = (text: string, sid: string) => text.slice(0, text.indexOf(`"Sid": "${sid}"`)).split('\n').length - 1;
const users = (principals: string[], actions: string[]) => ({ Sid: 'Users', Effect: 'Allow', Principal: { AWS: principals }, Action: actions, Resource: '*' });

interface Change {
  principal: string;
  label: string;
  action: string | null;
  actions: string[];
  capability: string;
  before: string;
  after: string;
  newAccess: boolean;
  conditions: { before: string[]; after: string[] };
  statements: { before: { file: string; line: number }[]; after: { file: string; line: number }[] };
}
interface Report {
  base: { ref: string | null; commit: string | null };
  head: { ref: string | null; commit: string | null };
  keys: { name: string; file: string; status: string; changes: Change[] }[];
  notes: string[];
}

function json(dir: string, extra: string[] = []): Report {
  const r = cli(['diff', '--format', 'json', ...extra], dir);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

const changeOf = (r: Report, key: string, principal: string, action: string) => {
  const k = r.keys.find((x) => x.name === key);
  assert.ok(k, `key ${key} in ${JSON.stringify(r.keys.map((x) => x.name))}`);
  return k.changes.find((c) => c.principal === principal && c.actions.includes(action));
};

describe('keyscope diff', () => {
  it('reports a principal that can now decrypt, with the statement that grants it, in every format', () => {
    const before = policy(ROOT, ADMIN, users([role('app')], ['kms:Decrypt']));
    const dir = repo({ 'keys/app.kms.json': before });
    const rootLine = lineOfSid(before, 'Root');
    const after = policy(ROOT, ADMIN, users([role('app'), role('analyst')], ['kms:Decrypt']));
    write(dir, { 'keys/app.kms.json': after });
    const usersLine = lineOfSid(after, 'Users');

    const report = json(dir);
    assert.equal(report.base.ref, 'HEAD');
    assert.match(report.base.commit ?? '', /^[0-9a-f]{40}$/);
    assert.deepEqual(report.head, { ref: null, commit: null });
    const [key] = report.keys;
    assert.deepEqual([key.name, key.file, key.status], ['keys/app.kms.json', 'keys/app.kms.json', 'changed']);
    const c = changeOf(report, 'keys/app.kms.json', role('analyst'), 'kms:Decrypt');
    assert.ok(c);
    assert.equal(c.label, `role/analyst (${ACCOUNT})`);
    // Before the change the analyst was not named, but the account root delegates to IAM: `iam`, never `none`.
    assert.deepEqual([c.before, c.after, c.newAccess, c.capability, c.action], ['iam', 'allow', true, 'readData', 'kms:Decrypt']);
    assert.deepEqual(c.statements.after, [{ file: 'keys/app.kms.json', line: usersLine }]);
    // Nobody else changed.
    assert.deepEqual(key.changes.map((x) => x.principal), [role('analyst')]);

    const text = cli(['diff'], dir);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^Access diff: HEAD \([0-9a-f]{12}\) -> the working tree$/m);
    assert.match(text.stdout, new RegExp(String.raw`\+ role/analyst \(111122223333\) {2}Read data: kms:Decrypt: iam -> allow {2}\[before keys/app\.kms\.json:${rootLine} · after keys/app\.kms\.json:${usersLine}\]`));

    const markdown = cli(['diff', '--format', 'markdown'], dir);
    assert.equal(markdown.status, 0, markdown.stderr);
    assert.match(markdown.stdout, /^## Keyscope access diff$/m);
    assert.match(markdown.stdout, /^- role\/analyst \(111122223333\) can now Decrypt on keys\/app\.kms\.json$/m);
    assert.ok(markdown.stdout.includes(`| ➕ | role/analyst (111122223333) | Read data: kms:Decrypt | iam | allow | before keys/app.kms.json:${rootLine} · after keys/app.kms.json:${usersLine} |`), markdown.stdout);

    const sarif = cli(['diff', '--format', 'sarif'], dir);
    assert.equal(sarif.status, 0, sarif.stderr);
    const log: { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: unknown }[] }[] }[] } = JSON.parse(sarif.stdout);
    const multitool = ['linux', 'darwin', 'win32'].map((p) => join(REPO, 'node_modules', '@microsoft', `sarif-multitool-${p}`)).find((d) => existsSync(d));
    assert.ok(multitool, 'the SARIF Multitool package holds the schema');
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(join(multitool, 'sarif-2.1.0.json'), 'utf8')));
    assert.ok(validate(JSON.parse(sarif.stdout)), JSON.stringify(validate.errors?.slice(0, 3)));
    const [result] = log.runs[0].results;
    assert.equal(log.runs[0].results.length, 1);
    assert.equal(result.ruleId, 'new-access');
    assert.deepEqual(result.locations[0].physicalLocation, { artifactLocation: { uri: 'keys/app.kms.json', uriBaseId: '%SRCROOT%' }, region: { startLine: usersLine } });
    assert.match(result.message.text, /role\/analyst \(111122223333\) can now Decrypt on keys\/app\.kms\.json \(iam -> allow\)/);
  });

  it('exits 1 with --fail-on new-access only when someone gains access; any-change counts removals too', () => {
    const dir = repo({ 'app.kms.json': policy(ROOT, ADMIN, users([role('app'), role('old')], ['kms:Decrypt'])) });
    assert.equal(cli(['diff', '--fail-on', 'new-access'], dir).status, 0, 'no change');
    assert.equal(cli(['diff', '--fail-on', 'any-change'], dir).status, 0, 'no change');
    write(dir, { 'app.kms.json': policy(ROOT, ADMIN, users([role('app')], ['kms:Decrypt'])) });
    const removal = json(dir);
    const c = changeOf(removal, 'app.kms.json', role('old'), 'kms:Decrypt');
    assert.ok(c);
    assert.deepEqual([c.before, c.after, c.newAccess], ['allow', 'iam', false]);
    assert.equal(cli(['diff', '--fail-on', 'new-access'], dir).status, 0, 'only a removal');
    assert.equal(cli(['diff', '--fail-on', 'any-change'], dir).status, 1);
    assert.match(cli(['diff'], dir).stdout, /No new access; access was only removed or narrowed\./);
    write(dir, { 'app.kms.json': policy(ROOT, ADMIN, users([role('app')], ['kms:Decrypt', 'kms:Encrypt'])) });
    assert.equal(cli(['diff', '--fail-on', 'new-access'], dir).status, 1);
  });

  it('sees a removed Deny as new access', () => {
    const deny = { Sid: 'NoContractors', Effect: 'Deny', Principal: { AWS: role('contractor') }, Action: 'kms:Decrypt', Resource: '*' };
    const base = policy(ROOT, ADMIN, users([role('contractor')], ['kms:Decrypt', 'kms:Encrypt']), deny);
    const dir = repo({ 'app.kms.json': base });
    write(dir, { 'app.kms.json': policy(ROOT, ADMIN, users([role('contractor')], ['kms:Decrypt', 'kms:Encrypt'])) });
    const c = changeOf(json(dir), 'app.kms.json', role('contractor'), 'kms:Decrypt');
    assert.ok(c);
    assert.deepEqual([c.before, c.after, c.newAccess], ['deny', 'allow', true]);
    assert.deepEqual(c.statements.before, [{ file: 'app.kms.json', line: lineOfSid(base, 'NoContractors') }], 'the Deny that decided it before');
  });

  it('shows a change made only in terraform.tfvars on the key it reaches, by resource address', () => {
    const tf = `variable "readers" {
  type = list(string)
}

resource "aws_kms_key" "orders" {
  description         = "orders"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Readers", Effect = "Allow", Principal = { AWS = var.readers }, Action = ["kms:Decrypt"], Resource = "*" },
    ]
  })
}
`;
    const dir = repo({ 'infra/main.tf': tf, 'infra/terraform.tfvars': `readers = ["${role('app')}"]\n` });
    write(dir, { 'infra/terraform.tfvars': `readers = ["${role('app')}", "${role('app', '444455556666')}"]\n` });
    const report = json(dir);
    assert.deepEqual(report.keys.map((k) => [k.name, k.file, k.status]), [['aws_kms_key.orders', 'infra/main.tf', 'changed']]);
    const c = changeOf(report, 'aws_kms_key.orders', role('app', '444455556666'), 'kms:Decrypt');
    assert.ok(c);
    // Another account's role needs its own IAM policy too: `iam`.
    assert.deepEqual([c.before, c.after, c.newAccess], ['none', 'iam', true]);
    assert.deepEqual(c.statements.after, [{ file: 'infra/main.tf', line: 12 }]);
    assert.match(cli(['diff', '--format', 'markdown'], dir).stdout, /\*\*New access\*\* \(1\):\n\n- role\/app \(444455556666\) can now Decrypt on aws\\_kms\\_key\.orders, if its IAM policy allows it\n/);
  });

  it('matches a key moved to another file of its module, and reports added and removed keys', () => {
    const key = (name: string, principal: string) => `resource "aws_kms_key" "${name}" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Use", Effect = "Allow", Principal = { AWS = "${principal}" }, Action = "kms:Decrypt", Resource = "*" },
    ]
  })
}
`;
    const dir = repo({ 'main.tf': key('a', role('a')) + key('gone', role('g')), 'old.kms.json': policy(ROOT, ADMIN) });
    rmSync(join(dir, 'old.kms.json'));
    write(dir, { 'main.tf': key('gone', role('g')).replace('"gone"', '"kept"'), 'kms.tf': key('a', role('a')), 'new.kms.json': policy(ROOT, users(['*'], ['kms:Decrypt'])) });
    const report = json(dir);
    const status = Object.fromEntries(report.keys.map((k) => [k.name, k.status]));
    assert.deepEqual(status, { 'aws_kms_key.a': 'unchanged', 'aws_kms_key.kept': 'added', 'aws_kms_key.gone': 'removed', 'new.kms.json': 'added', 'old.kms.json': 'removed' });
    const pub = changeOf(report, 'new.kms.json', '*', 'kms:Decrypt');
    assert.ok(pub);
    assert.deepEqual([pub.before, pub.after, pub.newAccess], ['none', 'allow', true]);
    // The public grant comes first in every report.
    const text = cli(['diff'], dir).stdout;
    assert.ok(text.indexOf('new.kms.json') < text.indexOf('aws_kms_key.kept'), text);
  });

  it('compares two commits with --head, and only the paths given', () => {
    const dir = repo({ 'a/app.kms.json': policy(ROOT, users([role('app')], ['kms:Decrypt'])), 'b/app.kms.json': policy(ROOT, users([role('app')], ['kms:Decrypt'])) });
    const first = git(dir, 'rev-parse', 'HEAD');
    write(dir, { 'a/app.kms.json': policy(ROOT, users([role('app')], ['kms:Decrypt', 'kms:Encrypt'])), 'b/app.kms.json': policy(ROOT, users([role('app'), role('b')], ['kms:Decrypt'])) });
    git(dir, 'commit', '-qam', 'second');
    write(dir, { 'a/app.kms.json': policy(ROOT) });
    const report = json(dir, ['--base', first, '--head', 'HEAD', 'a']);
    assert.equal(report.head.ref, 'HEAD');
    assert.deepEqual(report.keys.map((k) => k.name), ['a/app.kms.json']);
    const c = changeOf(report, 'a/app.kms.json', role('app'), 'kms:Encrypt');
    assert.ok(c, 'the committed change, not the working tree');
    assert.deepEqual([c.before, c.after], ['iam', 'allow']);
    // From a subfolder, PATH is relative to it and the default is that folder.
    const sub = cli(['diff', '--format', 'json', '--base', first, '--head', 'HEAD'], join(dir, 'b'));
    assert.deepEqual(JSON.parse(sub.stdout).keys.map((k: { name: string }) => k.name), ['b/app.kms.json']);
  });

  it('says what is wrong with a folder outside git, an unknown revision, a bad option and a shallow clone', () => {
    const outside = mkdtempSync(join(tmpdir(), 'keyscope-nogit-'));
    const r1 = cli(['diff'], outside);
    assert.equal(r1.status, 2);
    assert.match(r1.stderr, /is not inside a git repository/);
    const dir = repo({ 'app.kms.json': policy(ROOT) });
    const r2 = cli(['diff', '--base', 'no-such-branch'], dir);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /unknown revision "no-such-branch"/);
    const r3 = cli(['diff', '--base', '--output=x'], dir);
    assert.equal(r3.status, 2);
    assert.equal(cli(['diff', '--format', 'xml'], dir).status, 2);
    assert.equal(cli(['diff', '--fail-on', 'always'], dir).status, 2);
    assert.equal(cli(['diff', '../elsewhere'], dir).status, 2);
    // A shallow clone without the base: how to fetch it.
    write(dir, { 'app.kms.json': policy(ROOT, ADMIN) });
    git(dir, 'commit', '-qam', 'second');
    const clone = mkdtempSync(join(tmpdir(), 'keyscope-shallow-'));
    git(clone, 'clone', '-q', '--depth', '1', `file://${dir}`, 'c');
    const r4 = cli(['diff', '--base', 'HEAD~1'], join(clone, 'c'));
    assert.equal(r4.status, 2);
    assert.match(r4.stderr, /unknown revision "HEAD~1"; this is a shallow clone: fetch the revision first/);
  });

  it('compares what it can when files are binary, huge, conflicted, unparsable or new', () => {
    const dir = repo({ 'broken.kms.json': '{ "Version": "2012-10-17", "Statement": [ {', 'bin.kms.json': 'x\0y' });
    write(dir, {
      'broken.kms.json': policy(ROOT, users([role('app')], ['kms:Decrypt'])),
      'huge.kms.json': ' '.repeat(2 * 1024 * 1024) + policy(ROOT),
      'conflict.kms.json': `<<<<<<< HEAD\n${policy(ROOT)}=======\n${policy(ROOT, ADMIN)}>>>>>>> other\n`,
    });
    const r = cli(['diff', '--format', 'json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.match(r.stderr, /note: bin\.kms\.json in HEAD is not compared: it is a binary file/);
    assert.match(r.stderr, /note: huge\.kms\.json in the working tree is not compared: \d+ KB, over the \d+ KB limit/);
    assert.match(r.stderr, /note: conflict\.kms\.json has unresolved merge conflict markers/);
    assert.match(r.stderr, /note: bin\.kms\.json in the working tree is not compared: it is a binary file/);
    assert.equal(report.notes.length, 4);
    // The base did not parse: its access is what could be read of it; the diff is still reported.
    const broken = report.keys.find((k) => k.name === 'broken.kms.json');
    assert.ok(broken && broken.status !== 'unchanged');
  });

  it('writes the report to --output', () => {
    const dir = repo({ 'app.kms.json': policy(ROOT) });
    write(dir, { 'app.kms.json': policy(ROOT, users(['*'], ['kms:Decrypt'])) });
    const out = join(dir, 'diff.md');
    const r = cli(['diff', '--format', 'markdown', '--output', out, '--fail-on', 'new-access'], dir);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(readFileSync(out, 'utf8'), /^- anyone \(\\\*\) can now Decrypt on app\.kms\.json$/m);
  });
});

describe('keyscope diff through Terraform modules', () => {
  const module = (actions: string) => `variable "users" {
  type = list(string)
}

resource "aws_kms_key" "this" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::${ACCOUNT}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Use", Effect = "Allow", Principal = { AWS = var.users }, Action = [${actions}], Resource = "*" },
    ]
  })
}
`;
  const caller = `provider "aws" {}

module "orders" {
  source = "../../modules/kms"
  users  = ["${role('orders')}"]
}

module "billing" {
  source = "../../modules/kms"
  users  = ["${role('billing')}"]
}
`;

  it('shows a change in a module used by two keys on each key, with the principals its callers give', () => {
    const dir = repo({ 'modules/kms/main.tf': module('"kms:Decrypt"'), 'envs/prod/main.tf': caller });
    write(dir, { 'modules/kms/main.tf': module('"kms:Decrypt", "kms:Encrypt"') });
    const report = json(dir);
    assert.deepEqual(
      report.keys.map((k) => [k.name, k.file, k.status]).sort(),
      [
        ['module.billing.aws_kms_key.this', 'envs/prod/main.tf', 'changed'],
        ['module.orders.aws_kms_key.this', 'envs/prod/main.tf', 'changed'],
      ],
      'the module is compared through its calls, not alone with its variables unknown',
    );
    for (const [key, who] of [['module.orders.aws_kms_key.this', 'orders'], ['module.billing.aws_kms_key.this', 'billing']]) {
      const k = report.keys.find((x) => x.name === key)!;
      assert.deepEqual(k.changes.map((c) => [c.principal, c.actions.join(), c.before, c.after]), [[role(who), 'kms:Encrypt', 'iam', 'allow']]);
      assert.deepEqual(k.changes[0].statements.after, [{ file: 'modules/kms/main.tf', line: 11 }], 'the statement that grants it, in the module');
    }
  });

  it('compares a module nothing calls on its own, its variables symbolic', () => {
    const dir = repo({ 'modules/kms/main.tf': module('"kms:Decrypt"') });
    write(dir, { 'modules/kms/main.tf': module('"kms:Decrypt", "kms:Encrypt"') });
    const [k] = json(dir).keys;
    assert.deepEqual([k.name, k.status], ['aws_kms_key.this', 'changed']);
    assert.deepEqual(k.changes.map((c) => [c.principal, c.actions.join(), c.before, c.after]), [['var.users', 'kms:Encrypt', 'none', 'allow']]);
  });

  it('shows a new caller argument as new access on the key that module call creates only', () => {
    const dir = repo({ 'modules/kms/main.tf': module('"kms:Decrypt"'), 'envs/prod/main.tf': caller });
    write(dir, { 'envs/prod/main.tf': caller.replace(`users  = ["${role('billing')}"]`, `users  = ["${role('billing')}", "${role('auditor')}"]`) });
    const report = json(dir);
    const changed = report.keys.filter((k) => k.status !== 'unchanged');
    assert.deepEqual(changed.map((k) => k.name), ['module.billing.aws_kms_key.this']);
    assert.deepEqual(changed[0].changes.map((c) => [c.principal, c.actions.join(), c.before, c.after]), [[role('auditor'), 'kms:Decrypt', 'iam', 'allow']]);
  });
});
