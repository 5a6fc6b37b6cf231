/**
 * The editor features the server declares, each a thin provider: convert the request out, ask the server,
 * convert the answer back. A failed or cancelled request yields nothing, never an error in the editor.
 */
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { isStale, type Converters } from './convert';
import { ErrorCodes, ResponseError, type RpcConnection } from './jsonrpc';
import { toCodeActionContext, toCompletionContext, toPosition, toRange } from './to-lsp';

export interface ProviderOptions {
  rpc: RpcConnection;
  selector: vscode.DocumentSelector;
  capabilities: lsp.ServerCapabilities;
  conv: Converters;
  log: (line: string) => void;
}

/** Registers a provider for each feature in the server's capabilities. Dispose to unregister them all. */
export function registerProviders(o: ProviderOptions): vscode.Disposable {
  const { rpc, selector, capabilities: caps, conv } = o;
  const subs: vscode.Disposable[] = [];
  const doc = (d: vscode.TextDocument) => ({ uri: d.uri.toString() });

  /** A request whose failure is logged and answered with nothing; cancellation is not a failure. */
  async function ask<R>(method: string, params: unknown, token: vscode.CancellationToken): Promise<R | undefined> {
    try {
      return await rpc.sendRequest<R>(method, params, token);
    } catch (e) {
      const quiet = token.isCancellationRequested || rpc.isClosed || (e instanceof ResponseError && (e.code === ErrorCodes.RequestCancelled || e.code === ErrorCodes.ContentModified));
      if (!quiet) o.log(`Request ${method} failed: ${(e as Error)?.message ?? e}`);
      return undefined;
    }
  }

  if (caps.hoverProvider) {
    subs.push(vscode.languages.registerHoverProvider(selector, {
      provideHover: async (d, p, token) => conv.hover((await ask<lsp.Hover | null>('textDocument/hover', { textDocument: doc(d), position: toPosition(p) }, token)) ?? null),
    }));
  }

  const completion = caps.completionProvider;
  if (completion) {
    const original = new WeakMap<vscode.CompletionItem, lsp.CompletionItem>();
    const remember = (list: vscode.CompletionList | undefined, r: lsp.CompletionItem[] | lsp.CompletionList | null | undefined) => {
      const items = Array.isArray(r) ? r : r?.items ?? [];
      list?.items.forEach((item, i) => original.set(item, items[i]));
      return list;
    };
    const provider: vscode.CompletionItemProvider = {
      async provideCompletionItems(d, p, token, context) {
        const r = await ask<lsp.CompletionItem[] | lsp.CompletionList | null>('textDocument/completion', { textDocument: doc(d), position: toPosition(p), context: toCompletionContext(context) }, token);
        return remember(conv.completion(r ?? null), r);
      },
    };
    if (completion.resolveProvider) {
      provider.resolveCompletionItem = async (item, token) => {
        const lspItem = original.get(item);
        const resolved = lspItem && (await ask<lsp.CompletionItem>('completionItem/resolve', lspItem, token));
        return resolved ? conv.completionItem(resolved) : item;
      };
    }
    subs.push(vscode.languages.registerCompletionItemProvider(selector, provider, ...(completion.triggerCharacters ?? [])));
  }

  const actions = caps.codeActionProvider;
  if (actions) {
    const kinds = typeof actions === 'object' ? actions.codeActionKinds : undefined;
    subs.push(vscode.languages.registerCodeActionsProvider(selector, {
      async provideCodeActions(d, range, context, token) {
        const params: lsp.CodeActionParams = { textDocument: doc(d), range: toRange(range), context: toCodeActionContext(context, conv.diagnosticData) };
        const r = await ask<(lsp.CodeAction | lsp.Command)[] | null>('textDocument/codeAction', params, token);
        return r?.filter((a) => !isStale(a, d.uri.toString(), d.version)).map(conv.codeAction);
      },
    }, kinds ? { providedCodeActionKinds: kinds.map((k) => vscode.CodeActionKind.Empty.append(k)) } : undefined));
  }

  const lenses = caps.codeLensProvider;
  if (lenses) {
    const changed = new vscode.EventEmitter<void>();
    rpc.onRequest('workspace/codeLens/refresh', () => changed.fire());
    const original = new WeakMap<vscode.CodeLens, lsp.CodeLens>();
    const provider: vscode.CodeLensProvider = {
      onDidChangeCodeLenses: changed.event,
      async provideCodeLenses(d, token) {
        const r = await ask<lsp.CodeLens[] | null>('textDocument/codeLens', { textDocument: doc(d) }, token);
        return r?.map((l) => {
          const lens = conv.codeLens(l);
          original.set(lens, l);
          return lens;
        });
      },
    };
    if (lenses.resolveProvider) {
      provider.resolveCodeLens = async (lens, token) => {
        const l = original.get(lens);
        const resolved = l && (await ask<lsp.CodeLens>('codeLens/resolve', l, token));
        return resolved ? conv.codeLens(resolved) : lens;
      };
    }
    subs.push(changed, vscode.languages.registerCodeLensProvider(selector, provider));
  }

  return { dispose: () => subs.splice(0).forEach((s) => s.dispose()) };
}
