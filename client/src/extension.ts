import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { registerServerCommands } from './commands';
import { registerAccessPanel } from './matrix/register';
import { registerNewPolicyCommand } from './new-policy';
import { registerRuleDocsCommand } from './rule-docs';
import { KeyscopeServer } from './server';
import { createStatusItem } from './status';
import { startWhenNeeded } from './trigger';

let server: KeyscopeServer | undefined;

/**
 * Any JSON or Terraform document activates the extension. Everything the user can call is registered at once
 * (commands, the matrix's webview serializer, the status item); the server starts with the first document
 * that needs it, not here.
 */
export function activate(context: ExtensionContext): void {
  server = new KeyscopeServer(context.asAbsolutePath(path.join('server', 'out', 'server.js')));
  context.subscriptions.push(server);
  registerNewPolicyCommand(context, server); // the generator is bundled; the server only says what fits at the cursor
  registerServerCommands(context, server);
  registerRuleDocsCommand(context); // the pages ship inside the extension: no server needed
  registerAccessPanel(context, server);
  const s = server;
  context.subscriptions.push(createStatusItem(s), startWhenNeeded(() => void s.start().catch(() => undefined)));
  s.output.info(`Keyscope ${context.extension.packageJSON.version} activated; the server starts with the first key policy or Terraform file.`);
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
