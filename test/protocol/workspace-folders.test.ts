// Workspace folders over the protocol: a folder added after start-up (workspace/didChangeWorkspaceFolders)
// gets its `.keyscope.json` and its module files like the folders the server started with, and `keyscope/status`
// counts the key policies of the open documents.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { DidChangeWorkspaceFoldersNotification, DidCloseTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../helpers/lsp-client';

const POLICY = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, Action: ['kms:Decrpyt'], Resource: '*' }] },
  null,
  2,
);
const KEY_FROM_FILE = 'resource "aws_kms_key" "app" {\n  description         = "app"\n  enable_key_rotation = true\n  policy              = file("${path.module}/key-policy.json")\n}\n';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-folders-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const severityOf = (d: { code?: unknown; severity?: number }[], code: string) => d.find((x) => x.code === code)?.severity;
const codes = (d: { code?: unknown }[]) => d.map((x) => x.code);

describe('workspace folders over the protocol', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.close())));

  it('a folder added later gets its .keyscope.json and its files; a removed one loses them', async () => {
    const first = folder({ 'a.kms.json': POLICY });
    const later = folder({ '.keyscope.json': JSON.stringify({ rules: { 'unknown-action': 'warning' } }), 'b.kms.json': POLICY, 'infra/main.tf': KEY_FROM_FILE, 'infra/key-policy.json': POLICY });
    const client = new TestClient();
    clients.push(client);
    await client.initialize(first, { workspaceFolders: true });

    const json = pathToFileURL(join(later, 'b.kms.json')).href;
    const tf = pathToFileURL(join(later, 'infra', 'main.tf')).href;
    await client.open(json, 'json', POLICY);
    await client.open(tf, 'terraform', KEY_FROM_FILE);
    // Outside every folder: no .keyscope.json, and file() is not followed (reads stay inside a workspace folder).
    assert.equal(severityOf(await client.diagnosticsFor(json, 1), 'unknown-action'), 1);
    assert.ok(!codes(await client.diagnosticsFor(tf, 1)).includes('unknown-action'), 'the file() policy is not read outside a folder');
    // Registered once initialized, so before any diagnostics were sent.
    assert.ok(client.registered.includes(DidChangeWorkspaceFoldersNotification.method), `the server registers for folder changes: ${client.registered}`);

    await client.conn.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [{ uri: pathToFileURL(later).href, name: 'later' }], removed: [] } });
    await client.diagnosticsUntil(json, (d) => severityOf(d, 'unknown-action') === 2);
    const viaFile = await client.diagnosticsUntil(tf, (d) => codes(d).includes('unknown-action'));
    assert.equal(severityOf(viaFile, 'unknown-action'), 2, 'the module file\'s policy is read, with the folder\'s settings');
    assert.deepEqual(await client.statusUntil((s) => s.policies === 2), { documents: 2, policies: 2, uris: [json, tf].sort() });

    await client.conn.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [{ uri: pathToFileURL(later).href, name: 'later' }] } });
    await client.diagnosticsUntil(json, (d) => severityOf(d, 'unknown-action') === 1);
    await client.diagnosticsUntil(tf, (d) => !codes(d).includes('unknown-action'));
  });

  it('keyscope/status counts the key policies of the open documents and names them, and forgets closed ones', async () => {
    const dir = folder({});
    const client = new TestClient();
    clients.push(client);
    await client.initialize(dir);
    const a = pathToFileURL(join(dir, 'a.kms.json')).href;
    const settings = pathToFileURL(join(dir, 'settings.json')).href;
    await client.open(settings, 'json', '{ "editor.tabSize": 2 }');
    await client.open(a, 'json', POLICY);
    await client.diagnosticsFor(a, 1);
    // The documents are named: the editor shows Keyscope's status on them, and not on settings.json.
    assert.deepEqual(await client.statusUntil((s) => s.policies === 1), { documents: 1, policies: 1, uris: [a] }, 'settings.json is no key policy');
    await client.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: a } });
    assert.deepEqual(await client.statusUntil((s) => s.policies === 0), { documents: 0, policies: 0, uris: [] });
  });
});
