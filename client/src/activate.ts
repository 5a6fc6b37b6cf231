/** What activating Keyscope does in desktop VS Code and in the browser alike, once each has made its server. */
import type { ExtensionContext } from 'vscode';
import { registerServerCommands } from './commands';
import { registerAccessPanel } from './matrix/register';
import { registerNewPolicyCommand } from './new-policy';
import { registerRuleDocsCommand } from './rule-docs';
import type { KeyscopeServer } from './server';
import { createStatusItem } from './status';
import { startWhenNeeded } from './trigger';

/**
 * Everything the user can call is registered at once (commands, the matrix's webview serializer, the status
 * item); the server starts with the first document that needs it, not here.
 */
export function activateWith(context: ExtensionContext, server: KeyscopeServer): void {
  context.subscriptions.push(server);
  registerNewPolicyCommand(context, server); // the generator is bundled; the server only says what fits at the cursor
  registerServerCommands(context, server);
  registerRuleDocsCommand(context); // the pages ship inside the extension: no server needed
  registerAccessPanel(context, server);
  context.subscriptions.push(createStatusItem(server), startWhenNeeded(() => void server.start().catch(() => undefined), server.selector));
  server.output.info(`Keyscope ${context.extension.packageJSON.version} activated; the server starts with the first key policy or Terraform file.`);
}
