/** The commands about the server itself: they work before it starts, and say so when it has not. */
import * as vscode from 'vscode';
import { ClientCommandIds } from './command-ids';
import { ServerNotStartedError, type KeyscopeServer } from './server';

export function registerServerCommands(context: vscode.ExtensionContext, server: KeyscopeServer): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(ClientCommandIds.restartServer, async () => {
      try {
        await server.restart();
        void vscode.window.setStatusBarMessage('Keyscope: the server was restarted.', 5000);
      } catch (e) {
        if (e instanceof ServerNotStartedError) {
          void vscode.window.showInformationMessage(e.message);
          return;
        }
        const choice = await vscode.window.showErrorMessage(`Keyscope: the server did not restart: ${(e as Error)?.message ?? e}`, 'Show Output');
        if (choice) server.output.show();
      }
    }),
    vscode.commands.registerCommand(ClientCommandIds.showOutput, () => server.output.show()),
  );
}
