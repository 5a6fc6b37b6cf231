import * as vscode from 'vscode';
import type { KeyscopeServer } from '../server';
import { CommandIds, REVISIONS_REQUEST, type RevisionItem, type RevisionsParams, type WhatIfState } from '../../../server/src/lsp/protocol';
import { ACCESS_VIEW_TYPE, AccessPanel } from './panel';

/**
 * The "Show Effective Access" command (also run by the CodeLens) and the panel's serializer, registered at
 * activation: a panel restored or opened before the server runs says so, and fills in once it runs.
 */
export function registerAccessPanel(context: vscode.ExtensionContext, server: KeyscopeServer): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.showAccess, async (uri?: string | vscode.Uri) => {
      AccessPanel.createOrShow(context, server, await documentOf(uri));
    }),
    // Run by the CodeLens above a key whose access differs from the last commit, and from the palette.
    vscode.commands.registerCommand(CommandIds.compareAccess, async (uri?: string | vscode.Uri) => {
      AccessPanel.createOrShow(context, server, await documentOf(uri), 'HEAD');
    }),
    vscode.commands.registerCommand(CommandIds.compareAccessWith, async (uri?: string | vscode.Uri) => {
      const doc = await documentOf(uri);
      if (!doc) return void vscode.window.showInformationMessage('Keyscope: open a key policy (JSON) or a Terraform file to compare its access.');
      const ref = await pickRevision(server, doc);
      if (ref) AccessPanel.createOrShow(context, server, doc, ref);
    }),
    vscode.window.registerWebviewPanelSerializer(ACCESS_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        await AccessPanel.revive(panel, context, server, state as { uri?: string; whatIf?: WhatIfState; pinned?: unknown } | undefined);
      },
    }),
  );
}

async function documentOf(uri: string | vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  return target ? vscode.workspace.openTextDocument(target) : vscode.window.activeTextEditor?.document;
}

const KIND_LABEL: Record<RevisionItem['kind'], string> = { branch: 'branch', remote: 'remote branch', tag: 'tag', commit: 'commit' };

/** A revision of the document's repository picked from a list (branches, tags, recent commits), or typed. */
async function pickRevision(server: KeyscopeServer, doc: vscode.TextDocument): Promise<string | undefined> {
  if (server.withoutGit) {
    void vscode.window.showInformationMessage(`Keyscope: comparing with a git revision ${server.withoutGit}.`);
    return undefined;
  }
  let items: RevisionItem[] = [];
  try {
    const client = await server.running();
    items = (await client.sendRequest<RevisionItem[]>(REVISIONS_REQUEST, { uri: doc.uri.toString() } satisfies RevisionsParams)) ?? [];
  } catch (e) {
    void vscode.window.showErrorMessage(`Keyscope: ${(e as Error)?.message ?? e}`);
    return undefined;
  }
  if (!items.length) {
    void vscode.window.showInformationMessage('Keyscope: this file is not in a git repository with commits, so there is nothing to compare with.');
    return undefined;
  }
  type Item = vscode.QuickPickItem & { ref: string };
  const picks: Item[] = items.map((r) => ({
    ref: r.ref,
    label: r.kind === 'commit' ? r.ref.slice(0, 12) : r.ref,
    description: KIND_LABEL[r.kind],
    detail: r.kind === 'commit' ? r.detail : undefined,
  }));
  const picked = await vscode.window.showQuickPick<Item>(picks, { title: 'Compare access with…', placeHolder: 'A branch, a tag or a commit', matchOnDescription: true, matchOnDetail: true });
  return picked?.ref;
}
