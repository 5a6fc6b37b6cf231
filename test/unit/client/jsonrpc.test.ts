import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCodes, ResponseError, RpcConnection, type CancelToken, type Message } from '../../../client/src/lsp/jsonrpc';
import { CancelSource } from '../../../client/src/lsp/cancel';

/** A connection whose outgoing messages are recorded, with the problems it reports. */
function recorded() {
  const sent: Message[] = [];
  const problems: string[] = [];
  const rpc = new RpcConnection((m) => sent.push(m), (p) => problems.push(p));
  return { rpc, sent, problems };
}

/** Two connections wired back to back, as client and server; messages cross asynchronously, like IPC. */
function pair() {
  const a: RpcConnection = new RpcConnection((m) => setImmediate(() => b.receive(JSON.parse(JSON.stringify(m)))));
  const b: RpcConnection = new RpcConnection((m) => setImmediate(() => a.receive(JSON.parse(JSON.stringify(m)))));
  return { a, b };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('JSON-RPC messages', () => {
  it('a request carries jsonrpc 2.0, a fresh numeric id, the method and params; its response resolves it', async () => {
    const { rpc, sent } = recorded();
    const first = rpc.sendRequest('textDocument/hover', { x: 1 });
    const second = rpc.sendRequest('textDocument/hover', { x: 2 });
    assert.deepEqual(sent, [
      { jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { x: 1 } },
      { jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { x: 2 } },
    ]);
    // Answers may come in any order; each settles its own request.
    rpc.receive({ jsonrpc: '2.0', id: 2, result: 'two' });
    rpc.receive({ jsonrpc: '2.0', id: 1, result: null });
    assert.equal(await second, 'two');
    assert.equal(await first, null);
  });

  it('an error response rejects with its code, message and data', async () => {
    const { rpc } = recorded();
    const p = rpc.sendRequest('x');
    rpc.receive({ jsonrpc: '2.0', id: 1, error: { code: ErrorCodes.InvalidParams, message: 'bad', data: { at: 1 } } });
    await assert.rejects(p, (e) => e instanceof ResponseError && e.code === ErrorCodes.InvalidParams && e.message === 'bad' && (e.data as { at: number }).at === 1);
  });

  it('a notification has no id and gets no answer', () => {
    const { rpc, sent } = recorded();
    rpc.sendNotification('initialized', {});
    assert.deepEqual(sent, [{ jsonrpc: '2.0', method: 'initialized', params: {} }]);
    const got: unknown[] = [];
    rpc.onNotification('window/logMessage', (p) => got.push(p));
    rpc.receive({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'hi' } });
    rpc.receive({ jsonrpc: '2.0', method: '$/unknownNotification', params: {} });
    assert.deepEqual(got, [{ type: 3, message: 'hi' }]);
    assert.equal(sent.length, 1, 'notifications are never answered, known or not');
  });

  it('a request of the other side is answered with its handler\'s result, or null for undefined', async () => {
    const { rpc, sent } = recorded();
    rpc.onRequest('workspace/configuration', (p) => (p as { items: unknown[] }).items.map(() => ({ rules: {} })));
    rpc.onRequest('client/registerCapability', () => undefined);
    rpc.receive({ jsonrpc: '2.0', id: 7, method: 'workspace/configuration', params: { items: [{ section: 'keyscope' }] } });
    rpc.receive({ jsonrpc: '2.0', id: 'r8', method: 'client/registerCapability', params: { registrations: [] } });
    await tick();
    assert.deepEqual(sent, [
      { jsonrpc: '2.0', id: 7, result: [{ rules: {} }] },
      { jsonrpc: '2.0', id: 'r8', result: null },
    ]);
  });

  it('an unknown method is answered with MethodNotFound; a throwing handler with its error', async () => {
    const { rpc, sent } = recorded();
    rpc.onRequest('boom', () => {
      throw new Error('it broke');
    });
    rpc.onRequest('refused', () => {
      throw new ResponseError(ErrorCodes.InvalidParams, 'not that');
    });
    rpc.receive({ jsonrpc: '2.0', id: 1, method: 'nope' });
    rpc.receive({ jsonrpc: '2.0', id: 2, method: 'boom' });
    rpc.receive({ jsonrpc: '2.0', id: 3, method: 'refused' });
    await tick();
    assert.deepEqual(sent.map((m) => [m.id, m.error?.code]), [[1, ErrorCodes.MethodNotFound], [2, ErrorCodes.InternalError], [3, ErrorCodes.InvalidParams]]);
    assert.equal(sent[1].error?.message, 'it broke');
  });

  it('drops what is not JSON-RPC 2.0 and reports it; an answer to an id not waiting is dropped quietly', () => {
    const { rpc, sent, problems } = recorded();
    const bad = [null, 42, 'text', {}, { jsonrpc: '1.0', id: 1, result: 1 }, { jsonrpc: '2.0', id: {}, method: 'x' }, { jsonrpc: '2.0', id: 'abc', result: 1 }];
    for (const m of bad) rpc.receive(m);
    assert.equal(problems.length, bad.length, problems.join('\n'));
    // A request we cancelled may still be answered: that is no problem.
    rpc.receive({ jsonrpc: '2.0', id: 99, result: 1 });
    assert.equal(problems.length, bad.length);
    assert.equal(sent.length, 0);
  });

  it('a handler that throws on a notification is reported, and the connection goes on', () => {
    const { rpc, problems } = recorded();
    const got: unknown[] = [];
    rpc.onNotification('n', (p) => {
      if (p === 1) throw new Error('bad');
      got.push(p);
    });
    rpc.receive({ jsonrpc: '2.0', method: 'n', params: 1 });
    rpc.receive({ jsonrpc: '2.0', method: 'n', params: 2 });
    assert.deepEqual(got, [2]);
    assert.match(problems[0], /Handling n failed: Error: bad/);
  });
});

describe('JSON-RPC cancellation and closing', () => {
  it('cancelling a request sends $/cancelRequest with its id and rejects it with RequestCancelled; the late answer is ignored', async () => {
    const { rpc, sent, problems } = recorded();
    const token = new CancelSource();
    const p = rpc.sendRequest('textDocument/completion', {}, token);
    token.cancel();
    await assert.rejects(p, (e) => e instanceof ResponseError && e.code === ErrorCodes.RequestCancelled);
    assert.deepEqual(sent[1], { jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 1 } });
    rpc.receive({ jsonrpc: '2.0', id: 1, result: [] });
    token.cancel();
    assert.equal(sent.length, 2, 'cancelled once');
    assert.deepEqual(problems, []);
  });

  it('a token cancelled before sending sends nothing', async () => {
    const { rpc, sent } = recorded();
    const token = new CancelSource();
    token.cancel();
    await assert.rejects(rpc.sendRequest('x', {}, token), (e) => e instanceof ResponseError && e.code === ErrorCodes.RequestCancelled);
    assert.equal(sent.length, 0);
  });

  it('the other side\'s $/cancelRequest cancels the token its handler got, and the answer says RequestCancelled', async () => {
    const { a, b } = pair();
    let seen: CancelToken | undefined;
    b.onRequest('slow', (_p, token) => {
      seen = token;
      return new Promise((r) => token.onCancellationRequested(() => r('too late')));
    });
    const token = new CancelSource();
    const p = a.sendRequest('slow', {}, token);
    while (!seen) await tick();
    token.cancel();
    await assert.rejects(p, (e) => e instanceof ResponseError && e.code === ErrorCodes.RequestCancelled);
    await tick();
    assert.equal(seen.isCancellationRequested, true);
  });

  it('back to back: requests both ways in flight at once', async () => {
    const { a, b } = pair();
    b.onRequest('double', (p) => (p as number) * 2);
    a.onRequest('negate', (p) => -(p as number));
    const results = await Promise.all([a.sendRequest('double', 21), b.sendRequest('negate', 5), a.sendRequest('double', 1)]);
    assert.deepEqual(results, [42, -5, 2]);
  });

  it('closing rejects every waiting request with the reason and refuses new ones', async () => {
    const { rpc, sent } = recorded();
    const p = rpc.sendRequest('x');
    const reason = new Error('The Keyscope server stopped (exit code 1).');
    rpc.close(reason);
    await assert.rejects(p, reason);
    await assert.rejects(rpc.sendRequest('y'), reason);
    rpc.sendNotification('z');
    assert.equal(sent.length, 1);
    assert.equal(rpc.isClosed, true);
  });

  it('a send that throws rejects its request instead of leaving it waiting', async () => {
    const rpc = new RpcConnection(() => {
      throw new Error('channel closed');
    });
    await assert.rejects(rpc.sendRequest('x'), /channel closed/);
  });
});
