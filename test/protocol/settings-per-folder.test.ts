import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { ConfigurationRequest } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../helpers/lsp-client';

// The editor's settings of a document are those of its workspace folder: the server asks for them once per
// folder, not once per document it opens, and again once they change.
describe('editor settings, asked per workspace folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-folder-settings-'));
  mkdirSync(join(dir, 'keys'));
  const client = new TestClient();
  const asked: (string | undefined)[] = [];
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks once for the folder of every document opened in it, and again after a settings change', async () => {
    client.settings = { rules: { 'unknown-action': 'warning' } };
    client.conn.onRequest(ConfigurationRequest.type, (p) => {
      asked.push(...p.items.map((i) => i.scopeUri ?? undefined));
      return p.items.map(() => client.settings);
    });
    await client.initialize(dir);
    const policy = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, Action: action, Resource: '*' }] }, null, 2);
    const uris = ['a.kms.json', 'keys/b.kms.json', 'keys/c.kms.json'].map((f) => pathToFileURL(join(dir, f)).href);
    await Promise.all(uris.map((u, i) => client.open(u, 'json', policy(i ? 'kms:Decrpyt' : 'kms:Encrpyt'))));
    for (const u of uris) {
      const d = await client.diagnosticsFor(u, 1);
      assert.equal(d.find((x) => x.code === 'unknown-action')?.severity, 2, 'the folder\'s settings apply to every document');
    }
    const folder = pathToFileURL(dir).href;
    assert.deepEqual(asked, [folder]);
    await client.settingsChanged({ rules: { 'unknown-action': 'error' } });
    for (const u of uris) await client.diagnosticsUntil(u, (d) => d.find((x) => x.code === 'unknown-action')?.severity === 1);
    assert.deepEqual(asked, [folder, folder]);
  });
});
