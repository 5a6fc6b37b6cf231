import type { Span } from '../policy/model';
import type { Suppressions } from '../terraform/syntax/suppress';
import { LineIndex } from '../text';
import { suggest } from '../catalog/suggest';
import type { Finding, Fix, TerraformRule } from './types';

/**
 * Reported by `analyze` once findings are suppressed (it alone knows which comment silenced which finding):
 * a `# keyscope-ignore` comment that names no rule of ours, or whose rule has no finding on the line below,
 * as ESLint's `--report-unused-disable-directives`. The rule exists so it is documented and its severity can
 * be set (or turned off) like any other.
 */
export const unusedIgnore: TerraformRule = {
  meta: {
    id: 'unused-ignore',
    severity: 'warning',
    appliesTo: 'terraform',
    fixable: true,
    summary: 'A `# keyscope-ignore` comment names an unknown rule, or silences no finding on the line below.',
  },
  check() {
    // Nothing to do per file: see ignoreFindings, which analyze runs after suppressing findings.
  },
};

/** How a rule id written in a comment stands: a rule that runs, one turned off in the settings, or no rule. */
export type RuleStanding = 'on' | 'off' | 'unknown';

/** A rule id in a `keyscope-ignore` comment and where it is written. */
interface WrittenId {
  id: string;
  span: Span;
  /** The ids of the same comment, in order. */
  all: Span[];
  /** The whole line of the comment, its line break included. */
  line: Span;
}

// `keyscope-ignore a, b` as suppress.ts reads it; a constant pattern.
const IGNORE = /keyscope-ignore[ \t]+([A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)/;
const ID = /[A-Za-z0-9_-]+/g;

/** The ids written on the comment line `row`, with their spans. */
function writtenIds(text: string, lines: LineIndex, row: number): WrittenId[] {
  const start = lines.offsetAt({ line: row, character: 0 });
  const nl = text.indexOf('\n', start);
  const end = nl === -1 ? text.length : nl;
  const m = IGNORE.exec(text.slice(start, end));
  if (!m) return [];
  const listStart = start + m.index + m[0].length - m[1].length;
  const all: Span[] = [];
  const ids: string[] = [];
  for (const x of m[1].matchAll(ID)) {
    all.push({ start: listStart + x.index!, end: listStart + x.index! + x[0].length });
    ids.push(x[0]);
  }
  const line = { start, end: nl === -1 ? end : nl + 1 };
  return ids.map((id, i) => ({ id, span: all[i], all, line }));
}

/**
 * Findings for the ids of `keyscope-ignore` comments that are unknown, or (for rules that run) silenced
 * nothing: `used` holds `<row>:<id>` of every comment id that suppressed a finding; `ruleIds`, the rules an
 * unknown id may be a misspelling of.
 */
export function ignoreFindings(text: string, suppressions: Suppressions, used: ReadonlySet<string>, standing: (id: string) => RuleStanding, ruleIds: readonly string[]): Omit<Finding, 'severity'>[] {
  const out: Omit<Finding, 'severity'>[] = [];
  const lines = new LineIndex(text);
  for (const row of [...suppressions.keys()].sort((a, b) => a - b)) {
    for (const w of writtenIds(text, lines, row)) {
      const s = standing(w.id);
      if (s === 'off' || (s === 'on' && used.has(`${row}:${w.id}`))) continue;
      const meant = s === 'unknown' ? suggest(w.id, ruleIds, 1)[0] : undefined;
      const message =
        s === 'unknown'
          ? `"${w.id}" is not a Keyscope rule: this keyscope-ignore silences nothing.${meant ? ` Did you mean "${meant}"?` : " Check the rule id (the diagnostic's code)."}`
          : `keyscope-ignore ${w.id} silences nothing: no ${w.id} finding starts on the line below. Remove it, so that it does not hide a finding added later.`;
      // An id that silences nothing can go (safe: it hides nothing). A misspelt id is better corrected than
      // removed, but the correction silences a finding: one click away, saying so, never applied in bulk.
      const fixes: Fix[] =
        s === 'on'
          ? [{ kind: 'safe', title: `Remove "${w.id}" from this keyscope-ignore`, edits: [removal(text, w)] }]
          : meant
            ? [{ kind: 'suggestion', title: `Suggestion: change to "${meant}" (hides its findings on the line below; access stays as it is)`, edits: [{ start: w.span.start, end: w.span.end, newText: meant }] }]
            : [];
      out.push({ ruleId: unusedIgnore.meta.id, message, span: w.span, fixes });
    }
  }
  return out;
}

/** The edit removing one id from its comment: the whole comment line when it is the only one. */
function removal(text: string, w: WrittenId) {
  if (w.all.length === 1) {
    // Only when the comment has the line to itself; else just the directive's ids.
    const before = text.slice(w.line.start, w.span.start);
    if (/^[ \t]*(#|\/\/|\/\*)[ \t]*keyscope-ignore[ \t]+$/.test(before) && /^[ \t]*(\*\/)?[ \t]*\r?\n?$/.test(text.slice(w.span.end, w.line.end))) return { ...w.line, newText: '' };
  }
  const i = w.all.indexOf(w.span);
  // `a, b, c`: remove `b, ` (the separator after), or `, c` for the last.
  if (i < w.all.length - 1) return { start: w.span.start, end: w.all[i + 1].start, newText: '' };
  if (i > 0) return { start: w.all[i - 1].end, end: w.span.end, newText: '' };
  return { start: w.span.start, end: w.span.end, newText: '' };
}
