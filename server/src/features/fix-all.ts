import { applyEdits } from '../policy/json-writer';
import type { TextEdit } from '../policy/model';
import type { Finding, Fix } from '../rules/types';

/**
 * A finding's preferred fix: its first safe fix. Suggestions (fixes that change who can do what) are never
 * preferred, so nothing applies them unseen.
 */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes.find((x) => x.kind === 'safe');
}

/**
 * The edits that fix every finding of `ruleId` in a document with its preferred fix; findings with only
 * suggestions are left as they are. Fixes whose edits overlap an already chosen one are left out (the next
 * analysis will offer them again).
 */
export function fixAllEdits(findings: Finding[], ruleId: string): TextEdit[] {
  return chooseFixes(findings.filter((f) => f.ruleId === ruleId), preferredFix);
}

/** At most this many fixes are tried one by one when all of them at once would introduce an error. */
const MAX_TRIED = 32;

/**
 * What "fix all" on save applies: every preferred (safe) fix of a document, checked by analysing the result
 * with `reanalyse` (the document's own analysis of another text). A safe fix keeps who can do what, but
 * repairing a misspelt action can still leave the policy worse off (a Deny of "kms:PutKeyPolicyy" becomes a
 * lockout) or bring out an error the misspelling kept quiet: when the fixes together introduce an error
 * finding, they are tried one at a time and only those that introduce none are kept. The rest stay one click
 * away as quick fixes.
 */
export function fixAllSafeEdits(text: string, findings: Finding[], reanalyse: (text: string) => readonly Finding[]): TextEdit[] {
  const all = chooseFixes(findings, preferredFix);
  if (all.length === 0) return [];
  const baseline = errorCounts(findings);
  const introducesError = (edits: TextEdit[]) => {
    const after = errorCounts(reanalyse(applyEdits(text, edits)));
    for (const [key, n] of after) if (n > (baseline.get(key) ?? 0)) return true;
    return false;
  };
  if (!introducesError(all)) return all;
  const kept: TextEdit[] = [];
  let tried = 0;
  for (const f of findings) {
    const fix = preferredFix(f);
    if (!fix || fix.edits.some((e) => kept.some((c) => overlaps(c, e)))) continue;
    if (++tried > MAX_TRIED) break;
    if (!introducesError([...kept, ...fix.edits])) kept.push(...fix.edits);
  }
  return kept;
}

/** Error findings by rule and message: what "introduces an error" compares. */
function errorCounts(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) {
    if (f.severity !== 'error') continue;
    const key = `${f.ruleId}\n${f.message}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Number of findings of `ruleId` that `fixAllEdits` would fix. */
export function fixableCount(findings: Finding[], ruleId: string): number {
  return findings.filter((f) => f.ruleId === ruleId && preferredFix(f)).length;
}

/**
 * Takes whole fixes, in order, skipping any that touches text an earlier one edits: a fix's edits are
 * applied together or not at all, so a combined edit never leaves half a fix behind.
 */
function chooseFixes(findings: Finding[], pick: (f: Finding) => Fix | undefined): TextEdit[] {
  const chosen: TextEdit[] = [];
  for (const f of findings) {
    const fix = pick(f);
    if (!fix) continue;
    if (fix.edits.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    chosen.push(...fix.edits);
  }
  return chosen;
}

/** Overlapping ranges, or two insertions at one point (their order would be undefined). */
export function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end || b.start === b.end) return a.start === b.start || (a.start < b.end && b.start < a.end);
  return a.start < b.end && b.start < a.end;
}
