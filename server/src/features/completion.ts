import type { Analysis } from '../analyze';
import { DEFAULT_SETTINGS } from '../settings';
import { completionContext, isQuoted, type CompletionContext } from './completion-context';
import { candidates, type Candidate } from './completion-items';
import { blockCompletions } from './hcl-blocks';
import { ignoreCompletions } from './ignore-completion';
import { snippetCompletions } from './snippet-completion';
import type { CompletionResult } from './types';

/**
 * Completions at `offset` in an analysed document: policy elements, Effect/Version values, kms actions,
 * condition operators and keys, principal types and values. Each item replaces the whole string token under
 * the caret (quotes included), so accepting it leaves valid JSON.
 */
export function completeAt(analysis: Analysis, offset: number): CompletionResult[] {
  const ignore = ignoreCompletions(analysis, offset);
  if (ignore) return ignore;
  // Where a snippet or a block skeleton fits, nothing else does (a new line, an empty list item).
  const blocks = [...(blockCompletions(analysis, offset) ?? []), ...snippetCompletions(analysis, offset)];
  if (blocks.length) return blocks;
  const ctx = completionContext(analysis, offset);
  if (!ctx) return [];
  const accounts = (analysis.settings ?? DEFAULT_SETTINGS).accounts;
  return candidates(ctx, accounts).map((c, i) => place(c, i, ctx, analysis.text));
}

const KEY_SLOTS = new Set(['policyKey', 'statementKey', 'principalType', 'operator', 'conditionKey']);

/** Writes a candidate as the edit for its context. */
function place(c: Candidate, index: number, ctx: CompletionContext, text: string): CompletionResult {
  const isKey = KEY_SLOTS.has(ctx.slot);
  // HCL object keys may be bare identifiers; anything else (`kms:ViaService`) must be quoted there too.
  // Effect and Version values are strings in any syntax: a bare `Allow` in HCL would be a reference.
  const quote = ctx.json || isQuoted(text, ctx.replace) || !/^[A-Za-z_][\w-]*$/.test(c.value) || ctx.slot === 'effect' || ctx.slot === 'version';
  const written = c.snippet ? (quote ? `"${c.snippet}"` : c.snippet) : quote ? JSON.stringify(c.value) : c.value;
  let newText = written;
  let snippet = !!c.snippet;
  if (isKey && ctx.json && !ctx.valueFollows) {
    // A new member: the key, its value skeleton, and a comma when another member follows.
    newText = `${c.snippet ? written : escapeSnippet(written)}: ${c.valueSnippet ?? '"$1"'}${ctx.commaAfter ? ',' : ''}`;
    snippet = true;
  } else if (isKey && !ctx.valueFollows) {
    // A new HCL member typed in a `jsonencode` object: `Key = value`, the skeleton written as HCL.
    newText = `${c.snippet ?? escapeSnippet(written)} = ${hclValue(c.valueSnippet ?? '"$1"')}`;
    snippet = true;
  }
  return {
    label: c.label,
    kind: c.kind,
    detail: c.detail,
    documentation: c.documentation,
    edit: { start: ctx.replace.start, end: ctx.replace.end, newText },
    snippet,
    sortText: `${c.rank ?? 0}-${String(index).padStart(4, '0')}`,
    // Matched against the text the item replaces: quoted only when that text is.
    filterText: ctx.json || isQuoted(text, ctx.replace) ? JSON.stringify(c.value) : c.value,
  };
}

/** A JSON value skeleton as an HCL object expression: `{ "AWS": "$1" }` -> `{ AWS = "$1" }`. */
function hclValue(skeleton: string): string {
  return skeleton.replace(/"(\$\d+|[A-Za-z]\w*)": /g, '$1 = ');
}

/** Literal text inside a snippet: `$`, `}` and `\` are escaped. */
function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}
