import type { CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { actionsOfCapability, CAPABILITIES, type Analysis, type Capability, type Keyscope, type WhatIf } from '../service';
import type { KeyscopeSettings } from '../settings';
import { accessMarkdown } from '../cli/access-format';
import { toRange } from './convert';
import { CommandIds, type AccessMatrixView, type AccessResult } from './protocol';

const CAPABILITY_ACTIONS = Object.fromEntries(CAPABILITIES.map((c) => [c, actionsOfCapability(c).map((a) => `kms:${a.name}`)])) as Record<Capability, string[]>;

/** The matrices of every key policy in an analysed document, with ranges for the webview. */
export function accessResult(doc: TextDocument, engine: Keyscope, analysis: Analysis, settings: KeyscopeSettings, whatIf: WhatIf = []): AccessResult {
  const matrices: AccessMatrixView[] = engine.access(analysis, { whatIf, settings }).map(({ source, matrix, anchor, statementLabels }) => {
    const { statementSpans, ...m } = matrix;
    // A policy read from another file has its statements there; reveal the reference instead.
    const at = (span: { start: number; end: number }) => toRange(doc, source.reportAt ?? span);
    // The identity-policy statements that decided cells are in other files: a URI the client can open.
    for (const r of m.rows) for (const d of Object.values(r.actions)) if (d.iam) d.iam = { ...d.iam, uri: URI.file(d.iam.path).toString() };
    const statementOptional = source.policy.statements.map((s) => s.optionalIf ?? null);
    return { ...m, statementRanges: statementSpans.map(at), range: toRange(doc, anchor), statementLabels, statementOptional, ...(source.syntaxErrors.length ? { syntaxErrors: true } : {}) };
  });
  return { uri: doc.uri, version: doc.version, matrices, capabilityActions: CAPABILITY_ACTIONS };
}

/** One key's matrix as `keyscope access --format markdown` writes it; null for an unknown key or a broken policy. */
export function accessMarkdownOf(engine: Keyscope, analysis: Analysis, settings: KeyscopeSettings, key: string, whatIf: string[]): string | null {
  const found = engine.access(analysis, { whatIf: { [key]: whatIf }, settings }).find((a) => a.source.name === key);
  if (!found || found.source.syntaxErrors.length) return null;
  return accessMarkdown([found.matrix]);
}

/** At most this many what-if principals per key (the webview keeps them short; a message is untrusted input). */
const WHAT_IF_MAX = 50;

/** `AccessParams.whatIf` as the engine takes it: a list for every key, or a list per key; anything else ignored. */
export function readWhatIf(raw: unknown): WhatIf {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, WHAT_IF_MAX) : []);
  if (Array.isArray(raw)) return list(raw);
  if (!raw || typeof raw !== 'object') return [];
  return Object.fromEntries(Object.entries(raw).slice(0, WHAT_IF_MAX).map(([k, v]) => [k, list(v)]));
}

/** The lens of a policy that does not parse: the summary of an error-recovered parse would mislead. */
export const BROKEN_POLICY_LENS = 'Keyscope: the policy has syntax errors (access shown once it parses)';

/**
 * A CodeLens above each key policy (JSON) or each key (Terraform) with its one-line summary. A policy with
 * syntax errors keeps its lens, with a placeholder title, and so does a JSON policy being written that does
 * not parse yet: the lens line does not come and go (shifting the text) while the user types.
 */
export function accessLenses(doc: TextDocument, result: AccessResult, analysis: Analysis): CodeLens[] {
  const lens = (at: { line: number; character: number }, title: string): CodeLens => ({ range: { start: at, end: at }, command: { title, command: CommandIds.showAccess, arguments: [doc.uri] } });
  if (analysis.terraform?.file.broken) return brokenFileLenses(doc, result).map((at) => lens(at, BROKEN_FILE_LENS));
  // The matrices are those of the key policies, in the order of the analysis' sources.
  const keys = analysis.sources.filter((s) => s.keyPolicy && !s.echo);
  const lenses = result.matrices.map((m, i) => lens(m.range.start, keys[i]?.syntaxErrors.length ? BROKEN_POLICY_LENS : `Keyscope: ${m.summary}`));
  if (result.matrices.length === 0 && analysis.syntax === 'json') for (const s of analysis.sources) if (s.syntaxErrors.length) lenses.push(lens(doc.positionAt(s.span.start), BROKEN_POLICY_LENS));
  if (analysis.syntax === 'terraform') rememberLensLines(doc, lenses);
  return lenses;
}

/** The lens of a .tf file with a syntax error: what the parser recovered may drop or misplace its keys. */
export const BROKEN_FILE_LENS = 'Keyscope: the file has syntax errors (access shown once it parses)';

/** Per .tf document, the text of each line its lenses stood on when it last parsed (a few hundred documents). */
const lensLines = new Map<string, string[]>();
const LENS_MEMORY = 300;

function rememberLensLines(doc: TextDocument, lenses: CodeLens[]): void {
  const lines = [...new Set(lenses.map((l) => l.range.start.line))].map((line) => lineText(doc, line));
  lensLines.delete(doc.uri);
  lensLines.set(doc.uri, lines);
  if (lensLines.size > LENS_MEMORY) lensLines.delete(lensLines.keys().next().value!);
}

/**
 * Where the lenses of a .tf file that does not parse go: on the lines (found again by their text, in order, as
 * lines move while the user types) the lenses stood on when it last parsed; so the lens lines neither come nor
 * go while the file is broken outside its policies.
 */
function brokenFileLenses(doc: TextDocument, result: AccessResult): { line: number; character: number }[] {
  const remembered = lensLines.get(doc.uri);
  // Opened broken: where the recovered key policies are; afterwards only where the lenses were.
  if (!remembered) return result.matrices.map((m) => ({ line: m.range.start.line, character: 0 }));
  const lines = new Set<number>();
  let from = 0;
  for (const text of remembered) {
    for (let line = from; line < doc.lineCount; line++) {
      if (lineText(doc, line) !== text) continue;
      lines.add(line);
      from = line + 1;
      break;
    }
  }
  return [...lines].sort((a, b) => a - b).map((line) => ({ line, character: 0 }));
}

function lineText(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).trim();
}
