import { callerNarrowing } from '../policy/conditions';
import type { Statement } from '../policy/model';
import { classifyPrincipals, isKnown } from '../policy/principal-kind';
import { actionItems, isFullKms } from '../policy/statement-actions';
import { effectOf } from '../policy/values';
import type { FixSpec, PolicyRule } from './types';

/** The console's key-user actions for a symmetric key (KMS-FACTS, "Default key policies"). */
export const READ_WRITE_DATA = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*', 'kms:DescribeKey'];

/** The console's key-administrator actions (KMS-FACTS, "Default key policies"). */
export const ADMINISTER = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];

export const kmsStar: PolicyRule = {
  meta: {
    id: 'kms-star',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: true,
    summary: '"kms:*" (or "*") granted to a principal other than the account root: it may rewrite the policy.',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (effectOf(s) !== 'Allow' || !s.principal) continue;
      const { items, complete } = actionItems(s);
      const star = items.find((a) => isFullKms(a.item));
      if (!star) continue;
      const principals = classifyPrincipals(s.principal);
      // Terraform references that do not resolve stay silent: they may well be the account root.
      const others = principals.filter((p) => p.kind !== 'account' && isKnown(p));
      if (others.length === 0) continue;
      const hasRoot = principals.some((p) => p.kind === 'account');
      const names = others.map((p) => (p.kind === 'public' ? 'everyone ("*")' : p.text)).join(', ');
      const narrowing = callerNarrowing(s);
      const message = others.some((p) => p.kind === 'public')
        ? narrowing
          ? `"${star.item.value}" to "*", limited only by ${narrowing.key}: every principal it admits gets every KMS action on this key, PutKeyPolicy and ScheduleKeyDeletion included. Grant only the actions callers need.`
          : `"${star.item.value}" to everyone: every KMS action on this key, PutKeyPolicy and ScheduleKeyDeletion included, is granted without a principal limit. Grant only the actions callers need.`
        : `"${star.item.value}" grants ${names} every KMS action, including PutKeyPolicy (rewrite this policy, lock others out) and ScheduleKeyDeletion. Only the account root should hold kms:*; grant the capabilities this principal needs.`;
      // Narrowing a statement that also delegates to the root would take administration away from the account.
      // Both change what the principal may do, so neither is applied unseen.
      const fixes: FixSpec[] = complete && !hasRoot
        ? [capabilityFix(s, names, 'data', READ_WRITE_DATA, 'removes its administration of the key, PutKeyPolicy included'), capabilityFix(s, names, 'administration', ADMINISTER, 'removes its use of the key for data')]
        : [];
      ctx.report({ at: star.item, message, fixes });
    }
  },
};

/** Replaces the Action element by its other items plus the actions of a capability set. */
function capabilityFix(s: Statement, names: string, label: string, actions: string[], change: string): FixSpec {
  const kept = actionItems(s).items.filter((a) => !isFullKms(a.item)).map((a) => a.item.value);
  const value = [...new Set([...kept, ...actions])];
  return { kind: 'suggestion', title: `Limit ${names} to the ${label} actions`, change, ops: [{ op: 'replace', node: s.action!.value, value }] };
}
