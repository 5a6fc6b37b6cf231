import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before } from 'node:test';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type FileEvent,
  type Registration,
  LogMessageNotification,
  ShowMessageNotification,
  RegistrationRequest,
  type ClientCapabilities,
  UnregistrationRequest,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../../server/src/policy/json-writer';
import { LineIndex } from '../../server/src/text';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/status';

/** Applies LSP text edits to a text, as an editor would. */
export function applyLspEdits(text: string, edits: TextEdit[]): string {
  const idx = new LineIndex(text);
  return applyEdits(text, edits.map((e) => ({ start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), newText: e.newText })));
}

/** Resolves after `ms` without keeping the process alive. */
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

export const SERVER = join(__dirname, '..', '..', 'server', 'out', 'server.js');

/**
 * The bundled server started over stdio and driven by a real LSP client connection. `settings` answers the
 * server's workspace/configuration requests.
 */
export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  private diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics the server sent, oldest first (the map above keeps only the latest per URI). */
  history: PublishDiagnosticsParams[] = [];
  private waiters: (() => void)[] = [];
  settings: unknown = {};
  stderr = '';
  /** Messages the server logged (window/logMessage): handler failures and internal errors land here. */
  logs: string[] = [];
  /** Every `keyscope/status` the server sent, oldest first. */
  statuses: StatusParams[] = [];
  /** The methods the server registered dynamically (client/registerCapability), in order. */
  registered: string[] = [];
  /** Messages the server showed the user (window/showMessage). */
  shown: string[] = [];
  /** The registrations in force, with their options (those the server unregistered are removed). */
  registrations: Registration[] = [];

  /**
   * `server`: another copy of the bundle (default: the built one); `nodeArgs` go to its node process (e.g.
   * `--cpu-prof` to profile it); `command`: a whole command line instead (an installed `keyscope lsp --stdio`);
   * `env` is added to its environment.
   */
  constructor(options: { server?: string; nodeArgs?: string[]; command?: string[]; env?: Record<string, string> } = {}) {
    const [cmd, ...args] = options.command ?? [process.execPath, ...(options.nodeArgs ?? []), options.server ?? SERVER, '--stdio'];
    this.proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.proc.stderr!.on('data', (d) => (this.stderr += d));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.history.push(p);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.conn.onNotification(LogMessageNotification.type, (p) => this.logs.push(p.message));
    this.conn.onNotification(ShowMessageNotification.type, (p) => this.shown.push(p.message));
    // A real client accepts dynamic registrations (the server registers for configuration changes).
    this.conn.onRequest(RegistrationRequest.type, (p) => {
      this.registered.push(...p.registrations.map((r) => r.method));
      this.registrations.push(...p.registrations);
      return null;
    });
    this.conn.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      this.statuses.push(p);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.conn.onRequest(UnregistrationRequest.type, (p) => {
      const gone = new Set(p.unregisterations.map((u) => u.id));
      this.registrations = this.registrations.filter((r) => !gone.has(r.id));
      return null;
    });
    this.conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings));
    this.conn.listen();
  }

  /** `workspace` adds to the client's workspace capabilities (e.g. `{ workspaceFolders: true }`). */
  async initialize(rootPath?: string, workspace: ClientCapabilities['workspace'] = {}, textDocument: ClientCapabilities['textDocument'] = {}): Promise<void> {
    await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: rootPath ? pathToFileURL(rootPath).href : null,
      workspaceFolders: rootPath ? [{ uri: pathToFileURL(rootPath).href, name: 'ws' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true }, ...workspace },
        textDocument: { publishDiagnostics: { versionSupport: true }, ...textDocument },
      },
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, text: string): Promise<void> {
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** The diagnostics last published for `uri` so far (undefined: none yet), without waiting. */
  published(uri: string): PublishDiagnosticsParams | undefined {
    return this.diagnostics.get(uri);
  }

  /** Forgets the diagnostics received for `uri`, so that waiting for the next ones waits for new ones. */
  forget(uri: string): void {
    this.diagnostics.delete(uri);
  }

  /** Waits until diagnostics for `uri` (at `version`, if given) arrive; polls, never sleeps a fixed time. */
  diagnosticsFor(uri: string, version?: number, timeoutMs = 10000): Promise<Diagnostic[]> {
    return this.waitFor(uri, (p) => version === undefined || p.version === version, timeoutMs, `v${version}`);
  }

  /**
   * Waits until the newest diagnostics for `uri` satisfy `predicate` (after a settings change the server
   * re-publishes for the same version, so a version alone cannot tell old from new).
   */
  diagnosticsUntil(uri: string, predicate: (d: Diagnostic[]) => boolean, timeoutMs = 10000): Promise<Diagnostic[]> {
    return this.waitFor(uri, (p) => predicate(p.diagnostics), timeoutMs, 'matching the test');
  }

  /** Waits until the server's latest `keyscope/status` satisfies `predicate`. */
  statusUntil(predicate: (s: StatusParams) => boolean, timeoutMs = 10000): Promise<StatusParams> {
    return this.until(() => {
      const last = this.statuses[this.statuses.length - 1];
      return last && predicate(last) ? last : undefined;
    }, timeoutMs, () => `no matching keyscope/status; got ${JSON.stringify(this.statuses)}`);
  }

  private waitFor(uri: string, test: (p: PublishDiagnosticsParams) => boolean, timeoutMs: number, what: string): Promise<Diagnostic[]> {
    return this.until(() => {
      const d = this.diagnostics.get(uri);
      return d && test(d) ? d.diagnostics : undefined;
    }, timeoutMs, () => `no diagnostics for ${uri} ${what}; last: ${JSON.stringify(this.diagnostics.get(uri)?.diagnostics.map((x) => x.code))}`);
  }

  /** Resolves with what `get` returns once it is defined, checking whenever the server sends something. */
  private async until<T>(get: () => T | undefined, timeoutMs: number, failure: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = get();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`${failure()}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Tells the server that files changed on disk, as the editor's file watchers would. */
  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Tells the server the settings changed (it re-reads them and re-validates every open document). */
  async settingsChanged(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { keyscope: settings } });
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), delay(2000)]);
      // Let the server exit by itself (a `--cpu-prof` profile is written on exit), then make sure it is gone.
      const exited = new Promise((r) => (this.proc.exitCode !== null ? r(undefined) : this.proc.once('exit', r)));
      await this.conn.sendNotification('exit');
      await Promise.race([exited, delay(2000)]);
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

/**
 * A suite's server: a fresh temporary workspace folder and a client initialised on it before the suite's tests,
 * closed after them. `client()` is the client once the suite runs; `uri(name)` a file of the folder.
 */
export function suiteClient(prefix: string): { dir: string; uri: (name: string) => string; client: () => TestClient } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, uri: (name) => pathToFileURL(join(dir, name)).href, client: clientOfSuite(dir) };
}

/** A client initialised on `dir` before the suite's tests (then `ready` run with it) and closed after them. */
function clientOfSuite(dir: string, ready?: (client: TestClient) => Promise<void>): () => TestClient {
  let client: TestClient | undefined;
  before(async () => {
    client = new TestClient();
    await client.initialize(dir);
    await ready?.(client);
  });
  after(() => client?.close());
  return () => {
    if (!client) throw new Error('the suite client is used outside its suite');
    return client;
  };
}

/**
 * `suiteClient` with a document ready: `files` (paths relative to the suite's folder, their folders made) are
 * written, the client initialised, `open` opened with the text written for it, and its first diagnostics awaited
 * before the suite's tests.
 */
export function suiteDocument(prefix: string, files: Record<string, string>, open: { name: string; languageId: string }): { dir: string; uri: string; client: () => TestClient } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const uri = pathToFileURL(join(dir, open.name)).href;
  // Registered first, so the files are there before the client is initialised.
  before(() => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });
  const client = clientOfSuite(dir, async (c) => {
    await c.open(uri, open.languageId, files[open.name]);
    await c.diagnosticsFor(uri, 1);
  });
  return { dir, uri, client };
}
