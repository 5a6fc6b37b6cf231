import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient } from './lsp/client';

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
  const fileEvents = workspace.createFileSystemWatcher('**/.keyscope.json');
  context.subscriptions.push(fileEvents);
  client = new LanguageClient('Keyscope', { module, selector: DOCUMENT_SELECTOR, configurationSection: 'keyscope', fileEvents });
  context.subscriptions.push(client.output);
  await client.start();
  registerAccessPanel(context, client);
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
