/**
 * Keeps the server's view of the editor current: the open documents of the selector (didOpen, incremental or
 * full didChange, didClose), the `keyscope` settings, the watched `.keyscope.json` files; and puts the
 * diagnostics it publishes into the editor.
 */
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import type { Converters } from './convert';
import type { RpcConnection } from './jsonrpc';
import { toDidChange, toTextDocumentItem } from './to-lsp';
import { settingsOf } from './workspace';

export interface SyncOptions {
  rpc: RpcConnection;
  selector: vscode.DocumentSelector;
  /** How the server wants changes: `TextDocumentSyncKind` or the options object of its capabilities. */
  sync: lsp.TextDocumentSyncKind | lsp.TextDocumentSyncOptions | undefined;
  conv: Converters;
  diagnostics: vscode.DiagnosticCollection;
  configurationSection: string;
  fileEvents?: vscode.FileSystemWatcher;
}

const NONE = 0;
const FULL = 1;

/** Starts syncing; the documents already open are opened on the server at once. Dispose to stop. */
export function startSync(o: SyncOptions): vscode.Disposable {
  const { rpc, conv } = o;
  const change = typeof o.sync === 'object' ? o.sync.change ?? NONE : o.sync ?? NONE;
  const openClose = typeof o.sync === 'object' ? !!o.sync.openClose : change !== NONE;
  const open = new Set<string>(); // URIs of the documents the server has open
  const subs: vscode.Disposable[] = [];

  rpc.onNotification('textDocument/publishDiagnostics', (p) => {
    const { uri, diagnostics } = p as lsp.PublishDiagnosticsParams;
    o.diagnostics.set(conv.uri(uri), diagnostics.map(conv.diagnostic));
  });

  if (openClose) {
    const didOpen = (d: vscode.TextDocument) => {
      const key = d.uri.toString();
      if (open.has(key) || vscode.languages.match(o.selector, d) === 0) return;
      open.add(key);
      rpc.sendNotification('textDocument/didOpen', { textDocument: toTextDocumentItem(d) });
    };
    subs.push(
      vscode.workspace.onDidOpenTextDocument(didOpen),
      vscode.workspace.onDidChangeTextDocument((e) => {
        // Events without changes (the dirty flag flipped) leave the version as it was: nothing to send.
        if (change === NONE || !e.contentChanges.length || !open.has(e.document.uri.toString())) return;
        const params = toDidChange(e);
        if (change === FULL) params.contentChanges = [{ text: e.document.getText() }];
        rpc.sendNotification('textDocument/didChange', params);
      }),
      // A language change closes and reopens a document, so it enters or leaves the selector here too.
      vscode.workspace.onDidCloseTextDocument((d) => {
        const key = d.uri.toString();
        if (!open.delete(key)) return;
        rpc.sendNotification('textDocument/didClose', { textDocument: { uri: key } });
      }),
    );
    vscode.workspace.textDocuments.forEach(didOpen);
  }

  subs.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(o.configurationSection)) return;
      rpc.sendNotification('workspace/didChangeConfiguration', { settings: { [o.configurationSection]: settingsOf(o.configurationSection, undefined) } });
    }),
  );

  if (o.fileEvents) {
    const send = (type: lsp.FileChangeType) => (uri: vscode.Uri) => rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri.toString(), type }] });
    subs.push(o.fileEvents.onDidCreate(send(1)), o.fileEvents.onDidChange(send(2)), o.fileEvents.onDidDelete(send(3)));
  }

  return { dispose: () => subs.splice(0).forEach((s) => s.dispose()) };
}
