// The extension's server supervisor under plain Node: the bundled server started, crashed and restarted, given
// up on after too many crashes, and shut down cleanly; plus servers that misbehave (never start, never exit).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { CLIENT_CAPABILITIES } from '../../client/src/lsp/capabilities';
import type { RpcConnection } from '../../client/src/lsp/jsonrpc';
import { ServerSupervisor, type SupervisorOptions } from '../../client/src/lsp/supervisor';
import { SERVER } from '../helpers/lsp-client';

const URI = 'untitled:policy.json';
const POLICY = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" }] }';

/** A supervisor over `module` that records what it tells the editor; each start opens the policy again. */
function supervise(module = SERVER, extra: Partial<SupervisorOptions> = {}) {
  const events = { lines: [] as string[], ready: 0, gone: 0, failed: [] as string[] };
  const sup = new ServerSupervisor({
    name: 'Keyscope',
    module,
    connect: (rpc: RpcConnection) => {
      rpc.onRequest('workspace/configuration', (p) => (p as lsp.ConfigurationParams).items.map(() => ({})));
      rpc.onRequest('client/registerCapability', () => null);
    },
    initializeParams: () => ({ processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: CLIENT_CAPABILITIES }),
    ready: (rpc) => {
      events.ready++;
      rpc.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'json', version: 1, text: POLICY } });
      return [{ dispose: () => undefined }];
    },
    gone: () => void events.gone++,
    log: (line) => events.lines.push(line),
    output: () => undefined,
    failed: (m) => void events.failed.push(m),
    shutdownTimeoutMs: 500,
    ...extra,
  });
  return { sup, events };
}

const lenses = (sup: ServerSupervisor) => sup.sendRequest<lsp.CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } });

async function until<T>(what: string, f: () => T | undefined | false): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A server script written to a temporary file. */
function script(source: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'keyscope-fake-server-')), 'server.js');
  writeFileSync(file, source);
  return file;
}

describe('the server supervisor', () => {
  it('starts the server, restarts it after a crash, and shuts it down cleanly with exit code 0', async () => {
    const { sup, events } = supervise();
    await sup.start();
    assert.equal(events.ready, 1);
    assert.equal((await lenses(sup)).length, 1);
    const first = sup.pid!;
    process.kill(first, 'SIGKILL');
    await until('a restarted server', () => events.ready === 2);
    assert.notEqual(sup.pid, first);
    assert.equal(events.gone, 1);
    assert.deepEqual(events.lines.slice(0, 2), ['The Keyscope server stopped unexpectedly (signal SIGKILL).', 'Restarting the Keyscope server.']);
    assert.equal((await lenses(sup)).length, 1, 'the new server has the documents again');
    await sup.stop();
    assert.equal(events.lines.at(-1), 'The Keyscope server stopped (exit code 0).');
    assert.equal(events.gone, 2);
    await assert.rejects(lenses(sup), /The Keyscope server is not running/);
    await sup.stop(); // twice is fine
  });

  it('a request made while the server restarts waits for the new one', async () => {
    const { sup, events } = supervise();
    await sup.start();
    process.kill(sup.pid!, 'SIGKILL');
    await until('the crash to be noticed', () => events.gone === 1);
    assert.equal((await lenses(sup)).length, 1);
    await sup.stop();
  });

  it('gives up after too many crashes in the window, and says so once', async () => {
    const { sup, events } = supervise(SERVER, { maxCrashes: 2 });
    await sup.start();
    process.kill(sup.pid!, 'SIGKILL');
    await until('the first restart', () => events.ready === 2);
    process.kill(sup.pid!, 'SIGKILL');
    await until('the supervisor to give up', () => events.failed.length === 1);
    assert.equal(events.failed[0], 'The Keyscope server crashed 2 times in the last 3 minutes and will not be restarted.');
    assert.equal(sup.pid, undefined);
    await assert.rejects(lenses(sup), /crashed 2 times/);
    await sup.stop();
  });

  it('a server that dies before answering initialize: start fails once the crash limit is reached', async () => {
    const { sup, events } = supervise(script('process.exit(3);\n'), { maxCrashes: 3 });
    await assert.rejects(sup.start(), /crashed 3 times/);
    assert.equal(events.ready, 0);
    assert.equal(events.lines.filter((l) => l === 'The Keyscope server stopped unexpectedly (exit code 3).').length, 3);
  });

  it('a server that ignores shutdown is killed', async () => {
    // Answers initialize, then nothing: no reply to shutdown, and `exit` does not end it.
    const stubborn = script(`process.on('message', (m) => { if (m.method === 'initialize') process.send({ jsonrpc: '2.0', id: m.id, result: { capabilities: {} } }); });\n`);
    const { sup, events } = supervise(stubborn);
    await sup.start();
    await sup.stop();
    assert.equal(events.lines.at(-1), 'The Keyscope server stopped (signal SIGTERM).');
  });
});
