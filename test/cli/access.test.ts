import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KEY_POLICY_ACTIONS } from '../../server/src/catalog';
import { CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../fixtures/policies';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-access-'));
  writeFileSync(join(dir, 'console.kms.json'), CONSOLE_DEFAULT);
  writeFileSync(join(dir, 'k9.kms.json'), K9_LEAST_PRIVILEGE);
  return dir;
}

describe('keyscope access', () => {
  it('--format json has exactly the documented shape, with every key-policy action', () => {
    const dir = workspace();
    const r = cli(['access', '--format', 'json', 'console.kms.json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ['policies']);
    assert.equal(out.policies.length, 1);
    const [p] = out.policies;
    assert.deepEqual(Object.keys(p), ['name', 'keyAccount', 'principals']);
    assert.equal(p.name, 'console.kms.json');
    assert.deepEqual(p.keyAccount, { id: '111122223333', from: 'root', text: '111122223333, the account whose root is granted kms:PutKeyPolicy' });
    assert.deepEqual(p.principals.map((x: { id: string }) => x.id), ['arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:role/KeyAdmin', 'arn:aws:iam::111122223333:role/KeyUser']);
    for (const row of p.principals) {
      assert.deepEqual(Object.keys(row), ['id', 'label', 'actions', 'capabilities']);
      assert.deepEqual(Object.keys(row.actions).sort(), KEY_POLICY_ACTIONS.map((a) => `kms:${a.name}`).sort());
      assert.deepEqual(Object.keys(row.capabilities), ['administer', 'readData', 'writeData', 'destroy', 'readConfig']);
    }
    const user = p.principals[2];
    assert.equal(user.label, 'role/KeyUser (111122223333)');
    assert.equal(user.actions['kms:Decrypt'], 'allow');
    assert.equal(user.actions['kms:PutKeyPolicy'], 'iam');
    // Decrypt and ReEncryptFrom are allowed; Verify, VerifyMac and DeriveSharedSecret only via the account's IAM policies.
    assert.deepEqual(user.capabilities.readData, { value: 'allow', granted: 5, total: 5, text: 'allow 2 · iam 3 of 5', mixed: { allow: 2, iam: 3 } });
  });

  it('--principal adds what-if rows whose id is the string given', () => {
    const dir = workspace();
    const intruder = 'arn:aws:iam::111122223333:role/intruder';
    const partner = 'arn:aws:iam::444455556666:role/partner';
    const r = cli(['access', '--format', 'json', '--principal', intruder, '--principal', partner, 'k9.kms.json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout).policies[0].principals;
    const byId = (id: string) => rows.find((x: { id: string }) => x.id === id);
    assert.equal(byId(intruder).actions['kms:Decrypt'], 'deny');
    assert.equal(byId(intruder).label, 'role/intruder (111122223333) (what if)');
    assert.equal(byId(partner).actions['kms:Decrypt'], 'deny');
    assert.equal(byId('arn:aws:iam::111122223333:role/app').actions['kms:Decrypt'], 'allow');
  });

  it('--format markdown prints a table with counts, the open conditions and a legend', () => {
    const dir = workspace();
    const r = cli(['access', '--format', 'markdown', '--principal', 'arn:aws:iam::111122223333:role/a|b', 'k9.kms.json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.ok(lines.includes('### Effective access: k9.kms.json'));
    assert.ok(lines.includes('Key account: 111122223333, the account whose root is granted kms:PutKeyPolicy'), r.stdout);
    // The root ARN is exempted from the DenyEveryoneElse by name: the root user is a row, and an administrator.
    assert.ok(lines.includes('3 admins · 3 can decrypt · public: no'), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('| root user of account 111122223333 | allow (all) |')), r.stdout);
    assert.ok(lines.includes('| Principal | Administer | Read data | Write data | Destroy | Read config |'));
    assert.ok(lines.includes('|---|---|---|---|---|---|'));
    assert.ok(lines.includes('| role/ci-deployer (111122223333) | allow 14 · iam 6 of 20 | iam (all) | iam (all) | iam (all) | allow 4 · iam 6 of 10 |'), r.stdout);
    // Not a valid role name, so not a principal the policy can name: it is shown as given, escaped.
    assert.ok(lines.includes('| arn:aws:iam::111122223333:role/a\\|b (what if) | none | none | none | none | none |'), 'a pipe in a label is escaped');
    assert.ok(lines.some((l) => l.startsWith('- anyone in account 111122223333 whose IAM policy allows it: Deny if ArnNotEquals aws:PrincipalArn')));
    assert.match(r.stdout, /^Legend: \*\*allow\*\*: the key policy alone allows it; .*\*\*none\*\*: not granted/m);
    // Every table row has the same number of cells.
    for (const l of lines.filter((x) => x.startsWith('| '))) assert.equal(l.replace(/\\\|/g, '').split('|').length, 8, l);
  });

  it('text output aligns its columns', () => {
    const dir = workspace();
    const r = cli(['access', 'console.kms.json'], dir);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'console.kms.json: 2 admins · 2 can decrypt · public: no');
    assert.equal(lines[1], 'key account: 111122223333, the account whose root is granted kms:PutKeyPolicy');
    lines.splice(1, 1);
    const header = lines[1];
    assert.match(header, /^PRINCIPAL +ADMINISTER +READ DATA +WRITE DATA +DESTROY +READ CONFIG$/);
    const col = header.indexOf('READ DATA');
    for (const l of lines.slice(2, 5)) assert.match(l.slice(col), /^(allow|iam|conditional|deny|none)\b/, l);
    assert.match(lines[3], /^role\/KeyAdmin \(111122223333\) +allow 15 · iam 5 of 20 +iam \(all\) +iam \(all\) +allow \(all\) +allow \(all\)$/);
  });

  it('says so when the file holds no key policy', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'identity.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }] }));
    const r = cli(['access', 'identity.json'], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'No key policy found.\n');
    assert.deepEqual(JSON.parse(cli(['access', '--format', 'json', 'identity.json'], dir).stdout), { policies: [] });
  });

  it('reads Terraform files', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_kms_key" "app" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]\n  })\n}\n');
    const r = cli(['access', '--format', 'json', 'main.tf'], dir);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.policies.length, 1);
    assert.equal(out.policies[0].name, 'aws_kms_key.app');
    assert.deepEqual(out.policies[0].principals.map((x: { id: string; label: string }) => [x.id, x.label]), [['arn:aws:iam::111122223333:root', 'anyone in account 111122223333 whose IAM policy allows it']]);
    assert.equal(out.policies[0].principals[0].actions['kms:PutKeyPolicy'], 'iam');
  });

  it('exits 2 with one message on bad usage or an unreadable file', () => {
    const dir = workspace();
    const cases = [['access'], ['access', 'a.kms.json', 'b.kms.json'], ['access', 'missing.kms.json'], ['access', '--format', 'html', 'k9.kms.json'], ['access', '--principal', '', 'k9.kms.json'], ['access', '.'], ['access', '--nope', 'k9.kms.json'], ['access', 'README']];
    for (const args of cases) {
      const r = cli(args, dir);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /^keyscope: /);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.equal(r.stdout, '');
    }
    assert.match(cli(['access', 'missing.kms.json'], dir).stderr, /cannot read missing\.kms\.json: no such file or directory/);
    assert.equal(cli(['access', '--help'], dir).status, 0);
  });
});
