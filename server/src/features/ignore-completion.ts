import type { Analysis } from '../analyze';
import { RULES } from '../rules';
import type { CompletionResult } from './types';

/** How much of the line before the caret is read: a directive is short. */
const MAX_LINE = 400;
/** `# keyscope-ignore a, b, c|` up to the caret (a constant pattern): the ids written and the one being typed. */
const DIRECTIVE = /(?:#|\/\/|\/\*)[ \t]*keyscope-ignore[ \t]+((?:[A-Za-z0-9_-]+[ \t]*,[ \t]*)*)([A-Za-z0-9_-]*)$/;
const ID_CHAR = /[A-Za-z0-9_-]/;

/**
 * Rule ids after `keyscope-ignore` in a Terraform comment: the rules with a finding on the line below first,
 * then every other rule, each once (ids already in the list are not offered again). Undefined when the caret
 * is not in such a directive.
 */
export function ignoreCompletions(analysis: Analysis, offset: number): CompletionResult[] | undefined {
  if (analysis.syntax !== 'terraform') return undefined;
  const text = analysis.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = DIRECTIVE.exec(text.slice(Math.max(lineStart, offset - MAX_LINE), offset));
  if (!m) return undefined;
  let end = offset;
  while (end < text.length && end - offset < MAX_LINE && ID_CHAR.test(text[end])) end++;
  const written = new Set(m[1].split(',').map((x) => x.trim()));
  // The line below the comment: its findings' rules are what the user most likely wants to silence.
  const nextStart = text.indexOf('\n', offset) + 1;
  const nextEnd = nextStart === 0 ? -1 : (text.indexOf('\n', nextStart) + 1 || text.length + 1) - 1;
  const below = new Set(analysis.findings.filter((f) => f.span.start >= nextStart && f.span.start <= nextEnd && nextStart > 0).map((f) => f.ruleId));
  return RULES.filter((r) => !written.has(r.meta.id)).map((r, i) => ({
    label: r.meta.id,
    kind: 'value' as const,
    detail: below.has(r.meta.id) ? 'reported on the line below' : undefined,
    documentation: r.meta.summary,
    edit: { start: offset - m[2].length, end, newText: r.meta.id },
    snippet: false,
    sortText: `${below.has(r.meta.id) ? 0 : 1}-${String(i).padStart(4, '0')}`,
    filterText: r.meta.id,
  }));
}
