/**
 * Keyscope's language client: starts the server, runs the initialize handshake, wires the features, restarts
 * the server when it crashes (a few times, then says so), and shuts it down cleanly.
 */
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { CLIENT_CAPABILITIES } from './capabilities';
import { converters } from './convert';
import { RpcConnection, type CancelToken } from './jsonrpc';
import { registerProviders } from './providers';
import { startSync } from './sync';
import { startServerProcess, type ServerProcess } from './transport';
import { handleWorkspaceRequests } from './workspace';

export interface ClientOptions {
  /** The server's bundled entry point. */
  module: string;
  selector: vscode.DocumentSelector;
  /** The settings section pushed on change and served to `workspace/configuration`. */
  configurationSection: string;
  /** Changes of these files are sent as `workspace/didChangeWatchedFiles`. */
  fileEvents?: vscode.FileSystemWatcher;
}

/** More crashes than this within the window and the server stays down. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 3 * 60_000;
const SHUTDOWN_TIMEOUT_MS = 2000;

interface Session {
  proc: ServerProcess;
  rpc: RpcConnection;
  features: vscode.Disposable[];
}

export class LanguageClient {
  readonly output: vscode.OutputChannel;
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly conv = converters(vscode);
  private session: Session | undefined;
  /** The start of the current session; replaced when the server restarts. */
  private starting: Promise<Session> | undefined;
  private crashes: number[] = [];
  private failed: Error | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly name: string, private readonly options: ClientOptions) {
    this.output = vscode.window.createOutputChannel(name);
    this.diagnostics = vscode.languages.createDiagnosticCollection(options.configurationSection);
  }

  /** Starts the server; resolves once it is initialized and the editor's documents are synced. */
  async start(): Promise<void> {
    this.starting = this.launch();
    await this.running();
  }

  /** Sends a request once the server runs; rejects when it does not (crashed for good, or stopped). */
  async sendRequest<R>(method: string, params?: unknown, token?: CancelToken): Promise<R> {
    return (await this.running()).rpc.sendRequest<R>(method, params, token);
  }

  /** Asks the server to shut down and exit; kills it when it does not within a moment. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async running(): Promise<Session> {
    for (;;) {
      if (this.failed) throw this.failed;
      if (this.stopping || !this.starting) throw new Error(`The ${this.name} server is not running.`);
      const attempt = this.starting;
      try {
        return await attempt;
      } catch (e) {
        if (this.starting === attempt) throw e; // not replaced by a restart: this is the outcome
      }
    }
  }

  private async launch(): Promise<Session> {
    const debug = process.execArgv.some((a) => /^--inspect(-brk)?(=|$)/.test(a));
    let rpc: RpcConnection | undefined;
    const proc = startServerProcess(this.options.module, {
      execArgv: debug ? ['--nolazy', '--inspect=6009'] : [],
      onMessage: (m) => rpc?.receive(m),
      onOutput: (t) => this.output.append(t),
    });
    rpc = new RpcConnection((m) => proc.send(m), (line) => this.output.appendLine(line));
    const session: Session = { proc, rpc, features: [] };
    this.session = session;
    void proc.exited.then((e) => this.exited(session, e.code, e.signal));
    handleWorkspaceRequests(rpc, (line) => this.output.appendLine(line));

    const folders = vscode.workspace.workspaceFolders ?? [];
    const params: lsp.InitializeParams = {
      processId: process.pid,
      clientInfo: { name: vscode.env.appName, version: vscode.version },
      locale: vscode.env.language,
      rootPath: folders[0]?.uri.fsPath ?? null,
      rootUri: folders[0]?.uri.toString() ?? null,
      capabilities: CLIENT_CAPABILITIES,
      workspaceFolders: folders.length ? folders.map((f) => ({ uri: f.uri.toString(), name: f.name })) : null,
    };
    const result = await rpc.sendRequest<lsp.InitializeResult>('initialize', params);
    rpc.sendNotification('initialized', {});
    const common = { rpc, selector: this.options.selector, conv: this.conv };
    session.features.push(
      registerProviders({ ...common, capabilities: result.capabilities, log: (line) => this.output.appendLine(line) }),
      startSync({ ...common, sync: result.capabilities.textDocumentSync, diagnostics: this.diagnostics, configurationSection: this.options.configurationSection, fileEvents: this.options.fileEvents }),
    );
    return session;
  }

  /** The server process ended: clean up after it, and start a new one unless we stopped it or it crashes too often. */
  private exited(session: Session, code: number | null, signal: string | null): void {
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    if (this.session === session) this.session = undefined;
    if (!this.stopping) {
      this.output.appendLine(`The ${this.name} server stopped unexpectedly (${how}).`);
      const now = Date.now();
      this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
      if (this.crashes.length >= MAX_CRASHES) {
        this.failed = new Error(`The ${this.name} server crashed ${this.crashes.length} times in the last 3 minutes and will not be restarted.`);
        this.output.appendLine(this.failed.message);
        void vscode.window.showErrorMessage(`${this.failed.message} See the "${this.name}" output for details.`, 'Show Output').then((c) => c && this.output.show());
      } else {
        this.output.appendLine(`Restarting the ${this.name} server.`);
        this.starting = this.launch(); // replaces the session `running()` waits for, before the old one rejects
        this.starting.catch(() => undefined); // a failed start ends in another exit, handled here
      }
    } else this.output.appendLine(`The ${this.name} server stopped (${how}).`);
    session.rpc.close(new Error(`The ${this.name} server stopped (${how}).`));
    session.features.splice(0).forEach((f) => f.dispose());
    this.diagnostics.clear();
  }

  private async shutdown(): Promise<void> {
    const session = this.session;
    if (session) {
      const answered = session.rpc.sendRequest('shutdown').then(() => true, () => false);
      if (await within(answered, SHUTDOWN_TIMEOUT_MS)) session.rpc.sendNotification('exit');
      if (!(await within(session.proc.exited.then(() => true), SHUTDOWN_TIMEOUT_MS))) session.proc.kill();
      await session.proc.exited;
    }
    this.diagnostics.dispose();
  }
}

/** Whether `p` resolves to true within `ms`. */
async function within(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
