import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { tempFolder } from '../helpers/hostile-files';
import { TestClient } from '../helpers/lsp-client';

const POLICY = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: action, Resource: '*' }] }, null, 2);
const KEY_WITH_FILE = (target: string) => `resource "aws_kms_key" "app" {
  enable_key_rotation = true
  policy              = file("\${path.module}/${target}")
}
`;
// A key without a policy: `tf-default-policy`, until another file of the module attaches one.
const BARE_KEY = 'resource "aws_kms_key" "a" {\n  enable_key_rotation = true\n}\n';
const KEY_POLICY = 'resource "aws_kms_key_policy" "a" {\n  key_id = aws_kms_key.a.id\n  policy = var.p\n}\n';

describe('language server over stdio: files an open document read change on disk', () => {
  const ws = tempFolder('keyscope-watch-');
  const at = (...p: string[]) => join(ws.dir, ...p);
  const uri = (...p: string[]) => pathToFileURL(at(...p)).href;
  const codes = (d: { code?: number | string }[]) => d.map((x) => x.code);
  let client: TestClient;

  before(async () => {
    for (const m of ['target', 'odd', 'module']) mkdirSync(at(m));
    writeFileSync(at('target', 'policy.json'), POLICY('kms:Decrpyt'));
    writeFileSync(at('target', 'main.tf'), KEY_WITH_FILE('policy.json'));
    writeFileSync(at('odd', 'policy.txt'), POLICY('kms:Decrpyt'));
    writeFileSync(at('odd', 'main.tf'), KEY_WITH_FILE('policy.txt'));
    writeFileSync(at('module', 'main.tf'), BARE_KEY);
    client = new TestClient();
    await client.initialize(ws.dir);
  });
  after(async () => {
    await client.close();
    ws.remove();
  });

  it('watches the kinds of files an analysis reads', async () => {
    await client.open(uri('target', 'main.tf'), 'terraform', KEY_WITH_FILE('policy.json'));
    await client.diagnosticsFor(uri('target', 'main.tf'), 1);
    const globs = client.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').flatMap((r) => (r.registerOptions as { watchers: { globPattern: unknown }[] }).watchers.map((w) => w.globPattern));
    for (const g of ['**/*.tf', '**/*.tfvars', '**/*.json']) assert.ok(globs.includes(g), `${g} in ${JSON.stringify(globs)}`);
  });

  it('a file() target changed on disk: the open .tf gets the new findings', async () => {
    const main = uri('target', 'main.tf');
    assert.ok(codes(await client.diagnosticsUntil(main, (d) => codes(d).includes('unknown-action'))).includes('unknown-action'));
    writeFileSync(at('target', 'policy.json'), POLICY('kms:Decrypt'));
    await client.filesChanged([{ uri: uri('target', 'policy.json'), type: FileChangeType.Changed }]);
    await client.diagnosticsUntil(main, (d) => !codes(d).includes('unknown-action'));
    // And back, deleted: the reference is then simply not followed.
    rmSync(at('target', 'policy.json'));
    await client.filesChanged([{ uri: uri('target', 'policy.json'), type: FileChangeType.Deleted }]);
    writeFileSync(at('target', 'policy.json'), POLICY('kms:Encrpyt'));
    await client.filesChanged([{ uri: uri('target', 'policy.json'), type: FileChangeType.Created }]);
    const d = await client.diagnosticsUntil(main, (x) => x.some((y) => y.code === 'unknown-action' && /Encrpyt/.test(y.message)));
    assert.ok(d.length > 0);
  });

  it('a new .tf file in the module: the open file of the module is analysed again', async () => {
    const main = uri('module', 'main.tf');
    await client.open(main, 'terraform', BARE_KEY);
    assert.ok(codes(await client.diagnosticsFor(main, 1)).includes('tf-default-policy'));
    writeFileSync(at('module', 'policy.tf'), KEY_POLICY);
    await client.filesChanged([{ uri: uri('module', 'policy.tf'), type: FileChangeType.Created }]);
    await client.diagnosticsUntil(main, (d) => !codes(d).includes('tf-default-policy'));
    // The other file changed: no longer a policy for this key.
    writeFileSync(at('module', 'policy.tf'), KEY_POLICY.replace('aws_kms_key.a.id', 'aws_kms_key.b.id'));
    await client.filesChanged([{ uri: uri('module', 'policy.tf'), type: FileChangeType.Changed }]);
    await client.diagnosticsUntil(main, (d) => codes(d).includes('tf-default-policy'));
  });

  it('a target whose name no glob covers: its folder is watched too, and its change is followed', async () => {
    const main = uri('odd', 'main.tf');
    await client.open(main, 'terraform', KEY_WITH_FILE('policy.txt'));
    assert.ok(codes(await client.diagnosticsFor(main, 1)).includes('unknown-action'));
    const deadline = Date.now() + 10_000;
    const watchesOdd = () =>
      client.registrations.some((r) => (r.registerOptions as { watchers?: { globPattern: { baseUri?: string; pattern?: string } | string }[] } | undefined)?.watchers?.some((w) => typeof w.globPattern === 'object' && w.globPattern.baseUri === uri('odd') && w.globPattern.pattern === '*'));
    while (!watchesOdd() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(watchesOdd(), JSON.stringify(client.registrations));
    writeFileSync(at('odd', 'policy.txt'), POLICY('kms:Decrypt'));
    await client.filesChanged([{ uri: uri('odd', 'policy.txt'), type: FileChangeType.Changed }]);
    await client.diagnosticsUntil(main, (d) => !codes(d).includes('unknown-action'));
  });
});
