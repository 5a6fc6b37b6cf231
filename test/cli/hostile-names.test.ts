import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

/** Characters a terminal acts on, or that reorder what it shows; never printed raw. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** ESC (clear screen), BEL, a line break followed by a forged finding, and a right-to-left override. */
const EVIL = 'e\u001b[2J\u0007\nforged.kms.json:1:1 error forged finding [unknown-action]\n\u202ex.kms.json';
/** Characters a URI must percent-encode, and a colon where a scheme would be. */
const ODD = 'a:b #1 ?%20 [x].kms.json';

const POLICY = (action: string, principal: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: principal }, Action: action, Resource: '*' }] }, null, 2);

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-names-'));
  mkdirSync(join(dir, 'keys'));
  writeFileSync(join(dir, 'keys', EVIL), POLICY('kms:De\u001b[31mcrypt\u0007', 'arn:aws:iam::111122223333:role/\u202enimda'));
  writeFileSync(join(dir, 'keys', ODD), POLICY('kms:Decrpyt', 'arn:aws:iam::111122223333:role/app'));
  return dir;
}

describe('hostile file names and policy text in CLI output', () => {
  const dir = workspace();

  it('text: one line per finding, names quoted and escaped, nothing raw', () => {
    const r = cli(['lint', 'keys'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stdout, RAW);
    const json = JSON.parse(cli(['lint', '--format', 'json', 'keys'], dir).stdout) as unknown[];
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, json.length + 1, 'every finding is one line, plus the summary');
    assert.ok(!lines.some((l) => l.startsWith('forged')), 'no forged finding line');
    const evil = lines.filter((l) => l.startsWith('"keys/e\\x1b[2J\\a\\nforged.kms.json:1:1 error forged finding [unknown-action]\\n\\u202ex.kms.json":'));
    assert.ok(evil.length > 0, r.stdout);
    assert.ok(lines.some((l) => l.includes('"kms:De\\x1b[31mcrypt\\a"')), 'the policy string is escaped in the message');
    assert.ok(lines.some((l) => l.includes('role/\\u202enimda')), 'the reversing principal is escaped in the message');
    assert.ok(lines.some((l) => l.startsWith(`keys/${ODD}:`)), 'a plain name is printed as it is');
  });

  it('json: the names and strings as they are, with no raw control or bidi character on the terminal', () => {
    const r = cli(['lint', '--format', 'json', 'keys'], dir);
    assert.doesNotMatch(r.stdout, RAW);
    const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file));
    assert.deepEqual([...files].sort(), [`keys/${EVIL}`, `keys/${ODD}`].sort());
  });

  it('sarif: every artifact URI is a valid, percent-encoded URI reference that resolves to its file', () => {
    const outside = mkdtempSync(join(tmpdir(), 'keyscope-outside-'));
    writeFileSync(join(outside, EVIL), POLICY('kms:Decrpyt', 'arn:aws:iam::111122223333:role/app'));
    const r = cli(['lint', '--format', 'sarif', 'keys', join(outside, EVIL)], dir);
    assert.doesNotMatch(r.stdout, RAW);
    const uris: string[] = JSON.parse(r.stdout).runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.length >= 3);
    const base = pathToFileURL(dir + '/');
    const resolved = new Set<string>();
    for (const uri of uris) {
      // RFC 3986: only unreserved, reserved and percent-encoded characters.
      assert.match(uri, /^([A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$/, uri);
      if (!uri.startsWith('file:')) assert.doesNotMatch(uri, /^[^/]*:/, 'a relative URI must not read as a scheme');
      const url = new URL(uri, base);
      assert.equal(new URL(url.href).href, url.href, 'round-trips');
      resolved.add(fileURLToPath(url));
    }
    assert.deepEqual([...resolved].sort(), [join(dir, 'keys', EVIL), join(dir, 'keys', ODD), join(outside, EVIL)].sort());
  });

  it('access: text and Markdown escape the file name and a reversing principal', () => {
    const who = 'arn:aws:iam::111122223333:role/\u202etset';
    for (const format of ['text', 'markdown']) {
      const r = cli(['access', '--format', format, '--principal', who, join('keys', EVIL)], dir);
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stdout, RAW, format);
      assert.ok(r.stdout.includes('role/\\u202etset'), `${format}: the what-if principal, escaped`);
      // Markdown also escapes the bracket.
      assert.ok(r.stdout.includes(format === 'markdown' ? '\\x1b\\[2J' : '\\x1b[2J'), `${format}: the policy name (the file name), escaped`);
    }
    const json = cli(['access', '--format', 'json', '--principal', who, join('keys', EVIL)], dir);
    assert.doesNotMatch(json.stdout, RAW);
    assert.ok(JSON.parse(json.stdout).policies[0].principals.some((p: { id: string }) => p.id === who));
  });

  it('new: the file written is named quoted and escaped', () => {
    const out = 'w\u001b[2J\n\u202ex.kms.json';
    const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
    const r = cli(['new', '--scope', 'app', '--stage', 'prod', '--account', '111122223333', '--admin', role('deployer'), '--reader', role('app'), '--writer', role('app'), '--name', 'billing', '--out', out], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, RAW);
    assert.match(r.stdout, /^wrote "w\\x1b\[2J\\n\\u202ex\.kms\.json": /);
  });

  it('errors on stderr quote the name', () => {
    const r = cli(['lint', join('keys', 'missing\u001b[2J\n.kms.json')], dir);
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.stderr, RAW);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^keyscope: cannot read "keys\/missing\\x1b\[2J\\n\.kms\.json": /);
  });
});
