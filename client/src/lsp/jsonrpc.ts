/**
 * JSON-RPC 2.0 over any message channel: requests with ids and their responses, errors, notifications, and
 * `$/cancelRequest` both ways. Free of `vscode` so it runs (and is tested) under plain Node; a transport
 * feeds incoming messages to `receive` and carries the outgoing ones of `write`.
 */

import { CancelSource, type CancelToken } from './cancel';

export type { CancelToken } from './cancel';

/** The error codes of JSON-RPC and the ones LSP adds that a client meets. */
export const ErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  ServerNotInitialized: -32002,
  RequestCancelled: -32800,
  ContentModified: -32801,
} as const;

/** A request, response or notification as it travels. */
export interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** An error response of the other side, or a local failure (cancelled, connection closed) in the same form. */
export class ResponseError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
    this.name = 'ResponseError';
  }
}

export type RequestHandler = (params: unknown, token: CancelToken) => unknown;
export type NotificationHandler = (params: unknown) => void;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  done: () => void;
}

export class RpcConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly incoming = new Map<number | string, CancelSource>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, NotificationHandler>();
  private closed: Error | undefined;

  /** `write` sends one message; `onProblem` hears about messages that cannot be handled (for the log). */
  constructor(private readonly write: (m: Message) => void, private readonly onProblem: (text: string) => void = () => undefined) {}

  onRequest(method: string, handler: RequestHandler): void {
    this.requestHandlers.set(method, handler);
  }

  onNotification(method: string, handler: NotificationHandler): void {
    this.notificationHandlers.set(method, handler);
  }

  /**
   * Sends a request; the promise settles with the result or a `ResponseError`. When `token` is cancelled the
   * other side is told with `$/cancelRequest` and the promise rejects at once with `RequestCancelled`: a late
   * answer is of no use to the editor.
   */
  sendRequest<R>(method: string, params?: unknown, token?: CancelToken): Promise<R> {
    if (this.closed) return Promise.reject(this.closed);
    if (token?.isCancellationRequested) return Promise.reject(cancelled());
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const sub = token?.onCancellationRequested(() => {
        if (!this.pending.has(id)) return;
        this.settle(id)?.reject(cancelled());
        this.sendNotification('$/cancelRequest', { id });
      });
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, done: () => sub?.dispose() });
      try {
        this.write({ jsonrpc: '2.0', id, method, params });
      } catch (e) {
        this.settle(id)?.reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  sendNotification(method: string, params?: unknown): void {
    if (!this.closed) this.send({ jsonrpc: '2.0', method, params });
  }

  /** Handles one incoming message. Malformed messages are reported and dropped, never thrown. */
  receive(raw: unknown): void {
    if (!raw || typeof raw !== 'object' || (raw as Message).jsonrpc !== '2.0') return this.onProblem(`Dropped a message that is not JSON-RPC 2.0: ${preview(raw)}`);
    const m = raw as Message;
    if (typeof m.method === 'string') {
      if (m.id === undefined || m.id === null) return this.notification(m.method, m.params);
      if (typeof m.id !== 'number' && typeof m.id !== 'string') return this.onProblem(`Dropped a request with an invalid id: ${preview(raw)}`);
      return void this.request(m.id, m.method, m.params);
    }
    if (typeof m.id !== 'number') return this.onProblem(`Dropped a response to no request of ours: ${preview(raw)}`);
    const p = this.settle(m.id);
    if (!p) return; // answered after we cancelled it
    if (m.error) p.reject(new ResponseError(Number(m.error.code), String(m.error.message), m.error.data));
    else p.resolve(m.result === undefined ? null : m.result);
  }

  /** Ends the connection: every waiting request rejects with `reason`, later sends are refused. */
  close(reason: Error): void {
    if (this.closed) return;
    this.closed = reason;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(reason);
    for (const source of this.incoming.values()) source.cancel();
    this.incoming.clear();
  }

  get isClosed(): boolean {
    return !!this.closed;
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.done();
    return p;
  }

  private notification(method: string, params: unknown): void {
    if (method === '$/cancelRequest') {
      const id = (params as { id?: number | string } | undefined)?.id;
      if (id !== undefined) this.incoming.get(id)?.cancel();
      return;
    }
    const handler = this.notificationHandlers.get(method);
    if (!handler) return; // LSP: unknown notifications are ignored ($/ ones explicitly so)
    try {
      handler(params);
    } catch (e) {
      this.onProblem(`Handling ${method} failed: ${(e as Error)?.stack ?? e}`);
    }
  }

  private async request(id: number | string, method: string, params: unknown): Promise<void> {
    const handler = this.requestHandlers.get(method);
    if (!handler) return this.send({ jsonrpc: '2.0', id, error: { code: ErrorCodes.MethodNotFound, message: `Unhandled method ${method}` } });
    const source = new CancelSource();
    this.incoming.set(id, source);
    let reply: Message;
    try {
      const result = await handler(params, source);
      reply = source.isCancellationRequested
        ? { jsonrpc: '2.0', id, error: { code: ErrorCodes.RequestCancelled, message: 'Request cancelled' } }
        : { jsonrpc: '2.0', id, result: result === undefined ? null : result };
    } catch (e) {
      const code = e instanceof ResponseError ? e.code : ErrorCodes.InternalError;
      reply = { jsonrpc: '2.0', id, error: { code, message: (e as Error)?.message ?? String(e) } };
    }
    this.incoming.delete(id);
    if (!this.closed) this.send(reply);
  }

  private send(m: Message): void {
    try {
      this.write(m);
    } catch (e) {
      this.onProblem(`Sending ${m.method ?? `the response to ${m.id}`} failed: ${(e as Error)?.message ?? e}`);
    }
  }
}

function cancelled(): ResponseError {
  return new ResponseError(ErrorCodes.RequestCancelled, 'Request cancelled');
}

function preview(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
