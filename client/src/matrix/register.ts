import * as vscode from 'vscode';
import type { LanguageClient } from '../lsp/client';
import { CommandIds } from '../../../server/src/lsp/protocol';
import { ACCESS_VIEW_TYPE, AccessPanel } from './panel';

/** The "Show Effective Access" command (also run by the CodeLens) and the panel's serializer. */
export function registerAccessPanel(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.showAccess, async (uri?: string | vscode.Uri) => {
      const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
      const doc = target ? await vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
      AccessPanel.createOrShow(context, client, doc);
    }),
    vscode.window.registerWebviewPanelSerializer(ACCESS_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        AccessPanel.revive(panel, context, client, state as { uri?: string; whatIf?: string[] } | undefined);
      },
    }),
  );
}
