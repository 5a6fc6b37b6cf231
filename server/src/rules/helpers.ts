/** Small helpers shared by rules. */
import { perNode } from '../cache';
import type { PNode, Policy, PString, Span } from '../policy/model';
import { isPlaceholder, itemsOf } from '../policy/values';
import type { FixSpec, PolicyRuleContext } from './types';

/** The opening brace of an object: where a finding about something missing from it is shown. */
export function openingOf(node: { span: { start: number; end: number } }): { start: number; end: number } {
  return { start: node.span.start, end: Math.min(node.span.end, node.span.start + 1) };
}

/**
 * A fix removing one action from an Action list. None when it is the only action: an empty list or a
 * statement without Action would change its meaning, so that is left to the author.
 */
export function actionRemovalFixes(action: PNode, item: PNode, shown: string): FixSpec[] {
  if (action.kind !== 'array' || action.items.length < 2) return [];
  return [{ title: `Remove "${shown}"`, ops: [{ op: 'removeItem', array: action, item }], preferred: true }];
}

/**
 * True when a node overlaps a syntax error of its source: what the parser made of broken text (a template's
 * unquoted `${list}`) is not what the author wrote, so it is not judged; json-syntax reports the break.
 */
export function inBrokenSyntax(ctx: PolicyRuleContext, node: { span: Span }): boolean {
  return ctx.source.syntaxErrors.some((e) => e.span.start < node.span.end && node.span.start < e.span.end);
}

/**
 * Every literal string of the statements' `Action` elements, with the element's value (for removal fixes).
 * Read once per policy (several rules ask): do not mutate.
 */
export function literalActions(ctx: PolicyRuleContext): readonly { item: PString; list: PNode }[] {
  return literalActionsOf(ctx.policy);
}

const literalActionsOf = perNode((policy: Policy) => {
  const out: { item: PString; list: PNode }[] = [];
  for (const s of policy.statements) {
    const list = s.action?.value;
    if (!list) continue;
    for (const item of itemsOf(list)) if (item.kind === 'string' && !isPlaceholder(item)) out.push({ item, list });
  }
  return out;
});
