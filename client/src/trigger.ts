/**
 * When the server starts: with the first document that needs it — a Terraform document, or a JSON document
 * whose path matches `keyscope.files.include` or whose text names a `"kms:` action — not when the extension
 * activates, which any JSON document does (settings.json included). The server itself still decides which
 * documents are key policies; this only keeps it from starting where there is nothing for it to do.
 */
import * as vscode from 'vscode';
import type { DocumentSelector } from 'vscode-languageclient';
import { DOCUMENT_SELECTOR } from './server';

/** What content sniffing looks for, as the server does. A constant pattern: no user text goes into it. */
const NAMES_KMS = /"kms:/i;
/** Edits are checked once the user pauses, not on every keystroke. */
const CHANGE_SETTLE_MS = 300;

/** Whether the server has something to do with this document. */
export function needsServer(doc: vscode.TextDocument, selector: DocumentSelector = DOCUMENT_SELECTOR): boolean {
  if (vscode.languages.match(selector as vscode.DocumentSelector, doc) === 0) return false;
  const config = vscode.workspace.getConfiguration('keyscope', doc.uri);
  // Turned off for the document's folder (`keyscope.enable`): nothing to do there.
  if (config.get<boolean>('enable') === false) return false;
  if (doc.languageId === 'terraform' || /\.tf$/i.test(doc.uri.path)) return true;
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  const include = config.get<unknown>('files.include');
  const globs = Array.isArray(include) ? include.filter((g): g is string => typeof g === 'string' && g.length > 0) : [];
  // VS Code's own glob matching, relative to the document's folder as the server reads the globs.
  if (globs.some((g) => vscode.languages.match({ pattern: folder ? new vscode.RelativePattern(folder, g) : g }, doc) > 0)) return true;
  return config.get<boolean>('files.contentSniffing') !== false && NAMES_KMS.test(doc.getText());
}

/** Calls `start` once, for the first document that needs the server: open now, opened, edited or newly included. */
export function startWhenNeeded(start: () => void, selector: DocumentSelector = DOCUMENT_SELECTOR): vscode.Disposable {
  const subs: vscode.Disposable[] = [];
  const edited = new Set<vscode.TextDocument>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  const stop = () => {
    clearTimeout(timer);
    edited.clear();
    subs.splice(0).forEach((d) => d.dispose());
  };
  const check = (docs: readonly vscode.TextDocument[]) => {
    if (started || !docs.some((d) => !d.isClosed && needsServer(d, selector))) return;
    started = true;
    stop();
    start();
  };
  subs.push(
    vscode.workspace.onDidOpenTextDocument((d) => check([d])),
    // A new untitled JSON document becomes a policy as the user types or pastes it.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.contentChanges.length || vscode.languages.match(selector as vscode.DocumentSelector, e.document) === 0) return;
      edited.add(e.document);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const docs = [...edited];
        edited.clear();
        check(docs);
      }, CHANGE_SETTLE_MS);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => (e.affectsConfiguration('keyscope.files') || e.affectsConfiguration('keyscope.enable')) && check(vscode.workspace.textDocuments)),
  );
  check(vscode.workspace.textDocuments);
  return { dispose: stop };
}
