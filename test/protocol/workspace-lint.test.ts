import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { CancellationTokenSource, DocumentDiagnosticRequest, ExecuteCommandRequest, WorkDoneProgress, WorkspaceDiagnosticRequest, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { CommandIds } from '../../server/src/lsp/protocol';
import { TestClient } from '../helpers/lsp-client';

const BAD = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kms:*', 'kms:Decrpyt'], Resource: '*' }] }, null, 2);

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-wslint-'));
  mkdirSync(join(dir, 'keys'));
  mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(dir, 'keys', 'bad.kms.json'), BAD);
  writeFileSync(join(dir, 'keys', 'open.kms.json'), BAD);
  writeFileSync(join(dir, 'node_modules', 'x', 'skipped.kms.json'), BAD);
  writeFileSync(join(dir, 'main.tf'), 'resource "aws_kms_key" "app" {\n  enable_key_rotation = false\n}\n');
  return dir;
}

describe('the workspace, linted over the protocol', () => {
  const clients: TestClient[] = [];
  after(() => Promise.all(clients.map((c) => c.close())));

  it('pull diagnostics list the findings of files that are not open, when keyscope.workspaceDiagnostics is on', async () => {
    const dir = workspace();
    const client = new TestClient();
    clients.push(client);
    client.settings = { workspaceDiagnostics: true };
    await client.initialize(dir, {}, { diagnostic: { dynamicRegistration: false } });
    const open = pathToFileURL(join(dir, 'keys', 'open.kms.json')).href;
    await client.open(open, 'json', BAD);
    await client.diagnosticsFor(open, 1);
    const report = await client.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const byUri = new Map(report.items.map((i) => [i.uri, i]));
    const bad = byUri.get(pathToFileURL(join(dir, 'keys', 'bad.kms.json')).href) as WorkspaceDocumentDiagnosticReport & { items: { code?: string }[] };
    assert.equal(bad.kind, 'full');
    assert.ok(bad.items.some((d) => d.code === 'unknown-action'));
    assert.ok(byUri.has(pathToFileURL(join(dir, 'main.tf')).href), 'Terraform too');
    assert.ok(!byUri.has(open), 'an open document is pushed, not pulled');
    assert.ok(![...byUri.keys()].some((u) => u.includes('node_modules')), 'node_modules is skipped');
    // The document pull of an open document answers nothing: its diagnostics are pushed.
    const doc = await client.conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: open } });
    assert.deepEqual(doc, { kind: 'full', items: [] });
    // Asked again with the result ids: files unchanged on disk are reported unchanged.
    const again = await client.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: report.items.map((i) => ({ uri: i.uri, value: i.resultId! })) });
    assert.ok(again.items.every((i) => i.kind === 'unchanged'), JSON.stringify(again.items.map((i) => i.kind)));
  });

  it('is off by default; "Lint Workspace" lints once on demand and sends the findings', async () => {
    const dir = workspace();
    const client = new TestClient();
    clients.push(client);
    await client.initialize(dir, {}, { diagnostic: { dynamicRegistration: false } });
    assert.deepEqual((await client.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] })).items, []);
    const result = (await client.conn.sendRequest(ExecuteCommandRequest.type, { command: CommandIds.lintWorkspace, arguments: [] })) as { files: number; problems: number };
    assert.equal(result.files, 3);
    assert.ok(result.problems >= 3);
    assert.ok(client.shown.some((m) => m.startsWith('Keyscope linted 3 files:')), JSON.stringify(client.shown));
    const report = await client.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    assert.equal(report.items.length, 3, 'the pull reports them from now on');
  });

  it('without pull diagnostics, "Lint Workspace" pushes the findings', async () => {
    const dir = workspace();
    const client = new TestClient();
    clients.push(client);
    await client.initialize(dir);
    await client.conn.sendRequest(ExecuteCommandRequest.type, { command: CommandIds.lintWorkspace, arguments: [] });
    const d = await client.diagnosticsFor(pathToFileURL(join(dir, 'keys', 'bad.kms.json')).href);
    assert.ok(d.some((x) => x.code === 'unknown-action'));
  });

  it('"Lint Workspace" reports its progress on the token the editor gives (VS Code\'s notification), and stops when cancelled', async () => {
    const dir = workspace();
    const client = new TestClient();
    clients.push(client);
    await client.initialize(dir);
    const events: (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd)[] = [];
    client.conn.onProgress(WorkDoneProgress.type, 'lint-1', (v) => events.push(v));
    await client.conn.sendRequest(ExecuteCommandRequest.type, { command: CommandIds.lintWorkspace, arguments: [], workDoneToken: 'lint-1' });
    assert.deepEqual(events[0], { kind: 'begin', title: 'Keyscope: linting the workspace', percentage: 0, cancellable: true });
    assert.ok(events.some((e) => e.kind === 'report' && e.message === '2 of 3 files'), JSON.stringify(events));
    assert.equal(events[events.length - 1].kind, 'end');

    // Many files, cancelled at the first report: the lint stops there and says so.
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, 'keys', `k${i}.kms.json`), BAD);
    const cancel = new CancellationTokenSource();
    client.conn.onProgress(WorkDoneProgress.type, 'lint-2', (v) => {
      if (v.kind === 'report') cancel.cancel();
    });
    await client.conn.sendRequest(ExecuteCommandRequest.type, { command: CommandIds.lintWorkspace, arguments: [], workDoneToken: 'lint-2' }, cancel.token).catch(() => undefined);
    while (!client.shown.some((m) => m.startsWith('Keyscope stopped after'))) await new Promise((r) => setTimeout(r, 20));
    const stopped = client.shown.find((m) => m.startsWith('Keyscope stopped after'))!;
    assert.match(stopped, /^Keyscope stopped after \d+ of 303 files: /);
  });
});
