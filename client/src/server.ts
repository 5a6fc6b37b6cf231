/**
 * The Keyscope language server as the editor sees it: a `vscode-languageclient` LanguageClient (over Node IPC
 * in desktop VS Code, `extension.ts`; to a Web Worker in the browser, `browser-extension.ts`), created when the first document that needs it opens (see `trigger.ts`), restarted on request, and watched
 * by the language status item. One client serves every workspace folder; folders added later reach the
 * server through `workspace/didChangeWorkspaceFolders`.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  RevealOutputChannelOn,
  State,
  type BaseLanguageClient,
  type CloseHandlerResult,
  type DocumentSelector,
  type ErrorHandler,
  type LanguageClientOptions,
} from 'vscode-languageclient';
import { CommandIds, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol';
import { ClientCommandIds } from './command-ids';
import { lintWithProgress } from './lint-progress';

/**
 * Documents the server analyses: JSON (it decides which are key policies), Terraform, Terraform variable files
 * (a key policy may be written there) and Terraform templates (`.tpl`, `.tftpl`) that render a policy.
 */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', language: 'terraform' },
  { scheme: 'file', language: 'terraform-vars' },
  { scheme: 'untitled', language: 'json' },
  { scheme: 'untitled', language: 'terraform' },
  { scheme: 'file', pattern: '**/*.tf' },
  { scheme: 'file', pattern: '**/*.tfvars' },
  { scheme: 'file', pattern: '**/*.{tpl,tftpl}' },
];

/**
 * The same documents in the browser, whatever file system holds them (`vscode-vfs` on github.dev and
 * vscode.dev, a local folder opened in the browser, ...).
 */
export const BROWSER_DOCUMENT_SELECTOR = DOCUMENT_SELECTOR.map(({ scheme, ...rest }) => (scheme === 'untitled' ? { scheme, ...rest } : rest));

/** Makes the LanguageClient of the platform (Node IPC, or a Web Worker) with the options Keyscope sets. */
export type ClientFactory = (options: LanguageClientOptions) => BaseLanguageClient | Promise<BaseLanguageClient>;

/** Restarts after a crash within `CRASH_WINDOW_MS` before the server is left stopped. */
const MAX_RESTARTS = 4;

export type ServerState = 'idle' | 'starting' | 'running' | 'stopped';

/** Thrown by what needs the server while it has not been started (no document has needed it yet). */
export class ServerNotStartedError extends Error {
  constructor() {
    super('The Keyscope server is not running yet: it starts when you open a key policy (JSON) or a Terraform file.');
  }
}

export class KeyscopeServer implements vscode.Disposable {
  /** "Keyscope" in the Output view: the client's log, the server's log messages and, when enabled, the protocol trace. */
  readonly output: vscode.LogOutputChannel;
  private client: BaseLanguageClient | undefined;
  private starting: Promise<BaseLanguageClient> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** `.keyscope.json` files: their changes go to the server as `workspace/didChangeWatchedFiles`. */
  private readonly configFiles = vscode.workspace.createFileSystemWatcher('**/.keyscope.json');
  /** Fires when the state or the status changes. */
  readonly onDidChange = this.changed.event;
  /** What the server last reported about the open documents. */
  status: StatusParams = { documents: 0, policies: 0 };

  /**
   * `where`: the server, as the output names it when it starts; `selector`: the documents it analyses
   * (`DOCUMENT_SELECTOR`, or `BROWSER_DOCUMENT_SELECTOR`); `withoutGit`: why git revisions cannot be compared
   * (in the browser).
   */
  constructor(
    private readonly createClient: ClientFactory,
    private readonly where: string,
    readonly selector: DocumentSelector = DOCUMENT_SELECTOR,
    readonly withoutGit?: string,
  ) {
    this.output = vscode.window.createOutputChannel('Keyscope', { log: true });
  }

  get state(): ServerState {
    if (!this.client) return 'idle';
    switch (this.client.state) {
      case State.Running:
        return 'running';
      case State.Starting:
        return 'starting';
      default:
        return 'stopped';
    }
  }

  /** Starts the server unless it was started already; resolves once it is initialized. */
  start(): Promise<BaseLanguageClient> {
    this.starting ??= this.launch();
    return this.starting;
  }

  /**
   * The client, once its server runs: waits for a start in progress; throws `ServerNotStartedError` when no
   * document has needed the server yet, and says so when it stopped.
   */
  async running(): Promise<BaseLanguageClient> {
    if (!this.starting) throw new ServerNotStartedError();
    const client = await this.starting;
    if (client.state !== State.Running) throw new Error('The Keyscope server is stopped: run "Keyscope: Restart Server" (the output says why it stopped).');
    return client;
  }

  /** Stops the server and starts a new one. Throws `ServerNotStartedError` when it was never started. */
  async restart(): Promise<void> {
    const old = this.client;
    if (!old || !this.starting) throw new ServerNotStartedError();
    this.output.info('Restarting the Keyscope server on request.');
    // Node's client restarts its process; a worker's client (no `restart`) is replaced like a stopped one.
    const restartable = old as BaseLanguageClient & { restart?: () => Promise<void> };
    if (old.state === State.Running && typeof restartable.restart === 'function') {
      await restartable.restart();
      return;
    }
    // Stopped after too many crashes, never got up, or in a worker: a new client starts from scratch.
    await this.starting.catch(() => undefined);
    this.client = undefined;
    this.starting = undefined;
    await old.dispose().catch((e) => this.output.warn(`Disposing the stopped client: ${(e as Error)?.message ?? e}`));
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (client?.needsStop()) await client.stop();
  }

  dispose(): void {
    void this.client?.dispose();
    this.configFiles.dispose();
    this.changed.dispose();
    this.output.dispose();
  }

  private async launch(): Promise<BaseLanguageClient> {
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.selector,
      diagnosticCollectionName: 'keyscope',
      outputChannel: this.output,
      // Problems show as diagnostics and in the status item; the output opens when the user asks.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      synchronize: { configurationSection: 'keyscope', fileEvents: this.configFiles },
      errorHandler: this.errorHandler(),
      // A finding's rule link opens the rule's page shipped in the extension (offline, in the Markdown preview)
      // instead of the web page the server names for other editors.
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(withLocalRuleDocs)),
        // Lint Workspace shows its progress in a notification that can cancel it.
        executeCommand: (command, args, next) => (command === CommandIds.lintWorkspace && this.client ? lintWithProgress(this.client, command, args) : next(command, args)),
      },
    };
    let client: BaseLanguageClient;
    try {
      client = await this.createClient(clientOptions);
    } catch (e) {
      // The server could not even be created (its worker script unreadable, say): said, not swallowed.
      this.output.error(`The Keyscope server did not start: ${(e as Error)?.message ?? e}`);
      this.changed.fire();
      throw e;
    }
    this.client = client;
    client.onDidChangeState(() => {
      if (client.state !== State.Running) this.status = { documents: 0, policies: 0 };
      this.changed.fire();
    });
    client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      if (typeof p?.documents !== 'number' || typeof p?.policies !== 'number') return;
      const uris = Array.isArray(p.uris) ? p.uris.filter((u): u is string => typeof u === 'string') : [];
      this.status = { documents: p.documents, policies: p.policies, uris };
      this.changed.fire();
    });
    this.output.info(`Starting the Keyscope server (${this.where}).`);
    this.changed.fire();
    try {
      await client.start();
    } catch (e) {
      this.output.error(`The Keyscope server did not start: ${(e as Error)?.message ?? e}`);
      this.changed.fire();
      throw e;
    }
    return client;
  }

  /** The library's restart policy, with messages that name our commands. */
  private errorHandler(): ErrorHandler {
    let base: ErrorHandler | undefined;
    const inner = () => (base ??= this.client!.createDefaultErrorHandler(MAX_RESTARTS));
    return {
      error: (error, message, count) => inner().error(error, message, count),
      closed: async (): Promise<CloseHandlerResult> => {
        const r = await inner().closed();
        if (r.action === CloseAction.Restart) return { action: CloseAction.Restart, message: 'The Keyscope server stopped unexpectedly; starting it again.' };
        return {
          action: CloseAction.DoNotRestart,
          message: `The Keyscope server stopped unexpectedly ${MAX_RESTARTS + 1} times within 3 minutes and stays stopped. Run "Keyscope: Restart Server" to try again; "Keyscope: Show Output" has its log.`,
        };
      },
    };
  }
}

/** A Keyscope diagnostic whose code links to "Keyscope: Show rule documentation" for its rule. */
function withLocalRuleDocs(d: vscode.Diagnostic): vscode.Diagnostic {
  const code = d.code;
  if (d.source !== 'keyscope' || typeof code !== 'object' || typeof code.value !== 'string') return d;
  const args = encodeURIComponent(JSON.stringify([code.value]));
  d.code = { value: code.value, target: vscode.Uri.parse(`command:${ClientCommandIds.showRuleDocs}?${args}`) };
  return d;
}
