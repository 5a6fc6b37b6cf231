import { requiresTrue } from '../policy/conditions';
import { classifyPrincipals, type ClassifiedPrincipal } from '../policy/principal-kind';
import { statementActions } from '../policy/statement-actions';
import { effectOf } from '../policy/values';
import type { PolicyRule } from './types';

/** Actions that destroy data or take the key from its owners. */
const DESTRUCTIVE = ['ScheduleKeyDeletion', 'PutKeyPolicy', 'DeleteImportedKeyMaterial', 'DisableKey'];

/** Role names that suggest people sign in to them: administrators, humans, IAM Identity Center (SSO) roles. */
const HUMAN_ROLE = /admin|human|sso|AWSReservedSSO/i;

/**
 * Why a principal looks like a person, or undefined. A key policy cannot know who assumes a role, so this is
 * a heuristic: IAM users and sessions are people; roles only when their name says so.
 */
export function humanReason(p: ClassifiedPrincipal): string | undefined {
  switch (p.kind) {
    case 'user':
      return 'an IAM user';
    case 'assumed-role':
      return 'an assumed-role session';
    case 'federated-user':
      return 'a federated user';
    case 'role':
      return p.roleName && HUMAN_ROLE.test(p.roleName) ? `a role whose name ("${p.roleName}") suggests people sign in to it` : undefined;
    default:
      return undefined;
  }
}

export const mfaForDestructive: PolicyRule = {
  meta: {
    id: 'mfa-for-destructive',
    severity: 'info',
    appliesTo: 'key-policy',
    fixable: false,
    summary: 'Destructive actions (ScheduleKeyDeletion, PutKeyPolicy, ...) for people without aws:MultiFactorAuthPresent.',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (effectOf(s) !== 'Allow' || !s.principal) continue;
      const destructive = statementActions(s).filter((a) => DESTRUCTIVE.includes(a.name)).map((a) => `kms:${a.name}`);
      if (destructive.length === 0 || requiresTrue(s, 'aws:MultiFactorAuthPresent')) continue;
      for (const p of classifyPrincipals(s.principal)) {
        const reason = humanReason(p);
        if (!reason) continue;
        ctx.report({
          at: p.entry.node,
          message:
            `${p.text} looks like ${reason} and may call ${destructive.join(', ')} without multi-factor authentication. ` +
            'Consider a separate statement for these actions with {"Bool": {"aws:MultiFactorAuthPresent": "true"}}.',
        });
      }
    }
  },
};
