import * as vscode from 'vscode';
import type { KeyscopeServer } from '../server';
import { CommandIds } from '../../../server/src/lsp/protocol';
import { ACCESS_VIEW_TYPE, AccessPanel } from './panel';

/**
 * The "Show Effective Access" command (also run by the CodeLens) and the panel's serializer, registered at
 * activation: a panel restored or opened before the server runs says so, and fills in once it runs.
 */
export function registerAccessPanel(context: vscode.ExtensionContext, server: KeyscopeServer): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.showAccess, async (uri?: string | vscode.Uri) => {
      const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
      const doc = target ? await vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
      AccessPanel.createOrShow(context, server, doc);
    }),
    vscode.window.registerWebviewPanelSerializer(ACCESS_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        AccessPanel.revive(panel, context, server, state as { uri?: string; whatIf?: string[] } | undefined);
      },
    }),
  );
}
