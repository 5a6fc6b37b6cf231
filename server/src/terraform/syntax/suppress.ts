import type { Node } from 'web-tree-sitter';

/**
 * `# keyscope-ignore <rule-id>[, <rule-id>...]` (or `//`, `/* *\/`) suppresses those rules' findings that start
 * on the next line. Several such comment lines stacked above a line all apply to it.
 */
export type Suppressions = Map<number, Set<string>>;

const IGNORE = /keyscope-ignore[ \t]+([A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)/;

/** The rule ids each comment line suppresses, by 0-based line of the comment's end. */
export function suppressionsOf(root: Node, text: string): Suppressions {
  const out: Suppressions = new Map();
  if (!text.includes('keyscope-ignore')) return out;
  for (const c of root.descendantsOfType('comment')) {
    const m = IGNORE.exec(c.text);
    if (!m) continue;
    const ids = out.get(c.endPosition.row) ?? new Set<string>();
    for (const id of m[1].split(',')) ids.add(id.trim());
    out.set(c.endPosition.row, ids);
  }
  return out;
}

/** True when a finding of `ruleId` starting at `offset` is suppressed by comments on the lines above it. */
export function isSuppressed(s: Suppressions, text: string, offset: number, ruleId: string): boolean {
  return suppressedBy(s, text, offset, ruleId) !== undefined;
}

/** The line of the comment that suppresses a finding of `ruleId` starting at `offset`, if one does. */
export function suppressedBy(s: Suppressions, text: string, offset: number, ruleId: string): number | undefined {
  if (s.size === 0) return undefined;
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  for (let l = line - 1; s.has(l); l--) if (s.get(l)!.has(ruleId)) return l;
  return undefined;
}
