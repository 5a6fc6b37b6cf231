/** Where in the policy a matrix row comes from, so that findings underline the principal value itself. */
import type { PNode, Policy, PProp, Span } from '../policy/model';
import { itemGranting } from '../policy/statement-actions';
import { conditionEntries, principalEntries, textOf } from '../policy/values';
import type { Decision } from './types';

/** True when one of `statements` names `rowId` in its Principal (not only through `*` or an account root). */
export function namedIn(policy: Policy, statements: readonly number[], rowId: string): boolean {
  return policy.statements.some((s) => statements.includes(s.index) && principalEntries(s.principal).some((e) => textOf(e.node) === rowId));
}

/**
 * The Principal/NotPrincipal value naming `rowId` in the first of `statements` that names it; else the
 * first of those statements' Principal element; else undefined.
 */
export function principalNodeFor(policy: Policy, statements: readonly number[], rowId: string): PNode | PProp | undefined {
  const stmts = statements.map((i) => policy.statements.find((s) => s.index === i)).filter((s) => !!s);
  for (const s of stmts) {
    const entry = principalEntries(s.principal ?? s.notPrincipal).find((e) => textOf(e.node) === rowId);
    if (entry) return entry.node;
  }
  const s = stmts[0];
  return s?.principal ?? s?.notPrincipal;
}

/**
 * The element that decided a cell, to underline it: for a Deny, the Action item covering `action` (or the
 * NotAction element); for a conditional cell, the first open condition key (or the NotPrincipal element);
 * otherwise the `Statement` key of the policy.
 */
export function decisionSite(policy: Policy, d: Decision, action: string): Span | undefined {
  const stmt = (i: number | undefined) => policy.statements.find((s) => s.index === i);
  if (d.value === 'deny') {
    const s = stmt(d.statements[0]);
    const item = s && itemGranting(s, action.replace(/^kms:/, ''));
    if (item) return item.span;
    if (s?.notAction) return s.notAction.keySpan;
  }
  const c = d.conditions[0];
  if (c) {
    const s = stmt(c.statementIndex);
    if (c.operator === 'NotPrincipal' && s?.notPrincipal) return s.notPrincipal.keySpan;
    const e = s && conditionEntries(s).find((x) => x.key === c.key && x.operator === c.operator);
    if (e) return e.keyProp.keySpan;
  }
  return policy.statementProp?.keySpan ?? policy.root?.span;
}
