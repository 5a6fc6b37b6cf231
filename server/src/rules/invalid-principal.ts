import type { PNode, PProp } from '../policy/model';
import { isPrincipalError, parsePrincipal, PRINCIPAL_TYPES } from '../policy/principals';
import { placeholdersIn } from '../policy/placeholders';
import { isPlaceholder, itemsOf } from '../policy/values';
import { suggest } from '../catalog/suggest';
import { inBrokenSyntax } from './helpers';
import type { PolicyRule, PolicyRuleContext } from './types';

export const invalidPrincipal: PolicyRule = {
  meta: {
    id: 'invalid-principal',
    severity: 'error',
    appliesTo: 'key-policy',
    fixable: false,
    accessAnalyzer: 'INVALID_ARN_PRINCIPAL',
    summary: 'A principal KMS rejects: not a 12-digit account or IAM ARN, a partial wildcard, an IAM group, an alias or key ARN, an unknown principal type.',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      for (const el of [s.principal, s.notPrincipal]) if (el) checkElement(ctx, el);
    }
  },
};

function checkElement(ctx: PolicyRuleContext, el: PProp): void {
  const v = el.value;
  if (isPlaceholder(v) || inBrokenSyntax(ctx, v)) return;
  if (v.kind === 'string') {
    if (v.value !== '*') {
      const hint = parsePrincipal(v.value, 'AWS');
      const form = isPrincipalError(hint) ? '{"AWS": "arn:aws:iam::111122223333:role/NAME"}' : `{"AWS": "${v.value}"}`;
      ctx.report({ at: v, message: `${el.key} must be "*" or an object naming the principal type, e.g. ${form}.` });
    }
    return;
  }
  if (v.kind !== 'object') {
    ctx.report({ at: v, message: `${el.key} must be "*" or an object such as {"AWS": [...], "Service": [...]}.` });
    return;
  }
  if (v.props.length === 0) ctx.report({ at: v, message: `${el.key} names no principal.` });
  for (const p of v.props) {
    if (p.keySymbolic) continue;
    if (!PRINCIPAL_TYPES.includes(p.key)) {
      const candidates = suggest(p.key, PRINCIPAL_TYPES, 1);
      ctx.report({
        at: { span: p.keySpan },
        message: `"${p.key}" is not a principal type: use ${PRINCIPAL_TYPES.map((t) => `"${t}"`).join(', ')} (case-sensitive).` + (candidates.length ? ` Did you mean "${candidates[0]}"?` : ''),
      });
      continue;
    }
    if (p.value.kind === 'array' && p.value.items.length === 0) ctx.report({ at: p.value, message: `"${p.key}" lists no principal.` });
    for (const item of itemsOf(p.value)) checkValue(ctx, p.key, item);
  }
}

function checkValue(ctx: PolicyRuleContext, type: string, item: PNode): void {
  // Terraform references and templates (an interpolated account id) are not known here, and a placeholder
  // (`YOUR_ACCOUNT_ID`, `#{AWS::AccountId}`) is an account to fill in that placeholder-value reports once:
  // never judged.
  if (isPlaceholder(item) || inBrokenSyntax(ctx, item)) return;
  if (item.kind === 'string' && placeholdersIn(item.value).length > 0) return;
  if (item.kind !== 'string') {
    const hint = item.kind === 'number' ? ` Write it as a string: "${item.value}".` : '';
    ctx.report({ at: item, message: `A principal must be a string, not a ${item.kind}.${hint}` });
    return;
  }
  const parsed = parsePrincipal(item.value, type);
  if (isPrincipalError(parsed)) ctx.report({ at: item, message: parsed.error });
}
