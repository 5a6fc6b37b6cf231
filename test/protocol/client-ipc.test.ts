// The extension's own client parts (Node IPC transport, JSON-RPC, the capabilities it declares) against the
// bundled server, as the editor starts it: `--node-ipc`, whole messages over process.send, no framing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { CLIENT_CAPABILITIES } from '../../client/src/lsp/capabilities';
import { ErrorCodes, ResponseError, RpcConnection } from '../../client/src/lsp/jsonrpc';
import { CancelSource } from '../../client/src/lsp/cancel';
import { startServerProcess, type ServerProcess } from '../../client/src/lsp/transport';
import { SERVER } from '../helpers/lsp-client';

const URI = 'untitled:Untitled-1';
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "App", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" },
      "Action": ["kms:Decrpyt", "kms:Encrypt"], "Resource": "*" }
  ]
}`;

describe('the extension\'s client over Node IPC', () => {
  let proc: ServerProcess;
  let rpc: RpcConnection;
  let output = '';
  const published: lsp.PublishDiagnosticsParams[] = [];
  const configurationItems: lsp.ConfigurationItem[] = [];
  const registrations: lsp.Registration[] = [];
  let settings: unknown = {};
  let result: lsp.InitializeResult;

  const diagnostics = async (ok: (d: lsp.Diagnostic[]) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const last = published.filter((p) => p.uri === URI).pop();
      if (last && ok(last.diagnostics)) return last.diagnostics;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no matching diagnostics; server output: ${output}`);
  };

  before(async () => {
    proc = startServerProcess(SERVER, { onMessage: (m) => rpc.receive(m), onOutput: (t) => (output += t) });
    rpc = new RpcConnection((m) => proc.send(m), (t) => (output += t));
    rpc.onNotification('textDocument/publishDiagnostics', (p) => published.push(p as lsp.PublishDiagnosticsParams));
    rpc.onRequest('workspace/configuration', (p) => {
      const items = (p as lsp.ConfigurationParams).items;
      configurationItems.push(...items);
      return items.map(() => settings);
    });
    rpc.onRequest('client/registerCapability', (p) => {
      registrations.push(...(p as lsp.RegistrationParams).registrations);
      return null;
    });
    result = await rpc.sendRequest<lsp.InitializeResult>('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: CLIENT_CAPABILITIES });
    rpc.sendNotification('initialized', {});
  });

  after(async () => {
    proc.kill();
    await proc.exited;
  });

  it('initializes and learns what the server declares', () => {
    const caps = result.capabilities;
    assert.equal(caps.textDocumentSync, 2, 'incremental sync');
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.completionProvider?.triggerCharacters, ['"', ':', '.']);
    assert.ok(typeof caps.codeActionProvider === 'object' && caps.codeActionProvider.codeActionKinds?.includes('source.fixAll.keyscope'));
    assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
  });

  it('publishes diagnostics for an opened document, pulling the keyscope settings for it', async () => {
    rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'json', version: 1, text: POLICY } });
    const d = await diagnostics((ds) => ds.some((x) => x.code === 'unknown-action'));
    const typo = d.find((x) => x.code === 'unknown-action')!;
    assert.deepEqual(typo.range, { start: { line: 4, character: 17 }, end: { line: 4, character: 30 } });
    assert.equal(typo.source, 'keyscope');
    assert.ok(typo.codeDescription?.href.includes('unknown-action'));
    assert.ok(typo.data, 'the diagnostic carries the data its quick fix needs');
    assert.ok(configurationItems.some((i) => i.section === 'keyscope' && i.scopeUri === URI));
    assert.ok(registrations.some((r) => r.method === 'workspace/didChangeConfiguration'), 'the server registers for configuration changes');
  });

  it('applies an incremental change and re-validates', async () => {
    const line = POLICY.split('\n')[4];
    const at = line.indexOf('Decrpyt');
    rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: at }, end: { line: 4, character: at + 7 } }, rangeLength: 7, text: 'Decrypt' }],
    });
    await diagnostics((ds) => !ds.some((x) => x.code === 'unknown-action'));
    assert.equal(published.filter((p) => p.uri === URI).pop()?.version, 2);
  });

  it('answers a hover and a completion request', async () => {
    const hover = await rpc.sendRequest<lsp.Hover | null>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 4, character: 38 } });
    assert.ok(hover && typeof hover.contents === 'object' && 'kind' in hover.contents && hover.contents.kind === 'markdown');
    const items = await rpc.sendRequest<lsp.CompletionItem[]>('textDocument/completion', { textDocument: { uri: URI }, position: { line: 4, character: 38 }, context: { triggerKind: 1 } });
    assert.ok(items.some((i) => i.label === 'kms:Encrypt'));
  });

  it('a turned-off rule disappears after didChangeConfiguration', async () => {
    rpc.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: POLICY }] });
    await diagnostics((ds) => ds.some((x) => x.code === 'unknown-action'));
    settings = { rules: { 'unknown-action': 'off' } };
    rpc.sendNotification('workspace/didChangeConfiguration', { settings: { keyscope: settings } });
    await diagnostics((ds) => !ds.some((x) => x.code === 'unknown-action'));
    settings = {};
  });

  it('a cancelled request rejects with RequestCancelled, and the connection goes on', async () => {
    const token = new CancelSource();
    const pending = rpc.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 4, character: 38 } }, token);
    token.cancel();
    await assert.rejects(pending, (e) => e instanceof ResponseError && e.code === ErrorCodes.RequestCancelled);
    const lenses = await rpc.sendRequest<lsp.CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command?.command, 'keyscope.showAccess');
    assert.deepEqual(lenses[0].command?.arguments, [URI]);
  });

  it('an unknown method is answered with MethodNotFound', async () => {
    await assert.rejects(rpc.sendRequest('keyscope/noSuchRequest', {}), (e) => e instanceof ResponseError && e.code === ErrorCodes.MethodNotFound);
  });

  it('shuts down and exits with code 0', async () => {
    assert.equal(await rpc.sendRequest('shutdown'), null);
    rpc.sendNotification('exit');
    const { code } = await proc.exited;
    assert.equal(code, 0);
  });
});
