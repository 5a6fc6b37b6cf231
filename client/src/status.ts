/**
 * The language status item of Keyscope documents (the `{}` in the status bar): whether the server runs, how
 * many key policies it found in the open documents, and a link to the output.
 */
import * as vscode from 'vscode';
import { ClientCommandIds } from './command-ids';
import { DOCUMENT_SELECTOR, type KeyscopeServer } from './server';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The documents the item shows on: Terraform files, JSON files the include globs name (in each workspace
 * folder), and the documents in which the server found key policies — never any other JSON (settings.json,
 * package.json). A name is matched literally: the characters globs treat specially match any character there.
 */
export function statusSelector(analysed: readonly string[], selector: readonly vscode.DocumentFilter[] = DOCUMENT_SELECTOR): vscode.DocumentFilter[] {
  const filters: vscode.DocumentFilter[] = selector.filter((f) => f.language === 'terraform' || f.pattern);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const include = vscode.workspace.getConfiguration('keyscope', folder.uri).get<unknown>('files.include');
    if (!Array.isArray(include)) continue;
    for (const g of include) if (typeof g === 'string' && g) filters.push({ pattern: new vscode.RelativePattern(folder, g) }); // under the folder, on its file system
  }
  for (const u of analysed) {
    const uri = vscode.Uri.parse(u);
    const dir = vscode.Uri.joinPath(uri, '..');
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/[*?[\]{}!,]/g, '?');
    filters.push({ scheme: uri.scheme, pattern: new vscode.RelativePattern(dir, name) });
  }
  return filters;
}

export function createStatusItem(server: KeyscopeServer): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('keyscope.status', statusSelector([], server.selector as vscode.DocumentFilter[]));
  item.name = 'Keyscope';
  item.command = { title: 'Show Output', command: ClientCommandIds.showOutput, tooltip: 'Open the Keyscope output' };
  // Chosen again when the analysed documents, the include globs or the folders change.
  let shownOn: string | undefined;
  const reselect = (force: boolean) => {
    const analysed = server.state === 'running' ? server.status.uris ?? [] : [];
    if (!force && analysed.join(' ') === shownOn) return;
    shownOn = analysed.join(' ');
    item.selector = statusSelector(analysed, server.selector as vscode.DocumentFilter[]);
  };
  const update = () => {
    const state = server.state;
    reselect(false);
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
  const settings = vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('keyscope.files') && reselect(true));
  const folders = vscode.workspace.onDidChangeWorkspaceFolders(() => reselect(true));
  return vscode.Disposable.from(item, server.onDidChange(update), settings, folders);
}
