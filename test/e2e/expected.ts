import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../server/src/access/evaluate';
import { analyze } from '../../server/src/analyze';
import { applyEdits } from '../../server/src/policy/json-writer';
import { completeAt } from '../../server/src/features/completion';
import { fixAllSafeEdits, preferredFix } from '../../server/src/features/fix-all';
import { hoverAt } from '../../server/src/features/hover';
import { expandSnippet } from '../helpers/snippet-expander';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { initTerraform } from '../../server/src/terraform';
import { LineIndex } from '../../server/src/text';

/** The workspace the editor tests open (copied to a temporary folder first). */
export const FIXTURE = process.env.KEYSCOPE_FIXTURE ?? join(__dirname, 'fixtures', 'workspace');

/** A diagnostic as the Problems panel shows it: rule id and 1-based line and column. */
export interface ExpectedProblem {
  code: string;
  severity?: string;
  line: number;
  column: number;
}

/** Loads what the engine needs before it can analyse Terraform (the HCL grammar's wasm). */
export const initEngine = (): Promise<void> => initTerraform();

const read = (relPath: string) => readFileSync(join(FIXTURE, relPath), 'utf8');

/**
 * What the engine reports for a fixture file, in the Problems panel's terms. Hints are left out: VS Code
 * shows them only as faint dots in the editor, never in the panel.
 */
export function engineProblems(relPath: string, text = read(relPath)): ExpectedProblem[] {
  const analysis = analyze({ path: join(FIXTURE, relPath), relPath, text });
  const index = new LineIndex(text);
  return analysis.findings
    .filter((f) => f.severity !== 'hint')
    .map((f) => {
      const p = index.positionAt(f.span.start);
      return { code: f.ruleId, severity: f.severity, line: p.line + 1, column: p.character + 1 };
    });
}

/** 1-based line and column of the first occurrence of `needle` in a fixture file (include the quote to point at a string). */
export function locate(relPath: string, needle: string): { line: number; column: number; offset: number } {
  const text = read(relPath);
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} is not in ${relPath}`);
  const p = new LineIndex(text).positionAt(offset);
  return { line: p.line + 1, column: p.character + 1, offset };
}

/** The engine's preferred fix for the `ruleId` finding at `offset`: its title and the text it produces. */
export function engineFix(relPath: string, ruleId: string, offset: number): { title: string; output: string } {
  const text = read(relPath);
  const analysis = analyze({ path: join(FIXTURE, relPath), relPath, text });
  const finding = analysis.findings.find((f) => f.ruleId === ruleId && f.span.start <= offset && offset <= f.span.end);
  const fix = (finding && preferredFix(finding)) ?? finding?.fixes[0];
  if (!fix) throw new Error(`the engine offers no ${ruleId} fix at ${relPath}:${offset}`);
  return { title: fix.title, output: applyEdits(text, fix.edits) };
}

/** True when the engine finds at least one policy in the file (Terraform extraction has landed for its forms). */
export function enginePolicies(relPath: string): number {
  return analyze({ path: join(FIXTURE, relPath), relPath, text: read(relPath) }).sources.length;
}

/** The plain text of the engine's hover at `needle` in a fixture file, or undefined when it offers none. */
export function engineHover(relPath: string, needle: string): string | undefined {
  const text = read(relPath);
  const analysis = analyze({ path: join(FIXTURE, relPath), relPath, text });
  const h = hoverAt(analysis, text.indexOf(needle) + 1);
  return h?.markdown;
}

/**
 * The engine's completion `label` at `offset` of a text, and the text after accepting it with the snippet's
 * defaults (as pressing Enter, then Escape, leaves it).
 */
export function engineCompletion(relPath: string, text: string, offset: number, label: string): { output: string; labels: string[] } {
  const items = completeAt(analyze({ path: join(FIXTURE, relPath), relPath, text }), offset);
  const item = items.find((c) => c.label === label);
  if (!item) throw new Error(`the engine offers no ${label} at ${relPath}:${offset}: ${items.map((c) => c.label).join(', ')}`);
  const newText = item.snippet ? expandSnippet(item.edit.newText).text : item.edit.newText;
  return { output: applyEdits(text, [{ ...item.edit, newText }, ...(item.additionalEdits ?? [])]), labels: items.map((c) => c.label) };
}

/** A text after "fix all" on save (`source.fixAll.keyscope`): the engine's safe fixes, applied. */
export function engineFixAll(relPath: string, text: string): string {
  const run = (t: string) => analyze({ path: join(FIXTURE, relPath), relPath, text: t }).findings;
  return applyEdits(text, fixAllSafeEdits(text, run(text), run));
}

/** The title of the CodeLens over the first key policy of a text: its access summary. */
export function engineLensTitle(relPath: string, text = read(relPath)): string {
  const source = analyze({ path: join(FIXTURE, relPath), relPath, text }).sources.find((s) => s.keyPolicy);
  if (!source) throw new Error(`no key policy in ${relPath}`);
  return `Keyscope: ${evaluate(source, { settings: DEFAULT_SETTINGS }).summary}`;
}

/** One row of the effective-access matrix: the principal's label and each capability's cell value. */
export interface MatrixRow {
  label: string;
  cells: Record<string, string>;
}

/** The engine's access matrix for the first key policy in a fixture file, as the webview should show it. */
export function engineMatrix(relPath: string, text = read(relPath)): MatrixRow[] {
  const source = analyze({ path: join(FIXTURE, relPath), relPath, text }).sources.find((s) => s.keyPolicy);
  if (!source) throw new Error(`no key policy in ${relPath}`);
  return evaluate(source, { settings: DEFAULT_SETTINGS }).rows.map((r) => ({
    label: r.label,
    cells: Object.fromEntries(Object.entries(r.capabilities).map(([cap, cell]) => [cap, cell.value])),
  }));
}

/** A stable key for comparing problem lists regardless of order. */
export const problemKey = (p: ExpectedProblem) => `${p.code}@${p.line}:${p.column}`;
