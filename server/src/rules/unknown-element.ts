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
    ctx.report({ at: { span: p.keySpan }, message, fixes: renameFixes(p, exact ? [exact] : candidates, present) });
  }
}

/** Renames to each candidate that is not already present (renaming onto an existing element would duplicate it). */
function renameFixes(p: PProp, candidates: readonly string[], present: Set<string>): FixSpec[] {
  return candidates
    .filter((c) => !present.has(c))
    .map((c, i) => ({ title: `Rename to "${c}"`, ops: [{ op: 'renameKey' as const, prop: p, key: c }], preferred: i === 0 }));
}
