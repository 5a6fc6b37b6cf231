/**
 * "Keyscope: Lint Workspace" with its progress in a notification the user can cancel: the client asks the
 * server to run the command with a progress token of its own, shows what the server reports on it, and
 * cancels the request when the notification is cancelled (the server then stops between files).
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, type BaseLanguageClient } from 'vscode-languageclient';

let runs = 0;

export function lintWithProgress(client: BaseLanguageClient, command: string, args: unknown[]): Thenable<unknown> {
  const options = { location: vscode.ProgressLocation.Notification, title: 'Keyscope: linting the workspace', cancellable: true };
  return vscode.window.withProgress(options, async (progress, cancelled) => {
    const workDoneToken = `keyscope-lint-${++runs}`;
    let shown = 0;
    const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (v) => {
      if (v.kind === 'end') return;
      // VS Code adds increments; the server reports the percentage done so far.
      const increment = v.percentage === undefined ? undefined : Math.max(0, v.percentage - shown);
      if (v.percentage !== undefined) shown = Math.max(shown, v.percentage);
      progress.report({ message: v.message, increment });
    });
    try {
      return await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken }, cancelled);
    } catch (e) {
      // A cancelled run: the server says how far it got.
      if (cancelled.isCancellationRequested) return undefined;
      throw e;
    } finally {
      listening.dispose();
    }
  });
}
