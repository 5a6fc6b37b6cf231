/**
 * The life of the language server process: start and initialize it, restart it when it crashes (a few times
 * within a window, then give up and say so), and shut it down cleanly (`shutdown`, `exit`, then a kill if it
 * lingers). Free of `vscode`: the editor side comes in through the hooks, so this runs under plain Node.
 */
import type * as lsp from 'vscode-languageserver-protocol';
import { RpcConnection, type CancelToken } from './jsonrpc';
import { startServerProcess, type ServerProcess } from './transport';

export interface SupervisorOptions {
  /** The product name, for messages: "The Keyscope server …". */
  name: string;
  /** The server's bundled entry point, and Node options for it. */
  module: string;
  execArgv?: string[];
  /** Installs the handlers for what the server asks and tells; runs on each new connection before initialize. */
  connect(rpc: RpcConnection): void;
  initializeParams(): lsp.InitializeParams;
  /** The server is initialized: wire up the editor. What this returns is disposed when that server goes. */
  ready(rpc: RpcConnection, result: lsp.InitializeResult): { dispose(): void }[];
  /** A server went away (crashed or stopped) and its features were disposed. */
  gone(): void;
  /** One line for the output channel; `output` takes the server's own stdout and stderr. */
  log(line: string): void;
  output(text: string): void;
  /** The server crashed too often and stays down. */
  failed(message: string): void;
  maxCrashes?: number;
  crashWindowMs?: number;
  shutdownTimeoutMs?: number;
}

interface Session {
  proc: ServerProcess;
  rpc: RpcConnection;
  features: { dispose(): void }[];
}

export class ServerSupervisor {
  private session: Session | undefined;
  /** The start of the current session; replaced when the server restarts. */
  private starting: Promise<Session> | undefined;
  private crashes: number[] = [];
  private failure: Error | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly o: SupervisorOptions) {}

  /** Starts the server; resolves once it is initialized and `ready` has run. */
  async start(): Promise<void> {
    this.starting = this.launch();
    await this.running();
  }

  /** Sends a request once the server runs; rejects when it does not (crashed for good, or stopped). */
  async sendRequest<R>(method: string, params?: unknown, token?: CancelToken): Promise<R> {
    return (await this.running()).rpc.sendRequest<R>(method, params, token);
  }

  /** The pid of the running server process, if any. */
  get pid(): number | undefined {
    return this.session?.proc.pid;
  }

  /** Asks the server to shut down and exit; kills it when it does not within a moment. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async running(): Promise<Session> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.stopping || !this.starting) throw new Error(`The ${this.o.name} server is not running.`);
      const attempt = this.starting;
      try {
        return await attempt;
      } catch (e) {
        if (this.starting === attempt) throw this.failure ?? e; // not replaced by a restart: this is the outcome
      }
    }
  }

  private async launch(): Promise<Session> {
    let rpc: RpcConnection | undefined;
    const proc = startServerProcess(this.o.module, { execArgv: this.o.execArgv, onMessage: (m) => rpc?.receive(m), onOutput: this.o.output });
    rpc = new RpcConnection((m) => proc.send(m), this.o.log);
    const session: Session = { proc, rpc, features: [] };
    this.session = session;
    void proc.exited.then((e) => this.exited(session, e.signal ? `signal ${e.signal}` : `exit code ${e.code}`));
    this.o.connect(rpc);
    const result = await rpc.sendRequest<lsp.InitializeResult>('initialize', this.o.initializeParams());
    rpc.sendNotification('initialized', {});
    session.features.push(...this.o.ready(rpc, result));
    return session;
  }

  /** A server process ended: clean up after it, and start another unless it was stopped or crashes too often. */
  private exited(session: Session, how: string): void {
    if (this.session === session) this.session = undefined;
    if (this.stopping) this.o.log(`The ${this.o.name} server stopped (${how}).`);
    else {
      this.o.log(`The ${this.o.name} server stopped unexpectedly (${how}).`);
      const now = Date.now();
      const window = this.o.crashWindowMs ?? 3 * 60_000;
      this.crashes = [...this.crashes.filter((t) => now - t < window), now];
      if (this.crashes.length >= (this.o.maxCrashes ?? 5)) {
        const minutes = Math.round(window / 60_000);
        this.failure = new Error(`The ${this.o.name} server crashed ${this.crashes.length} times in the last ${minutes} minute${minutes === 1 ? '' : 's'} and will not be restarted.`);
        this.o.log(this.failure.message);
        this.o.failed(this.failure.message);
      } else {
        this.o.log(`Restarting the ${this.o.name} server.`);
        this.starting = this.launch(); // replaces the session `running()` waits for, before the old one rejects
        this.starting.catch(() => undefined); // a failed start ends in another exit, handled here
      }
    }
    session.rpc.close(new Error(`The ${this.o.name} server stopped (${how}).`));
    session.features.splice(0).forEach((f) => f.dispose());
    this.o.gone();
  }

  private async shutdown(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const timeout = this.o.shutdownTimeoutMs ?? 2000;
    const answered = session.rpc.sendRequest('shutdown').then(() => true, () => false);
    if (await within(answered, timeout)) session.rpc.sendNotification('exit');
    if (!(await within(session.proc.exited.then(() => true), timeout))) session.proc.kill();
    await session.proc.exited;
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
