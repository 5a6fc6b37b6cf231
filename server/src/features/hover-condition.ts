import { findConditionKey, OPERATORS, parseOperator, type ConditionKeyInfo } from '../catalog';
import type { Statement } from '../policy/model';
import { suggest } from '../catalog/suggest';
import { actionCoverage } from '../policy/statement-actions';
import { code } from './markdown';

const OPERATOR_NAMES = Object.keys(OPERATORS);

/** Hover markdown for a condition operator, with its qualifiers explained. */
export function describeOperator(op: string): string {
  const p = parseOperator(op);
  if (!p.info) {
    const s = suggest(p.base, OPERATOR_NAMES);
    return `**${code(op)}** is not a condition operator.${s.length ? ` Did you mean ${code(s[0])}?` : ''}`;
  }
  const lines = [`**${code(op)}** — ${p.info.type} operator`, '', `${code(p.base)}: ${p.info.doc}`];
  if (p.info.negated) {
    lines.push('', 'Negated operator: it is also **true when the key is absent** from the request, so in an Allow it can grant more than it seems.');
  }
  if (p.ifExists) {
    lines.push('', '`IfExists`: when the key is absent from the request the condition is true; when present, it is compared as usual.');
  }
  if (p.qualifier === 'ForAnyValue') {
    lines.push('', '`ForAnyValue`: for a multi-valued key, true when **at least one** value in the request matches. False when the key is absent.');
  }
  if (p.qualifier === 'ForAllValues') {
    lines.push('', '`ForAllValues`: for a multi-valued key, true when **every** value in the request matches — and also **true when the key is absent or empty**. Pair it with a `Null` check in an Allow.');
  }
  if (!p.qualifier && p.info.type !== 'Null') lines.push('', 'Several values for one key: any may match (OR). Several keys or operators: all must match (AND).');
  return lines.join('\n');
}

/** Caveats for keys whose validity depends on the policy type or the action (KMS-FACTS.md). */
const CAVEATS: Record<string, string> = {
  'kms:BypassPolicyLockoutSafetyCheck': 'For CreateKey it works in IAM policies only; for PutKeyPolicy in key and IAM policies.',
  'kms:KeyOrigin': 'For CreateKey it works in IAM policies only; for operations on an existing key in key and IAM policies.',
  'kms:CallerAccount': 'Narrows a `*` principal to callers from the given accounts.',
  'kms:ViaService': 'Value format: `<service>.<region>.amazonaws.com`.',
  'kms:GrantIsForAWSResource': 'Only CreateGrant, ListGrants and RevokeGrant carry it.',
};

/** Hover markdown for a condition key; with its statement, says which of the statement's actions carry it. */
export function describeConditionKey(key: string, operator: string | undefined, statement: Statement | undefined): string {
  const info = findConditionKey(key);
  if (!info) {
    const prefix = /^(kms|aws):/i.test(key) ? '' : ' Only `kms:` and global `aws:` keys apply to a KMS request.';
    return `**${code(key)}** is not a condition key KMS knows.${prefix}`;
  }
  const lines = [`**${code(key)}**${info.deprecated ? ' _(deprecated)_' : ''}`, '', describeInfo(info)];
  lines.push('', `| Type | Values | In a key policy |`, `|---|---|---|`, `| ${info.type} | ${info.multiValued ? 'multi-valued' : 'single-valued'} | ${info.keyPolicy ? 'yes' : '**no — IAM policies only**'} |`);
  if (!info.keyPolicy) lines.push('', 'This key is only evaluated in IAM policies: in a key policy a condition on it never matches as intended.');
  const caveat = CAVEATS[info.key];
  if (caveat) lines.push('', caveat);
  const q = operator ? parseOperator(operator).qualifier : undefined;
  if (info.multiValued && operator && !q) lines.push('', 'Multi-valued key: use `ForAnyValue:` or `ForAllValues:` before the operator.');
  if (!info.multiValued && q) lines.push('', `Single-valued key: ${code(q)} is meant for multi-valued keys.`);
  if (statement) lines.push(...carriedBy(info, statement));
  return lines.join('\n');
}

function describeInfo(info: ConditionKeyInfo): string {
  if (info.description) return info.description.endsWith('.') ? info.description : `${info.description}.`;
  return 'Global condition key.';
}

/** Which of the statement's actions carry the key: a condition on a key that is never present never matches. */
function carriedBy(info: ConditionKeyInfo, s: Statement): string[] {
  // Global keys are set by the request context, not per action: the catalogue does not list them per action.
  if (info.global) return [];
  const { actions, partial } = actionCoverage(s);
  if (actions.length === 0 || partial) return [];
  const carrying = actions.filter((a) => a.conditionKeys.includes(info.key));
  if (carrying.length === actions.length) return ['', `Every action of this statement carries this key.`];
  if (carrying.length === 0) return ['', `**None of this statement's ${actions.length} action(s) carry this key**, so the condition can never be met for them.`];
  const names = carrying.slice(0, 8).map((a) => a.name).join(', ') + (carrying.length > 8 ? ', …' : '');
  return ['', `Carried by ${carrying.length} of this statement's ${actions.length} actions: ${names}.`];
}
