import type { PNode, PProp } from '../policy/model';
import { isPrincipalError, parsePrincipal, PRINCIPAL_TYPES } from '../policy/principals';
import { placeholdersIn, withStandIns } from '../policy/placeholders';
import { isPlaceholder, isTemplateString, itemsOf } from '../policy/values';
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
  if (inBrokenSyntax(ctx, item)) return;
  // A value Terraform evaluated: judged as it will be, reported at the expression that gave it.
  if (item.kind === 'symbolic') {
    // Only a value that reads as an account id or an ARN: a reference may resolve to a readable name instead
    // (`aws_iam_role.app.arn` to the role's name in a heredoc), which is no value to judge.
    const v = item.resolved;
    if (v !== undefined && (/^\d+$/.test(v) || v.startsWith('arn:')) && !placeholdersIn(v).length && !isTemplateString(v)) judge(ctx, type, item, v, `${item.expr} is "${v}": `);
    return;
  }
  // A Terraform template whose expressions cannot make it valid: what it is does not depend on them (a KMS key
  // ARN built by a `for` expression, an IAM group, a Region in an IAM ARN).
  if (item.kind === 'string' && item.template) {
    const stand = withStandIns(item.value);
    if (stand !== undefined) judge(ctx, type, item, stand, `"${item.value}" `, true);
    return;
  }
  if (isPlaceholder(item)) return;
  if (item.kind === 'string' && placeholdersIn(item.value).length > 0) return;
  if (item.kind !== 'string') {
    const hint = item.kind === 'number' ? ` Write it as a string: "${item.value}".` : '';
    ctx.report({ at: item, message: `A principal must be a string, not a ${item.kind}.${hint}` });
    return;
  }
  const parsed = parsePrincipal(item.value, type);
  if (isPrincipalError(parsed)) ctx.report({ at: item, message: parsed.error });
}

/**
 * Reports `text` (the value `item` stands for) when KMS would reject it. `standIns`: `text` has stand-ins for
 * expressions; only an error about the kind of ARN (its service, its resource type, a Region) holds whatever
 * they are, so an error about a stand-in itself is not reported.
 */
function judge(ctx: PolicyRuleContext, type: string, item: PNode, text: string, lead: string, standIns = false): void {
  const parsed = parsePrincipal(text, type);
  if (!isPrincipalError(parsed)) return;
  if (standIns && !/is an? (KMS key ARN|alias ARN|KMS resource ARN|IAM group|identity provider)|resource ARN, not a principal|have no Region|is not a principal ARN/.test(parsed.error)) return;
  const reason = parsed.error.startsWith(`"${text}"`) ? parsed.error.slice(text.length + 2).trimStart() : parsed.error;
  ctx.report({ at: item, message: `${lead}${standIns ? reason : parsed.error}` });
}
