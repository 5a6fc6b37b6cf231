import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

import { registerAccessPanel } from './matrix/register';
import { registerNewPolicyCommand } from './new-policy';

let client: LanguageClient | undefined;

/** Documents the server analyses: JSON (it decides which are key policies) and Terraform. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', language: 'terraform' },
  { scheme: 'untitled', language: 'json' },
  { scheme: 'untitled', language: 'terraform' },
  { scheme: 'file', pattern: '**/*.tf' },
];

export async function activate(context: ExtensionContext): Promise<void> {
  registerNewPolicyCommand(context); // needs no server: the generator is bundled
  const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'keyscope', fileEvents: workspace.createFileSystemWatcher('**/.keyscope.json') },
  };
  client = new LanguageClient('keyscope', 'Keyscope', serverOptions, clientOptions);
  await client.start();
  registerAccessPanel(context, client);
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
