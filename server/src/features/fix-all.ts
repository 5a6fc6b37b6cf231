import type { TextEdit } from '../policy/model';
import type { Finding, Fix } from '../rules/types';

/**
 * The edits that fix every finding of `ruleId` in a document with its preferred fix (or its only fix).
 * Fixes whose edits overlap an already chosen one are left out (the next analysis will offer them again).
 */
export function fixAllEdits(findings: Finding[], ruleId: string): TextEdit[] {
  return chooseFixes(findings.filter((f) => f.ruleId === ruleId), (f) => f.fixes.find((x) => x.preferred) ?? (f.fixes.length === 1 ? f.fixes[0] : undefined));
}

/**
 * The edits of every preferred fix in a document, whatever the rule: what "fix all" on save applies. Only
 * fixes a rule marks preferred are safe to apply unseen.
 */
export function fixAllPreferredEdits(findings: Finding[]): TextEdit[] {
  return chooseFixes(findings, (f) => f.fixes.find((x) => x.preferred));
}

/** Number of findings of `ruleId` that `fixAllEdits` would fix. */
export function fixableCount(findings: Finding[], ruleId: string): number {
  return findings.filter((f) => f.ruleId === ruleId && (f.fixes.some((x) => x.preferred) || f.fixes.length === 1)).length;
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
