/** Small helpers shared by rules. */
import { perNode } from '../cache';
import { ACTIONS } from '../catalog';
import { suggest } from '../catalog/suggest';
import type { PNode, Policy, PString, Span, Statement } from '../policy/model';
import { actionElement } from '../policy/statement-actions';
import { effectOf, isPlaceholder, itemsOf } from '../policy/values';
import type { FixSpec, PolicyRuleContext } from './types';

/** The opening brace of an object: where a finding about something missing from it is shown. */
export function openingOf(node: { span: { start: number; end: number } }): { start: number; end: number } {
  return { start: node.span.start, end: Math.min(node.span.end, node.span.start + 1) };
}

/**
 * A fix removing one action that does nothing in a key policy (another service's, an IAM-only one) from an
 * Action list: safe, no one's access changes. None when it is the only action: an empty list or a statement
 * without Action would change its meaning, so that is left to the author.
 */
export function actionRemovalFixes(action: PNode, item: PNode, shown: string): FixSpec[] {
  if (action.kind !== 'array' || action.items.length < 2) return [];
  return [{ kind: 'safe', title: `Remove "${shown}"`, ops: [{ op: 'removeItem', array: action, item }] }];
}

const ACTION_NAMES = ACTIONS.map((a) => `kms:${a.name}`);

/**
 * Fixes respelling a misspelt action `item` (of statement `s`, in its Action or NotAction) as a KMS action.
 * With exactly one did-you-mean the intent is unambiguous: a safe fix. With several, each is a suggestion
 * saying what the statement would then allow or deny. None without a candidate.
 */
export function actionSpellingFixes(item: PNode, written: string, s: Statement | undefined): { candidates: string[]; fixes: FixSpec[] } {
  const candidates = suggest(written, ACTION_NAMES);
  if (candidates.length === 1) return { candidates, fixes: [{ kind: 'safe', title: `Change to "${candidates[0]}"`, ops: [{ op: 'replace', node: item, value: candidates[0] }] }] };
  const fixes: FixSpec[] = candidates.map((c) => ({ kind: 'suggestion', title: `Change to "${c}"`, change: coverage(s, item, c), ops: [{ op: 'replace', node: item, value: c }] }));
  return { candidates, fixes };
}

/** What a statement does with `action` once `item` names it: "the statement then allows kms:Decrypt", ... */
function coverage(s: Statement | undefined, item: PNode, action: string): string {
  const effect = s && effectOf(s);
  const verb = effect === 'Allow' ? 'allows' : effect === 'Deny' ? 'denies' : 'covers';
  const inNotAction = !!s?.notAction && itemsOf(s.notAction.value).includes(item);
  return inNotAction ? `the statement then ${verb} every action but ${action}` : `the statement then ${verb} ${action} to its principals`;
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
export function literalActions(ctx: PolicyRuleContext): readonly { item: PString; list: PNode; statement: Statement }[] {
  return literalActionsOf(ctx.policy);
}

const literalActionsOf = perNode((policy: Policy) => {
  const out: { item: PString; list: PNode; statement: Statement }[] = [];
  for (const statement of policy.statements) {
    const list = statement.action?.value;
    if (!list) continue;
    for (const item of itemsOf(list)) if (item.kind === 'string' && !isPlaceholder(item)) out.push({ item, list, statement });
  }
  return out;
});

/**
 * Every statement's Effect and Action/NotAction items are literals, and every kms: item names an action. A
 * misspelt action (unknown-action reports it) may be the intended grant: no conclusion from its absence.
 */
export function fullyKnownPolicy(policy: Policy): boolean {
  return policy.statements.every((s) => {
    if (s.effect && !effectOf(s) && s.effect.value.kind !== 'string') return false;
    const { items, complete } = actionElement(s);
    return complete && items.every((a) => a.actions.length > 0 || !/^kms:/i.test(a.item.value));
  });
}
