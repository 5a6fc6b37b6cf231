/**
 * The editor's access diff over the protocol: the bundled server, a real LSP client, and scratch repositories
 * made with the real `git`. The edits compared are the editor's unsaved text.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { ACCESS_DIFF_REQUEST, CommandIds, REVISIONS_REQUEST, type AccessDiffResult, type RevisionItem } from '../../server/src/lsp/protocol';
import { TestClient } from '../helpers/lsp-client';
import { git } from '../helpers/git';


const ROOT = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' };
const APP = (principals: string[]) => ({ Sid: 'App', Effect: 'Allow', Principal: { AWS: principals }, Action: ['kms:Decrypt'], Resource: '*' });
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n';
const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;

const tf = (principal: string) => `resource "aws_kms_key" "orders" {
  description         = "orders"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "Use", Effect = "Allow", Principal = { AWS = "${principal}" }, Action = ["kms:Encrypt", "kms:Decrypt"], Resource = "*" },
    ]
  })
}
`;

describe('access diff over the protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-ediff-'));
  const json = pathToFileURL(join(dir, 'keys', 'app.kms.json')).href;
  const terraform = pathToFileURL(join(dir, 'main.tf')).href;
  let client: TestClient;
  let head: string;

  before(async () => {
    git(dir, 'init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'keys'));
    writeFileSync(join(dir, 'keys', 'app.kms.json'), policy(ROOT, APP([role('app')])));
    writeFileSync(join(dir, 'main.tf'), tf(role('app')));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'keys');
    head = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'branch', 'release');
    client = new TestClient();
    await client.initialize(dir);
  });
  after(() => client.close());

  it('compares the unsaved text with HEAD: who can now do what, with the statements on each side', async () => {
    await client.open(json, 'json', policy(ROOT, APP([role('app'), role('analyst')])));
    await client.diagnosticsFor(json, 1);
    const r = (await client.conn.sendRequest(ACCESS_DIFF_REQUEST, { uri: json })) as AccessDiffResult;
    assert.deepEqual(r.base, { ref: 'HEAD', commit: head });
    assert.equal(r.message, undefined);
    assert.equal(r.keys.length, 1);
    const [key] = r.keys;
    assert.deepEqual([key.name, key.status, key.matrix], ['app.kms.json', 'changed', 0]);
    assert.equal(key.changes.length, 1);
    const [c] = key.changes;
    assert.deepEqual([c.principal, c.capability, c.actions, c.before, c.after, c.newAccess], [role('analyst'), 'readData', ['kms:Decrypt'], 'iam', 'allow', true]);
    assert.deepEqual(c.statementsAfter, [1]);
    assert.deepEqual(c.linesBefore, [4], 'the root statement decided it at HEAD');
    assert.deepEqual(r.summary, ['role/analyst (111122223333) can now Decrypt on app.kms.json']);
  });

  it('puts a CodeLens above a changed key saying what the edit changes, beside the summary lens', async () => {
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: json } })) ?? [];
    assert.equal(lenses.length, 2);
    assert.equal(lenses[0].command?.command, CommandIds.showAccess);
    assert.equal(lenses[1].command?.title, 'vs HEAD: + role/analyst: Decrypt');
    assert.equal(lenses[1].command?.command, CommandIds.compareAccess);
    assert.deepEqual(lenses[1].command?.arguments, [json]);
    assert.deepEqual(lenses[1].range, lenses[0].range);
  });

  it('says nothing above a key whose access the edit does not change, and lists removals', async () => {
    await client.open(terraform, 'terraform', tf(role('app')).replace('description         = "orders"', 'description         = "orders data"'));
    await client.diagnosticsFor(terraform, 1);
    let lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: terraform } })) ?? [];
    assert.deepEqual(lenses.map((l) => l.command?.command), [CommandIds.showAccess]);
    await client.change(terraform, 2, tf(role('other')));
    await client.diagnosticsFor(terraform, 2);
    lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: terraform } })) ?? [];
    assert.equal(lenses.length, 2);
    assert.equal(lenses[1].command?.title, 'vs HEAD: + role/other: Decrypt, Encrypt · − role/app: Decrypt, Encrypt');
    const r = (await client.conn.sendRequest(ACCESS_DIFF_REQUEST, { uri: terraform })) as AccessDiffResult;
    assert.equal(r.keys[0].name, 'aws_kms_key.orders');
    assert.deepEqual(r.summary, ['role/other (111122223333) can now Decrypt on aws_kms_key.orders', 'role/other (111122223333) can now Encrypt on aws_kms_key.orders']);
  });

  it('compares with a picked revision from the list the server gives', async () => {
    const revisions = (await client.conn.sendRequest(REVISIONS_REQUEST, { uri: json })) as RevisionItem[];
    assert.ok(revisions.some((r) => r.ref === 'main' && r.kind === 'branch'));
    assert.ok(revisions.some((r) => r.ref === 'release' && r.kind === 'branch'));
    assert.ok(revisions.some((r) => r.ref === head && r.kind === 'commit' && r.detail === 'keys'));
    const r = (await client.conn.sendRequest(ACCESS_DIFF_REQUEST, { uri: json, base: 'release' })) as AccessDiffResult;
    assert.equal(r.base?.ref, 'release');
    assert.equal(r.keys[0].changes[0].principal, role('analyst'));
  });

  it('treats a file that is not at the revision as a new key, and explains what cannot be compared', async () => {
    const fresh = pathToFileURL(join(dir, 'keys', 'new.kms.json')).href;
    await client.open(fresh, 'json', policy(ROOT));
    await client.diagnosticsFor(fresh, 1);
    const r = (await client.conn.sendRequest(ACCESS_DIFF_REQUEST, { uri: fresh })) as AccessDiffResult;
    assert.equal(r.keys[0].status, 'added');
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: fresh } })) ?? [];
    assert.equal(lenses[1]?.command?.title, 'vs HEAD: new key');

    const unknown = (await client.conn.sendRequest(ACCESS_DIFF_REQUEST, { uri: json, base: 'no-such-branch' })) as AccessDiffResult;
    assert.deepEqual([unknown.base, unknown.message, unknown.keys], [null, 'unknown revision "no-such-branch"', []]);
    const option = (await client.conn.sendRequest(ACCESS_DIFF_REQUEST, { uri: json, base: '--output=x' })) as AccessDiffResult;
    assert.equal(option.message, '"--output=x" is not a revision');
  });

  it('shows no diff lens outside a repository or when keyscope.accessDiff.codeLens is false', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'keyscope-ediff-nogit-'));
    const other = new TestClient();
    try {
      await other.initialize(outside);
      const uri = pathToFileURL(join(outside, 'app.kms.json')).href;
      await other.open(uri, 'json', policy(ROOT, APP([role('app')])));
      await other.diagnosticsFor(uri, 1);
      const r = (await other.conn.sendRequest(ACCESS_DIFF_REQUEST, { uri })) as AccessDiffResult;
      assert.match(r.message ?? '', /is not inside a git repository/);
      const lenses = (await other.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
      assert.deepEqual(lenses.map((l) => l.command?.command), [CommandIds.showAccess]);
    } finally {
      await other.close();
    }
    await client.settingsChanged({ accessDiff: { codeLens: false } });
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: json } })) ?? [];
    assert.deepEqual(lenses.map((l) => l.command?.command), [CommandIds.showAccess]);
  });
});
