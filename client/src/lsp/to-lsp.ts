/**
 * Converters from VS Code values to LSP ones. They read plain properties only; the tests feed them what the
 * real editor produces inside the extension host (test/e2e/in-host/).
 */
import type * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';

type Pos = Pick<vscode.Position, 'line' | 'character'>;
type Rng = { start: Pos; end: Pos };

export const toPosition = (p: Pos): lsp.Position => ({ line: p.line, character: p.character });
export const toRange = (r: Rng): lsp.Range => ({ start: toPosition(r.start), end: toPosition(r.end) });

/** The document as `textDocument/didOpen` sends it. */
export function toTextDocumentItem(d: Pick<vscode.TextDocument, 'uri' | 'languageId' | 'version' | 'getText'>): lsp.TextDocumentItem {
  return { uri: d.uri.toString(), languageId: d.languageId, version: d.version, text: d.getText() };
}

/**
 * One `textDocument/didChange` from an editor change event. VS Code's changes, like LSP's, apply one after
 * the other, each to the result of the previous ones, so they go over in their order.
 */
export function toDidChange(e: Pick<vscode.TextDocumentChangeEvent, 'document' | 'contentChanges'>): lsp.DidChangeTextDocumentParams {
  return {
    textDocument: { uri: e.document.uri.toString(), version: e.document.version },
    contentChanges: e.contentChanges.map((c) => ({ range: toRange(c.range), rangeLength: c.rangeLength, text: c.text })),
  };
}

/** LSP severities count from Error = 1, VS Code's from Error = 0. */
const toSeverity = (s: vscode.DiagnosticSeverity): lsp.DiagnosticSeverity => (s + 1) as lsp.DiagnosticSeverity;

/** A diagnostic handed back to the server (in a code-action context), with the data it came with. */
export function toDiagnostic(d: vscode.Diagnostic, data: WeakMap<vscode.Diagnostic, unknown>): lsp.Diagnostic {
  const out: lsp.Diagnostic = { range: toRange(d.range), message: d.message, severity: toSeverity(d.severity) };
  if (d.source !== undefined) out.source = d.source;
  if (d.code !== undefined) {
    if (typeof d.code === 'object') {
      out.code = d.code.value;
      out.codeDescription = { href: d.code.target.toString() };
    } else out.code = d.code;
  }
  // VS Code's DiagnosticTag numbers (Unnecessary = 1, Deprecated = 2) are LSP's.
  if (d.tags?.length) out.tags = d.tags.map((t) => t as number as lsp.DiagnosticTag);
  if (d.relatedInformation?.length) out.relatedInformation = d.relatedInformation.map((r) => ({ location: { uri: r.location.uri.toString(), range: toRange(r.location.range) }, message: r.message }));
  if (data.has(d)) out.data = data.get(d);
  return out;
}

export function toCodeActionContext(c: vscode.CodeActionContext, data: WeakMap<vscode.Diagnostic, unknown>): lsp.CodeActionContext {
  const out: lsp.CodeActionContext = { diagnostics: c.diagnostics.map((d) => toDiagnostic(d, data)) };
  if (c.only) out.only = [c.only.value];
  // CodeActionTriggerKind: Invoke = 1 and Automatic = 2 on both sides.
  out.triggerKind = c.triggerKind as number as lsp.CodeActionTriggerKind;
  return out;
}

/** VS Code's CompletionTriggerKind counts from Invoke = 0, LSP's from Invoked = 1. */
export function toCompletionContext(c: vscode.CompletionContext): lsp.CompletionContext {
  const out: lsp.CompletionContext = { triggerKind: ((c.triggerKind as number) + 1) as lsp.CompletionTriggerKind };
  if (c.triggerCharacter !== undefined) out.triggerCharacter = c.triggerCharacter;
  return out;
}
