import { accessFor, type AccessView, type Decision } from '../access';
import { requiresTrue } from '../policy/conditions';
import { classifyPrincipals, type ClassifiedPrincipal } from '../policy/principal-kind';
import type { Statement } from '../policy/model';
import { actionItems } from '../policy/statement-actions';
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
    case 'session':
      return 'an assumed-role session';
    case 'federated-user':
      return 'a federated user';
    case 'role':
      return p.roleName && HUMAN_ROLE.test(p.roleName) ? `a role whose name ("${p.roleName}") suggests people sign in to it` : undefined;
    default:
      return undefined;
  }
}

/**
 * The destructive actions the statement's Action grants, as `kms:Name`, each once, in the order its items name
 * them; undefined for none. Read straight from the items so a statement granting none allocates nothing.
 */
function destructiveActions(s: Statement): string[] | undefined {
  let out: string[] | undefined;
  for (const a of actionItems(s).items)
    for (const x of a.actions) {
      if (!DESTRUCTIVE.includes(x.name)) continue;
      const name = `kms:${x.name}`;
      if (!out) out = [name];
      else if (!out.includes(name)) out.push(name);
    }
  return out;
}

/**
 * The cell is denied whenever the caller signed in without MFA: an explicit Deny conditioned on
 * `BoolIfExists aws:MultiFactorAuthPresent false` (the form AWS recommends: it also denies requests signed
 * with long-term access keys, which carry no such key; a plain `Bool` does not), as the matrix decides it.
 */
function deniedWithoutMfa(d: Decision): boolean {
  return d.conditions.some(
    (c) => c.effect === 'Deny' && c.key.toLowerCase() === 'aws:multifactorauthpresent' && c.operator.toLowerCase() === 'boolifexists' && c.values.length === 1 && c.values[0]!.toLowerCase() === 'false',
  );
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
    let m: AccessView | undefined;
    for (const s of ctx.policy.statements) {
      if (effectOf(s) !== 'Allow' || !s.principal) continue;
      const destructive = destructiveActions(s);
      if (!destructive || requiresTrue(s, 'aws:MultiFactorAuthPresent')) continue;
      for (const p of classifyPrincipals(s.principal)) {
        const reason = humanReason(p);
        if (!reason) continue;
        m ??= accessFor(ctx.source, ctx.settings);
        const row = m.rows.find((r) => r.id === p.text);
        const unprotected = row ? destructive.filter((a) => !deniedWithoutMfa(row.cell(a))) : destructive;
        if (unprotected.length === 0) continue;
        ctx.report({
          at: p.entry.node,
          message:
            `${p.text} looks like ${reason} and may call ${unprotected.join(', ')} without multi-factor authentication. ` +
            'Consider a separate statement for these actions with {"Bool": {"aws:MultiFactorAuthPresent": "true"}}.',
        });
      }
    }
  },
};
