/**
 * Converters between LSP values and VS Code's. The VS Code API comes in as a parameter (only types are
 * imported), so nothing of `vscode` is bundled here; the tests run them with the real module inside the
 * extension host (test/e2e/in-host/). Positions need no arithmetic: both sides count lines and UTF-16 code
 * units from zero.
 */
import type * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';

/** The parts of the `vscode` module the converters construct. */
export type VsApi = Pick<
  typeof vscode,
  | 'Position' | 'Range' | 'Location' | 'Uri' | 'Diagnostic' | 'DiagnosticRelatedInformation' | 'DiagnosticSeverity'
  | 'DiagnosticTag' | 'MarkdownString' | 'Hover' | 'CompletionItem' | 'CompletionItemKind' | 'CompletionItemTag'
  | 'CompletionList' | 'SnippetString' | 'TextEdit' | 'WorkspaceEdit' | 'CodeAction' | 'CodeActionKind' | 'CodeLens'
>;

// LSP's numbers for what VS Code names differently or counts from another base.
const SNIPPET = 2; // InsertTextFormat.Snippet
const COMPLETION_DEPRECATED = 1; // CompletionItemTag.Deprecated
const UNNECESSARY = 1; // DiagnosticTag.Unnecessary
const DIAGNOSTIC_DEPRECATED = 2; // DiagnosticTag.Deprecated

export type Converters = ReturnType<typeof converters>;

export function converters(vs: VsApi) {
  /** The data a diagnostic carried from the server, handed back with it in code-action requests. */
  const diagnosticData = new WeakMap<vscode.Diagnostic, unknown>();

  const position = (p: lsp.Position) => new vs.Position(p.line, p.character);
  const range = (r: lsp.Range) => new vs.Range(position(r.start), position(r.end));
  const uri = (u: string) => vs.Uri.parse(u);

  function markdown(value: lsp.MarkupContent | lsp.MarkedString): vscode.MarkdownString {
    if (typeof value === 'string') return new vs.MarkdownString(value);
    if ('kind' in value) return value.kind === 'markdown' ? new vs.MarkdownString(value.value) : new vs.MarkdownString().appendText(value.value);
    return new vs.MarkdownString().appendCodeblock(value.value, value.language);
  }

  function documentation(d: string | lsp.MarkupContent | undefined): string | vscode.MarkdownString | undefined {
    return d === undefined || typeof d === 'string' ? d : markdown(d);
  }

  function severity(s: lsp.DiagnosticSeverity | undefined): vscode.DiagnosticSeverity {
    const table = [vs.DiagnosticSeverity.Error, vs.DiagnosticSeverity.Warning, vs.DiagnosticSeverity.Information, vs.DiagnosticSeverity.Hint];
    return table[(s ?? 1) - 1] ?? vs.DiagnosticSeverity.Error; // LSP: a missing severity is the client's choice
  }

  function diagnostic(d: lsp.Diagnostic): vscode.Diagnostic {
    const out = new vs.Diagnostic(range(d.range), d.message, severity(d.severity));
    if (d.source !== undefined) out.source = d.source;
    if (d.code !== undefined) out.code = d.codeDescription ? { value: d.code, target: uri(d.codeDescription.href) } : d.code;
    if (d.tags?.length) {
      const tags = d.tags.map((t) => (t === UNNECESSARY ? vs.DiagnosticTag.Unnecessary : t === DIAGNOSTIC_DEPRECATED ? vs.DiagnosticTag.Deprecated : undefined));
      out.tags = tags.filter((t): t is vscode.DiagnosticTag => t !== undefined);
    }
    if (d.relatedInformation) out.relatedInformation = d.relatedInformation.map((r) => new vs.DiagnosticRelatedInformation(new vs.Location(uri(r.location.uri), range(r.location.range)), r.message));
    if (d.data !== undefined) diagnosticData.set(out, d.data);
    return out;
  }

  function hover(h: lsp.Hover | null): vscode.Hover | undefined {
    if (!h) return undefined;
    const contents = Array.isArray(h.contents) ? h.contents.map(markdown) : [markdown(h.contents)];
    return new vs.Hover(contents, h.range && range(h.range));
  }

  function completionItem(c: lsp.CompletionItem): vscode.CompletionItem {
    const item = new vs.CompletionItem(c.labelDetails ? { label: c.label, detail: c.labelDetails.detail, description: c.labelDetails.description } : c.label);
    // LSP kinds start at Text = 1, VS Code's at Text = 0, in the same order up to TypeParameter.
    if (c.kind !== undefined && c.kind >= 1 && c.kind <= 25) item.kind = (c.kind - 1) as vscode.CompletionItemKind;
    if (c.detail !== undefined) item.detail = c.detail;
    if (c.documentation !== undefined) item.documentation = documentation(c.documentation);
    if (c.sortText !== undefined) item.sortText = c.sortText;
    if (c.filterText !== undefined) item.filterText = c.filterText;
    if (c.preselect !== undefined) item.preselect = c.preselect;
    if (c.commitCharacters) item.commitCharacters = c.commitCharacters;
    if (c.tags?.includes(COMPLETION_DEPRECATED) || c.deprecated) item.tags = [vs.CompletionItemTag.Deprecated];
    const text = c.textEdit ? c.textEdit.newText : c.insertText ?? c.label;
    item.insertText = c.insertTextFormat === SNIPPET ? new vs.SnippetString(text) : text;
    if (c.textEdit) item.range = 'range' in c.textEdit ? range(c.textEdit.range) : { inserting: range(c.textEdit.insert), replacing: range(c.textEdit.replace) };
    if (c.additionalTextEdits) item.additionalTextEdits = c.additionalTextEdits.map(textEdit);
    if (c.command) item.command = command(c.command);
    return item;
  }

  function completion(r: lsp.CompletionItem[] | lsp.CompletionList | null): vscode.CompletionList | undefined {
    if (!r) return undefined;
    return Array.isArray(r) ? new vs.CompletionList(r.map(completionItem), false) : new vs.CompletionList(r.items.map(completionItem), r.isIncomplete);
  }

  const textEdit = (e: lsp.TextEdit) => new vs.TextEdit(range(e.range), e.newText);
  const command = (c: lsp.Command): vscode.Command => ({ title: c.title, command: c.command, ...(c.arguments ? { arguments: c.arguments } : {}) });

  function workspaceEdit(e: lsp.WorkspaceEdit): vscode.WorkspaceEdit {
    const out = new vs.WorkspaceEdit();
    for (const [u, edits] of Object.entries(e.changes ?? {})) for (const t of edits) out.replace(uri(u), range(t.range), t.newText);
    for (const c of e.documentChanges ?? []) {
      if (!('kind' in c)) for (const t of c.edits) out.replace(uri(c.textDocument.uri), range(t.range), t.newText);
      else if (c.kind === 'create') out.createFile(uri(c.uri), c.options);
      else if (c.kind === 'rename') out.renameFile(uri(c.oldUri), uri(c.newUri), c.options);
      else if (c.kind === 'delete') out.deleteFile(uri(c.uri), c.options);
    }
    return out;
  }

  const codeActionKind = (k: string) => vs.CodeActionKind.Empty.append(k);

  function codeAction(a: lsp.CodeAction | lsp.Command): vscode.CodeAction | vscode.Command {
    if (typeof a.command === 'string') return command(a as lsp.Command);
    const c = a as lsp.CodeAction;
    const out = new vs.CodeAction(c.title, c.kind === undefined ? undefined : codeActionKind(c.kind));
    if (c.diagnostics) out.diagnostics = c.diagnostics.map(diagnostic);
    if (c.isPreferred !== undefined) out.isPreferred = c.isPreferred;
    if (c.disabled) out.disabled = { reason: c.disabled.reason };
    if (c.edit) out.edit = workspaceEdit(c.edit);
    if (c.command) out.command = command(c.command);
    return out;
  }

  const codeLens = (l: lsp.CodeLens) => new vs.CodeLens(range(l.range), l.command && command(l.command));

  return { position, range, uri, markdown, diagnostic, hover, completionItem, completion, textEdit, command, workspaceEdit, codeAction, codeLens, diagnosticData };
}

/**
 * Whether an action's edit names a version of the document other than the one in the editor: applied, it
 * would land in the wrong places. Edits in `changes` carry no version and are taken as current.
 */
export function isStale(a: lsp.CodeAction | lsp.Command, uri: string, version: number): boolean {
  const changes = 'edit' in a ? a.edit?.documentChanges ?? [] : [];
  return changes.some((c) => 'textDocument' in c && c.textDocument.uri === uri && c.textDocument.version !== null && c.textDocument.version !== version);
}
