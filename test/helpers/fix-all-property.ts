/**
 * The property "fix all never changes who can do what", checked on one document: every fix has a class and
 * every suggestion says what access it changes; applying fix-all (what `source.fixAll.keyscope` does on save)
 * leaves the effective-access matrix of every key policy as it was, except for the cells of actions whose
 * misspelling it repaired, introduces no error finding, and leaves a text that parses as well as before.
 */
import { evaluate, type AccessMatrix, type Decision } from '../../server/src/access';
import { analyze, type Analysis } from '../../server/src/analyze';
import { findAction } from '../../server/src/catalog';
import { applyEdits } from '../../server/src/policy/json-writer';
import { fixAllSafeEdits } from '../../server/src/features/fix-all';
import type { TextEdit } from '../../server/src/policy/model';
import type { Finding } from '../../server/src/rules/types';
import { DEFAULT_SETTINGS, type KeyscopeSettings } from '../../server/src/settings';
import { syntaxErrors } from '../fuzz/fuzz';

export interface FixAllCheck {
  /** What broke the property; empty when it holds. */
  problems: string[];
  /** Fixes offered by the findings, by class. */
  safe: number;
  suggestions: number;
  /** Edits fix-all applied. */
  applied: number;
}

/** A suggestion's title: `Suggestion: <what it does> (<what access changes>)`. */
const SUGGESTION_TITLE = /^Suggestion: \S.* \(([^()]+)\)$/;
/** The change must say what happens to access or to the key: who keeps or loses what, what then applies. */
const ACCESS_CHANGE = /\b(allows?|denies|applies|covers|grants?|removes|keep|only|tests|access|rotates|refuses|cancelled|take effect)\b/;

/** Checks the classes and titles of every fix of `findings`. */
export function fixClassProblems(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const f of findings) {
    for (const fix of f.fixes) {
      if (fix.kind === 'safe') {
        if (fix.title.startsWith('Suggestion')) out.push(`${f.ruleId}: safe fix titled as a suggestion: ${fix.title}`);
      } else if (fix.kind === 'suggestion') {
        const m = SUGGESTION_TITLE.exec(fix.title);
        if (!m) out.push(`${f.ruleId}: suggestion title does not read "Suggestion: ... (<access change>)": ${fix.title}`);
        else if (!ACCESS_CHANGE.test(m[1])) out.push(`${f.ruleId}: suggestion title does not name the access change: ${fix.title}`);
      } else {
        out.push(`${f.ruleId}: fix without a class: ${fix.title}`);
      }
    }
  }
  return out;
}

export function checkFixAll(path: string, text: string, settings?: Partial<KeyscopeSettings>): FixAllCheck {
  const full = { ...DEFAULT_SETTINGS, ...settings } as KeyscopeSettings;
  const run = (t: string) => analyze({ path, text: t, settings: full, force: true });
  const before = run(text);
  const problems = fixClassProblems(before.findings);
  const safe = before.findings.reduce((n, f) => n + f.fixes.filter((x) => x.kind === 'safe').length, 0);
  const suggestions = before.findings.reduce((n, f) => n + f.fixes.filter((x) => x.kind === 'suggestion').length, 0);
  const edits = fixAllSafeEdits(text, before.findings, (t) => run(t).findings);
  if (edits.length === 0) return { problems, safe, suggestions, applied: 0 };
  const fixed = applyEdits(text, edits);
  const after = run(fixed);

  const broken = syntaxErrors(fixed, path) - syntaxErrors(text, path);
  if (broken > 0) problems.push(`fix-all left ${broken} more syntax error(s):\n${fixed}`);

  const errorsBefore = errorCounts(before);
  for (const [key, n] of errorCounts(after)) if (n > (errorsBefore.get(key) ?? 0)) problems.push(`fix-all introduced an error: ${key}`);

  const repaired = repairedActions(text, edits);
  const matricesBefore = matrices(before, full);
  const matricesAfter = matrices(after, full);
  if (matricesBefore.length !== matricesAfter.length) problems.push(`fix-all changed the number of key policies: ${matricesBefore.length} -> ${matricesAfter.length}`);
  else matricesBefore.forEach((m, i) => problems.push(...matrixChanges(m, matricesAfter[i], repaired)));
  return { problems, safe, suggestions, applied: edits.length };
}

function errorCounts(a: Analysis): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of a.findings) if (f.severity === 'error') out.set(`${f.ruleId}: ${f.message}`, (out.get(`${f.ruleId}: ${f.message}`) ?? 0) + 1);
  return out;
}

function matrices(a: Analysis, settings: KeyscopeSettings): AccessMatrix[] {
  return a.sources.filter((s) => s.keyPolicy).map((s) => evaluate(s, { settings }));
}

/** Actions an edit names that the text it replaces did not: the actions whose misspelling fix-all repaired. */
function repairedActions(text: string, edits: readonly TextEdit[]): Set<string> {
  const out = new Set<string>();
  const named = (t: string) => [...t.matchAll(/kms:[A-Za-z]+/g)].map((m) => findAction(m[0])?.name).filter((n): n is string => !!n);
  for (const e of edits) {
    const old = new Set(named(text.slice(e.start, e.end)));
    for (const n of named(e.newText)) if (!old.has(n)) out.add(`kms:${n}`);
  }
  return out;
}

function matrixChanges(a: AccessMatrix, b: AccessMatrix, repaired: Set<string>): string[] {
  const out: string[] = [];
  const rowsA = new Map(a.rows.map((r) => [r.id, r]));
  const rowsB = new Map(b.rows.map((r) => [r.id, r]));
  for (const id of rowsA.keys()) if (!rowsB.has(id)) out.push(`${a.name}: row ${id} disappeared`);
  for (const id of rowsB.keys()) if (!rowsA.has(id)) out.push(`${a.name}: row ${id} appeared`);
  for (const [id, ra] of rowsA) {
    const rb = rowsB.get(id);
    if (!rb) continue;
    for (const action of Object.keys(ra.actions)) {
      if (repaired.has(action)) continue;
      const x = decisionText(ra.actions[action]);
      const y = decisionText(rb.actions[action]);
      if (x !== y) out.push(`${a.name}: ${id} × ${action} changed from ${x} to ${y}`);
    }
  }
  return out;
}

/** A cell as compared: its value, deciding statements and open conditions (key names are case-insensitive). */
function decisionText(d: Decision | undefined): string {
  if (!d) return 'absent';
  const conditions = d.conditions.map((c) => `${c.effect} ${c.statementIndex} ${c.operator} ${c.key.toLowerCase()} ${JSON.stringify(c.values)}`);
  return `${d.value} [${d.statements.join(',')}] ${conditions.join('; ')}`;
}
