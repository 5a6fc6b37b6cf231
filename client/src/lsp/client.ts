/**
 * Keyscope's language client: the editor side of the server's life. It owns the output channel and the
 * diagnostics, answers what the server asks, and wires the features the server declares each time a server
 * (re)starts; `supervisor.ts` runs the process itself.
 */
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { CLIENT_CAPABILITIES } from './capabilities';
import { converters } from './convert';
import type { CancelToken } from './jsonrpc';
import { registerProviders } from './providers';
import { startSync } from './sync';
import { ServerSupervisor } from './supervisor';
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

export class LanguageClient {
  readonly output: vscode.OutputChannel;
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly supervisor: ServerSupervisor;

  constructor(name: string, options: ClientOptions) {
    const output = (this.output = vscode.window.createOutputChannel(name));
    const diagnostics = (this.diagnostics = vscode.languages.createDiagnosticCollection(options.configurationSection));
    const conv = converters(vscode);
    const log = (line: string) => output.appendLine(line);
    // Debugging the extension (its host started with --inspect) debugs the server too.
    const debug = process.execArgv.some((a) => /^--inspect(-brk)?(=|$)/.test(a));
    this.supervisor = new ServerSupervisor({
      name,
      module: options.module,
      execArgv: debug ? ['--nolazy', '--inspect=6009'] : [],
      connect: (rpc) => handleWorkspaceRequests(rpc, log),
      initializeParams,
      ready: (rpc, result) => {
        const common = { rpc, selector: options.selector, conv };
        return [
          registerProviders({ ...common, capabilities: result.capabilities, log }),
          startSync({ ...common, sync: result.capabilities.textDocumentSync, diagnostics, configurationSection: options.configurationSection, fileEvents: options.fileEvents }),
        ];
      },
      gone: () => diagnostics.clear(),
      log,
      output: (text) => output.append(text),
      failed: (message) => void vscode.window.showErrorMessage(`${message} See the "${name}" output for details.`, 'Show Output').then((c) => c && output.show()),
    });
  }

  /** Starts the server; resolves once it is initialized and the editor's documents are synced. */
  start(): Promise<void> {
    return this.supervisor.start();
  }

  /** Sends a request once the server runs; rejects when it does not (crashed for good, or stopped). */
  sendRequest<R>(method: string, params?: unknown, token?: CancelToken): Promise<R> {
    return this.supervisor.sendRequest<R>(method, params, token);
  }

  /** Shuts the server down cleanly. Idempotent. */
  async stop(): Promise<void> {
    await this.supervisor.stop();
    this.diagnostics.dispose();
  }
}

/** What the client tells the server about itself and the workspace. */
function initializeParams(): lsp.InitializeParams {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return {
    processId: process.pid,
    clientInfo: { name: vscode.env.appName, version: vscode.version },
    locale: vscode.env.language,
    rootPath: folders[0]?.uri.fsPath ?? null,
    rootUri: folders[0]?.uri.toString() ?? null,
    capabilities: CLIENT_CAPABILITIES,
    workspaceFolders: folders.length ? folders.map((f) => ({ uri: f.uri.toString(), name: f.name })) : null,
  };
}
