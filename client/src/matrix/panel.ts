import * as vscode from 'vscode';
import {
  ACCESS_DIFF_REQUEST,
  ACCESS_MARKDOWN_REQUEST,
  ACCESS_REQUEST,
  ACCESS_VIEW_TYPE as VIEW_TYPE,
  type AccessDiffParams,
  type AccessDiffResult,
  type AccessMarkdownParams,
  type AccessMarkdownResult,
  type AccessParams,
  type AccessResult,
  type FromWebview,
  type ToWebview,
  type WhatIfState,
} from '../../../server/src/lsp/protocol';
import { makeNonce, matrixPage } from './html';
import { LastValidMatrices } from './last-valid';
import { ServerNotStartedError, type KeyscopeServer } from '../server';

const LANGUAGES = new Set(['json', 'jsonc', 'terraform']);

/**
 * The effective-access panel: one at a time, beside the editor. It follows the active policy document and
 * re-evaluates (debounced) as that document is edited.
 */
export class AccessPanel {
  static current: AccessPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private document: vscode.TextDocument | undefined;
  /** What-if principals by document URI and key: each key's matrix has its own. */
  private whatIf: WhatIfState = {};
  private last: AccessResult | undefined;
  private readonly lastValid = new LastValidMatrices();
  private timer: NodeJS.Timeout | undefined;
  /** The revision the panel compares with (`HEAD`, a branch, a commit), or none. */
  private base: string | undefined;
  /** The key the panel is pinned to: it shows that key's matrix alone and no longer follows the active editor. */
  private pinned: string | undefined;
  /** The document of the editor last in front (while the panel has the focus, no text editor is active). */
  private lastActive: vscode.TextDocument | undefined;

  /**
   * Shows the panel for `document`. `base`: a revision to compare with; `null` stops comparing; undefined
   * keeps what the panel does.
   */
  static createOrShow(context: vscode.ExtensionContext, server: KeyscopeServer, document?: vscode.TextDocument, base?: string | null): void {
    if (AccessPanel.current) {
      const current = AccessPanel.current;
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      if (base !== undefined) current.compareWith(base ?? undefined);
      if (document) current.follow(document);
      else if (base !== undefined) current.schedule(0);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Effective access', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, AccessPanel.options(context));
    AccessPanel.current = new AccessPanel(panel, context, server, document ?? vscode.window.activeTextEditor?.document, {}, base ?? undefined);
  }

  /** Restores the panel after a window reload (registered as the webview serializer). */
  static async revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, server: KeyscopeServer, state: { uri?: string; whatIf?: WhatIfState; pinned?: unknown } | undefined): Promise<void> {
    panel.webview.options = AccessPanel.options(context);
    const uri = typeof state?.uri === 'string' ? state.uri : undefined;
    let doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) : undefined;
    // A panel pinned to a key stays pinned to it: its document is opened (not shown) if the reload closed it.
    const pinned = typeof state?.pinned === 'string' && state.pinned.length <= MAX_KEY_NAME ? state.pinned : undefined;
    if (pinned && uri && !doc) doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)).then((d) => d, () => undefined);
    AccessPanel.current = new AccessPanel(panel, context, server, doc ?? vscode.window.activeTextEditor?.document, readWhatIfState(state?.whatIf), undefined, doc ? pinned : undefined);
  }

  private static options(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')], retainContextWhenHidden: false };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly server: KeyscopeServer,
    document: vscode.TextDocument | undefined,
    whatIf: WhatIfState = {},
    base?: string,
    pinned?: string,
  ) {
    this.whatIf = whatIf;
    this.base = base;
    this.pinned = pinned;
    const media = (f: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', f)).toString();
    panel.webview.html = matrixPage({ cspSource: panel.webview.cspSource, nonce: makeNonce(), scriptUri: media('matrix.js'), styleUri: media('matrix.css') });
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: FromWebview) => this.receive(m), null, this.disposables);
    vscode.window.onDidChangeActiveTextEditor((e) => e && this.follow((this.lastActive = e.document)), null, this.disposables);
    vscode.workspace.onDidChangeTextDocument((e) => e.document === this.document && this.schedule(), null, this.disposables);
    // Opened before the server ran, or while it restarts: evaluate again once it runs.
    let wasRunning = server.state === 'running';
    server.onDidChange(() => {
      const running = server.state === 'running';
      if (running && !wasRunning) this.schedule(0);
      wasRunning = running;
    }, null, this.disposables);
    if (document) this.follow(document);
  }

  /** Switches to `document` when it is one Keyscope analyses. */
  follow(document: vscode.TextDocument): void {
    if (!LANGUAGES.has(document.languageId) && !document.fileName.endsWith('.tf')) return;
    // Pinned: the panel stays on its document (the first one it is given, when restored pinned).
    if (this.pinned && this.document && document !== this.document) return;
    this.document = document;
    this.setTitle();
    this.schedule(0);
  }

  private compareWith(base: string | undefined): void {
    this.base = base;
    this.setTitle();
  }

  private setTitle(): void {
    const name = this.document?.uri.path.split('/').pop() ?? '';
    const shown = this.pinned ? `${this.pinned} (pinned)` : name;
    this.panel.title = this.base ? `Access vs ${this.base.length === 40 ? this.base.slice(0, 12) : this.base}: ${shown}` : `Effective access: ${shown}`;
  }

  private schedule(delay = 300): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const doc = this.document;
    if (!doc) return this.post({ type: 'update', message: 'Open a key policy (JSON) or a Terraform file to see who can do what with the key.' });
    try {
      const whatIf = this.whatIf[doc.uri.toString()] ?? {};
      const params: AccessParams = { uri: doc.uri.toString(), whatIf };
      const client = await this.server.running();
      const base = this.base;
      const [result, diff] = await Promise.all([
        client.sendRequest<AccessResult | null>(ACCESS_REQUEST, params),
        base ? client.sendRequest<AccessDiffResult | null>(ACCESS_DIFF_REQUEST, { uri: params.uri, base } satisfies AccessDiffParams) : Promise.resolve(null),
      ]);
      if (doc !== this.document || base !== this.base) return; // switched meanwhile
      // A policy with syntax errors (mid-edit) shows its matrix as it last parsed.
      this.last = result ? this.lastValid.apply(result) : undefined;
      // Both answer the same version of the document, or the differences are left out until the next refresh.
      const sameVersion = diff && result && diff.version === result.version;
      this.post({ type: 'update', result: this.last, whatIf, diff: sameVersion ? diff : undefined, pinned: this.pinned, message: result ? undefined : 'This document could not be analysed.' });
    } catch (e) {
      if (doc !== this.document) return;
      const message = e instanceof ServerNotStartedError ? e.message : `Keyscope could not evaluate this document: ${(e as Error)?.message ?? e}`;
      this.post({ type: 'update', message });
    }
  }

  private receive(m: FromWebview): void {
    if (m.type === 'ready') {
      if (!Object.keys(this.whatIf).length) this.whatIf = readWhatIfState(m.whatIf);
      this.schedule(0);
    } else if (m.type === 'whatIf' && typeof m.uri === 'string' && typeof m.key === 'string' && Array.isArray(m.principals)) {
      const keys = (this.whatIf[m.uri] ??= {});
      keys[m.key] = m.principals.filter((p) => typeof p === 'string').slice(0, 50);
      this.schedule(0);
    } else if (m.type === 'reveal') void this.reveal(m.policy, m.statements);
    else if (m.type === 'openIam') void this.openIam(m.policy, m.row, m.action);
    else if (m.type === 'stopCompare') {
      this.compareWith(undefined);
      this.schedule(0);
    } else if (m.type === 'pin') {
      this.pinned = typeof m.key === 'string' ? m.key : undefined;
      this.setTitle();
      // Unpinned: back to the editor last in front.
      const active = vscode.window.activeTextEditor?.document ?? this.lastActive;
      if (!this.pinned && active && !active.isClosed) this.follow(active);
      else this.schedule(0);
    } else if (m.type === 'copyMarkdown' && typeof m.key === 'string') void this.copyMarkdown(m.key);
  }

  /** Copies one key's matrix as Markdown, written by the server with the CLI's formatter. */
  private async copyMarkdown(key: string): Promise<void> {
    const doc = this.document;
    if (!doc) return;
    try {
      const client = await this.server.running();
      const uri = doc.uri.toString();
      const params: AccessMarkdownParams = { uri, key, whatIf: this.whatIf[uri]?.[key] ?? [] };
      const r = await client.sendRequest<AccessMarkdownResult>(ACCESS_MARKDOWN_REQUEST, params);
      if (!r) return void vscode.window.showWarningMessage(`Keyscope: ${key} has syntax errors: its access is copied once it parses.`);
      await vscode.env.clipboard.writeText(r.markdown);
      void vscode.window.setStatusBarMessage(`Keyscope: copied the access matrix of ${key} as Markdown`, 8000);
    } catch (e) {
      void vscode.window.showErrorMessage(`Keyscope: could not copy the matrix: ${(e as Error)?.message ?? e}`);
    }
  }

  /** Selects the statements that decided a cell in the editor. */
  private async reveal(policy: number, statements: number[]): Promise<void> {
    const view = this.last?.matrices[policy];
    const doc = this.document;
    // A stale matrix's statement ranges are those of a version of the text that is gone.
    if (!view || view.stale || !doc) return;
    const ranges = statements.map((s) => view.statementRanges[s]).filter(Boolean);
    if (!ranges.length) return;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const toRange = (r: (typeof ranges)[number]) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    editor.selections = ranges.map((r) => new vscode.Selection(toRange(r).start, toRange(r).end));
    editor.revealRange(toRange(ranges[0]), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /**
   * Opens the identity-policy statement (in another file) that decided a cell: only a location the server
   * gave in the current result, never one the page names.
   */
  private async openIam(policy: number, row: number, action: string): Promise<void> {
    const at = this.last?.matrices[policy]?.rows[row]?.actions[action]?.iam;
    if (!at?.uri) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(at.uri, true));
    const pos = new vscode.Position(at.line, at.character);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    AccessPanel.current = undefined;
    clearTimeout(this.timer);
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.panel.dispose();
  }
}

/** Longest key name taken back from the page's saved state (a Terraform address is far shorter). */
const MAX_KEY_NAME = 1024;

export const ACCESS_VIEW_TYPE = VIEW_TYPE;

/** What-if principals kept by the webview (its saved state, untrusted): lists of strings by document and key. */
function readWhatIfState(raw: unknown): WhatIfState {
  const out: WhatIfState = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [uri, keys] of Object.entries(raw)) {
    if (!keys || typeof keys !== 'object' || Array.isArray(keys)) continue;
    out[uri] = {};
    for (const [key, list] of Object.entries(keys)) if (Array.isArray(list)) out[uri][key] = list.filter((p): p is string => typeof p === 'string').slice(0, 50);
  }
  return out;
}
