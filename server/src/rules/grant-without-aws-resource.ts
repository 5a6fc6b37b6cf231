import { findAction } from '../catalog';
import { addConditionOps } from './fix/condition-ops';
import { toJsonValue } from './fix/json-value';
import { requiresTrue, restrictingEntry } from '../policy/conditions';
import type { EditOp, Policy, PString, Statement } from '../policy/model';
import { classifyPrincipals, isKnown } from '../policy/principal-kind';
import { actionItems, isFullKms, itemGranting, statementActions } from '../policy/statement-actions';
import { effectOf } from '../policy/values';
import type { FixSpec, PolicyRule } from './types';

const KEY = 'kms:GrantIsForAWSResource';

export const grantWithoutAwsResource: PolicyRule = {
  meta: {
    id: 'grant-without-aws-resource',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: true,
    summary: 'A principal who is not a key administrator may CreateGrant without kms:GrantIsForAWSResource.',
  },
  check(ctx) {
    const admins = administrators(ctx.policy);
    for (const s of ctx.policy.statements) {
      if (effectOf(s) !== 'Allow' || !s.principal) continue;
      const item = itemGranting(s, 'CreateGrant');
      if (!item || requiresTrue(s, KEY)) continue;
      // A grant that can only be created through a named service is the same protection, as AWS documents it
      // for services that do not set GrantIsForAWSResource (e.g. Amazon Location).
      // Naming the grantee is a deliberate, reviewed delegation too.
      if (restrictingEntry(s, ['kms:ViaService', 'kms:GranteePrincipal'])) continue;
      const who = classifyPrincipals(s.principal).filter((p) => p.kind !== 'account' && isKnown(p) && !admins.has(p.text!));
      if (who.length === 0) continue;
      const names = who.map((p) => (p.kind === 'public' ? '"*"' : p.text)).join(', ');
      ctx.report({
        at: item,
        message:
          `${names} may create grants on this key (${item.value}) without ${KEY}: a grant is a second, unreviewed key ` +
          'policy that can give another principal use of the key. Limit grants to AWS services that create them for your ' +
          'resources, or make this principal an administrator deliberately.',
        fixes: fixes(ctx.policy, s, item, names),
      });
    }
  },
};

/**
 * Literal principals that some Allow grants kms:PutKeyPolicy: they may rewrite the policy anyway. `kms:*` does
 * not count as a deliberate administrator grant (kms-star reports it), so a role with kms:* is still reported.
 */
function administrators(policy: Policy): Set<string> {
  const out = new Set<string>();
  for (const s of policy.statements) {
    if (effectOf(s) !== 'Allow') continue;
    if (!actionItems(s).items.some((a) => !isFullKms(a.item) && a.actions.some((x) => x.name === 'PutKeyPolicy'))) continue;
    for (const p of classifyPrincipals(s.principal)) if (p.text) out.add(p.text);
  }
  return out;
}

function fixes(policy: Policy, s: Statement, item: PString, names: string): FixSpec[] {
  const title = `Allow grants only for AWS resources with ${KEY}`;
  const change = `${names} may then create grants only for AWS services acting on its behalf`;
  // The condition is absent from every request but grant management: on a statement that also allows
  // Decrypt it would take Decrypt away. Then CreateGrant moves to a statement of its own.
  if (statementActions(s).every((a) => a.conditionKeys.includes(KEY))) {
    const ops = addConditionOps(s, 'Bool', KEY, 'true');
    return ops ? [{ kind: 'suggestion', title, change, ops }] : [];
  }
  const split = splitOps(policy, s, item);
  return split ? [{ kind: 'suggestion', title: `Move kms:CreateGrant to its own statement with ${KEY}`, change, ops: split }] : [];
}

function splitOps(policy: Policy, s: Statement, item: PString): EditOp[] | undefined {
  const actions = s.action?.value;
  const statements = policy.statementProp?.value;
  if (actions?.kind !== 'array' || statements?.kind !== 'array' || findAction(item.value)?.name !== 'CreateGrant') return undefined;
  const principal = toJsonValue(s.principal!.value);
  const condition = s.condition ? toJsonValue(s.condition.value) : {};
  if (principal === undefined || condition === undefined || typeof condition !== 'object' || condition === null || Array.isArray(condition)) return undefined;
  const bool = condition.Bool ?? {};
  if (typeof bool !== 'object' || bool === null || Array.isArray(bool)) return undefined;
  const merged = { ...condition, Bool: { ...bool, [KEY]: 'true' } };
  return [
    { op: 'removeItem', array: actions, item },
    { op: 'addItem', array: statements, value: { Effect: 'Allow', Principal: principal, Action: item.value, Resource: '*', Condition: merged } },
  ];
}
