/**
 * Keyscope in the browser (vscode.dev, github.dev): the same extension, with its server in a Web Worker
 * (server/out/browser-server.js). The worker has no file system: the server asks for the files an analysis
 * reads (`.keyscope.json`, the other files of a Terraform module, variable files, templates) and this side
 * reads them through `workspace.fs` (`workspace-files.ts`). What needs a Node.js process (git revisions,
 * linting files that are not open, the CLI) says so.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateWith } from './activate';
import { BROWSER_DOCUMENT_SELECTOR, KeyscopeServer } from './server';
import { answerFileRequests } from './workspace-files';

let server: KeyscopeServer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const out = vscode.Uri.joinPath(context.extensionUri, 'server', 'out');
  // The wasm files (the Terraform grammar) are fetched by the worker from the extension's own folder.
  const worker = `${vscode.Uri.joinPath(out, 'browser-server.js').toString(true)}?wasm=${encodeURIComponent(out.toString(true) + '/')}`;
  // One worker at a time: a restart ends the previous one.
  let current: Worker | undefined;
  context.subscriptions.push({ dispose: () => current?.terminate() });
  server = new KeyscopeServer(
    (options) => {
      current?.terminate();
      current = new Worker(worker);
      // The id makes `keyscope.trace.server` the trace setting.
      const client = new LanguageClient('keyscope', 'Keyscope', options, current);
      answerFileRequests(client);
      return client;
    },
    'a Web Worker',
    BROWSER_DOCUMENT_SELECTOR,
    'needs Keyscope in desktop VS Code (git does not run in the browser)',
  );
  activateWith(context, server);
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
