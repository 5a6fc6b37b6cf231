import { DiagnosticSeverity, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl, type Finding, type Severity, type Span, type TextEdit } from '../service';
import { URI } from 'vscode-uri';
import type { DiagnosticData } from './protocol';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, span: Span) {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function toLspEdits(doc: TextDocument, edits: TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: toRange(doc, e), newText: e.newText }));
}

/** `uriOf`: the URI of a path a finding relates to (a file of a called module). */
export function toDiagnostic(doc: TextDocument, f: Finding, index: number, uriOf = (path: string) => URI.file(path).toString()): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, version: doc.version, index };
  return {
    range: toRange(doc, f.span),
    severity: SEVERITY[f.severity],
    source: 'keyscope',
    code: f.ruleId,
    codeDescription: { href: ruleDocsUrl(f.ruleId) },
    message: f.message,
    data,
    // For a finding of a called module: where in the module the value flows.
    ...(f.related?.length ? { relatedInformation: f.related.map((r) => ({ location: { uri: uriOf(r.path), range: { start: { line: r.line, character: r.character }, end: { line: r.line, character: r.character } } }, message: r.message })) } : {}),
  };
}
