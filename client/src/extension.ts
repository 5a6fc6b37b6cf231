import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateWith } from './activate';
import { KeyscopeServer } from './server';
import { SERVER_NODE_FLAGS } from './server-flags';

let server: KeyscopeServer | undefined;

/** Any JSON or Terraform document activates the extension (see `activate.ts`); the server runs in a Node.js process. */
export function activate(context: ExtensionContext): void {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const run = { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } };
  const serverOptions: ServerOptions = {
    run,
    // Debugging the extension (its host started with --inspect) debugs the server too.
    debug: { ...run, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'] } },
  };
  // The id makes `keyscope.trace.server` the trace setting.
  server = new KeyscopeServer((options) => new LanguageClient('keyscope', 'Keyscope', serverOptions, options), serverModule);
  activateWith(context, server);
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
