import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, DocumentInput, Finding, Keyscope } from '../service';
import { toLspEdits, toRange } from './convert';
import { disableForFileEdit, type ConfigTarget } from './disable-file';
import { FIX_ALL_KIND, type DiagnosticData } from './protocol';

export { FIX_ALL_KIND };


/**
 * Code actions for a request: each fix of each Keyscope diagnostic in the context, a "fix all of this kind"
 * per rule when more than one finding of it has a safe fix, and the source fix-all (safe fixes only, checked
 * by analysing `doc` again to introduce no error) when asked for. Fixes come
 * from the cached analysis of the document version the diagnostics were computed for.
 */
export function codeActions(doc: TextDocument, engine: Keyscope, analysis: Analysis, input: DocumentInput, p: CodeActionParams, config?: ConfigTarget): CodeAction[] {
  const wants = (kind: string) => !p.context.only || p.context.only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const asked = p.context.diagnostics.flatMap((d) => {
      const f = findingOf(doc, analysis, d);
      return f ? [{ d, f }] : [];
    });
    for (const a of engine.codeActions(analysis, asked.map((x) => x.f))) {
      const edit = { changes: { [doc.uri]: toLspEdits(doc, a.edits) } };
      if (a.finding === undefined) actions.push({ title: a.title, kind: CodeActionKind.QuickFix, edit });
      else actions.push({ title: a.title, kind: CodeActionKind.QuickFix, diagnostics: [asked[a.finding].d], isPreferred: a.preferred, edit });
    }
    // "Disable <rule> for this file": an override in .keyscope.json (a JSON policy has no comments), once per rule.
    const rules = new Set<string>();
    for (const { d, f } of asked) {
      if (!config || rules.has(f.ruleId)) continue;
      rules.add(f.ruleId);
      const edit = disableForFileEdit(config, f.ruleId);
      if (edit) actions.push({ title: `Disable ${f.ruleId} for this file (.keyscope.json)`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit });
    }
  }
  // Source actions only when asked for by kind (on save, or the Source Action menu), never in the lightbulb.
  if (p.context.only && wants(FIX_ALL_KIND)) {
    const edits = engine.fixAll(analysis, input);
    if (edits.length) actions.push({ title: 'Keyscope: fix all safely fixable problems', kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: toLspEdits(doc, edits) } } });
  }
  return actions;
}

/** The finding a diagnostic was made from: by the index it carries, checked against its rule and range. */
function findingOf(doc: TextDocument, analysis: Analysis, d: Diagnostic): Finding | undefined {
  const data = d.data as DiagnosticData | undefined;
  if (d.source !== 'keyscope' || !data || data.version !== doc.version) return undefined;
  const sameRange = (f: Finding) => {
    const r = toRange(doc, f.span);
    return r.start.line === d.range.start.line && r.start.character === d.range.start.character && r.end.line === d.range.end.line && r.end.character === d.range.end.character;
  };
  const byIndex = analysis.findings[data.index];
  if (byIndex && byIndex.ruleId === data.ruleId && sameRange(byIndex)) return byIndex;
  // The analysis was redone for the same version (settings changed): find the finding by rule and range.
  return analysis.findings.find((f) => f.ruleId === data.ruleId && sameRange(f));
}
