import { POLICY_ELEMENTS, STATEMENT_ELEMENTS } from '../policy/build';
import type { PObject, PProp } from '../policy/model';
import { suggest } from '../catalog/suggest';
import type { FixSpec, PolicyRule, PolicyRuleContext } from './types';


export const unknownElement: PolicyRule = {
  meta: {
    id: 'unknown-element',
    severity: 'error',
    appliesTo: 'key-policy',
    fixable: true,
    accessAnalyzer: 'UNKNOWN_ELEMENT',
    summary: 'An element name AWS does not know (element names are case-sensitive); did-you-mean fix.',
  },
  check(ctx) {
    const { policy } = ctx;
    if (policy.root && !policy.fragment) checkObject(ctx, policy.root, POLICY_ELEMENTS, 'policy');
    for (const s of policy.statements) checkObject(ctx, s.node, STATEMENT_ELEMENTS, 'statement');
  },
};

function checkObject(ctx: PolicyRuleContext, obj: PObject, known: readonly string[], where: 'policy' | 'statement'): void {
  const present = new Set(obj.props.map((p) => p.key));
  for (const p of obj.props) {
    if (known.includes(p.key)) continue;
    const other = where === 'policy' ? STATEMENT_ELEMENTS : POLICY_ELEMENTS;
    const candidates = suggest(p.key, known);
    let message = `"${p.key}" is not a ${where} element`;
    const exact = candidates.find((c) => c.toLowerCase() === p.key.toLowerCase());
    if (exact) message += `: element names are case-sensitive, write "${exact}".`;
    else if (candidates.length) message += `. Did you mean "${candidates[0]}"?`;
    else if (other.includes(p.key)) message += where === 'policy' ? `: it belongs inside a statement.` : `: it belongs at the top of the policy, not inside a statement.`;
    else message += `: a ${where} has only ${known.map((k) => `"${k}"`).join(', ')}.`;
    ctx.report({ at: { span: p.keySpan }, message, fixes: renameFixes(p, exact ? [exact] : candidates, present, where) });
  }
}

/**
 * What a statement element starts to do once its name is right. AWS reads element names case-sensitively, and
 * so do Keyscope's access matrix and rules: until then the element counts for nothing.
 */
const TAKES_EFFECT: Record<string, string> = {
  Effect: 'the statement then allows or denies what it names',
  Principal: 'the statement then applies to the principals it names',
  NotPrincipal: 'the statement then applies to every principal but those it names',
  Action: 'the statement then covers the actions it lists',
  NotAction: 'the statement then covers every action but those it lists',
  Resource: 'the statement then applies to this key',
  NotResource: 'the statement then applies to resources other than those it names',
  Condition: 'the statement then applies only when its conditions hold',
  Statement: "the policy's statements then take effect",
};

/**
 * Renames to each candidate that is not already present (renaming onto an existing element would duplicate it).
 * Safe when the name meant is unambiguous (a case slip, or exactly one did-you-mean) and the element has no say
 * in who can do what (`Sid`, `Id`, `Version`, and a `statement`/`Statements` already read as the list);
 * otherwise a suggestion saying what starts to take effect.
 */
function renameFixes(p: PProp, candidates: readonly string[], present: Set<string>, where: 'policy' | 'statement'): FixSpec[] {
  const open = candidates.filter((c) => !present.has(c));
  return open.map((c) => {
    const ops = [{ op: 'renameKey' as const, prop: p, key: c }];
    const title = `Rename to "${c}"`;
    const change = where === 'policy' && c === 'Statement' && /^statements?$/i.test(p.key) ? undefined : TAKES_EFFECT[c];
    if (change) return { kind: 'suggestion' as const, title, change, ops };
    if (candidates.length === 1) return { kind: 'safe' as const, title, ops };
    return { kind: 'suggestion' as const, title, change: `no one's access changes; "${c}" is one of ${candidates.length} names it may be`, ops };
  });
}
