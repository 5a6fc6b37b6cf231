/**
 * The language status item of Keyscope documents (the `{}` in the status bar): whether the server runs, how
 * many key policies it found in the open documents, and a link to the output.
 */
import * as vscode from 'vscode';
import { ClientCommandIds } from './command-ids';
import { DOCUMENT_SELECTOR, type KeyscopeServer } from './server';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function createStatusItem(server: KeyscopeServer): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('keyscope.status', DOCUMENT_SELECTOR);
  item.name = 'Keyscope';
  item.command = { title: 'Show Output', command: ClientCommandIds.showOutput, tooltip: 'Open the Keyscope output' };
  const update = () => {
    const state = server.state;
    item.busy = state === 'starting';
    item.severity = state === 'stopped' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    if (state === 'idle') {
      item.text = 'Keyscope: idle';
      item.detail = 'starts with the first key policy or Terraform file';
    } else if (state === 'starting') {
      item.text = 'Keyscope: starting';
      item.detail = undefined;
    } else if (state === 'running') {
      const { policies, documents } = server.status;
      item.text = `Keyscope: ${plural(policies, 'key policy', 'key policies')}`;
      item.detail = `analysed in ${plural(documents, 'open document', 'open documents')}`;
    } else {
      item.text = 'Keyscope: stopped';
      item.detail = 'run Keyscope: Restart Server';
    }
  };
  update();
  return vscode.Disposable.from(item, server.onDidChange(update));
}
