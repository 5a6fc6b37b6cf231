import type { TextEdit } from '../policy/model';
import type { Finding } from '../rules/types';

/**
 * The edits that fix every finding of `ruleId` in a document with its preferred fix. Fixes whose edits
 * overlap an already chosen one are left out (the next analysis will offer them again).
 */
export function fixAllEdits(findings: Finding[], ruleId: string): TextEdit[] {
  const chosen: TextEdit[] = [];
  for (const f of findings) {
    if (f.ruleId !== ruleId) continue;
    const fix = f.fixes.find((x) => x.preferred) ?? (f.fixes.length === 1 ? f.fixes[0] : undefined);
    if (!fix) continue;
    if (fix.edits.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    chosen.push(...fix.edits);
  }
  return chosen;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
