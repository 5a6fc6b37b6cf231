/**
 * Does a statement's Principal or NotPrincipal cover a row's identity?
 *
 * - `direct`: the statement names it (or `*`), or, with NotPrincipal, leaves it out;
 * - `root`: the statement names the account root of the identity's account (or the identity is that
 *   account). For an Allow that is delegation (the identity needs its own IAM permission: `iam`); a Deny
 *   applies in full;
 * - `maybe`: it covers some of the requests the row stands for (NotPrincipal exemption lists);
 * - `none`.
 */
import { sameAccount, type PrincipalView } from '../policy/principal-view';

export type Coverage = 'direct' | 'root' | 'maybe' | 'none';

const IAM_KINDS = new Set(['role', 'user', 'session', 'federated-user']);
const RANK: Record<Coverage, number> = { direct: 3, root: 2, maybe: 1, none: 0 };

/** How a Principal element's identities cover `who`. */
export function principalCovers(listed: PrincipalView[], who: PrincipalView): Coverage {
  let best: Coverage = 'none';
  for (const e of listed) {
    const c = covers(e, who);
    if (RANK[c] > RANK[best]) best = c;
  }
  return best;
}

/**
 * The Terraform condition under which a Principal element names `who`, when every entry that covers it is
 * listed under one (`var.c ? [a] : [a, b]`: `b` only if `!(var.c)`); undefined when one covers it whatever
 * the condition, or when both a condition and its negation do (`a` above).
 */
export function principalCondition(listed: PrincipalView[], who: PrincipalView): string | undefined {
  const conditions = new Set<string>();
  for (const e of listed) {
    if (covers(e, who) === 'none') continue;
    if (!e.optionalIf) return undefined;
    conditions.add(e.optionalIf);
  }
  for (const c of conditions) if (conditions.has(`!(${c})`)) return undefined;
  return conditions.size ? [...conditions].map((c) => (conditions.size > 1 ? `(${c})` : c)).join(' || ') : undefined;
}

function covers(e: PrincipalView, who: PrincipalView): Coverage {
  if (e.kind === 'public') return 'direct';
  if (who.kind === 'public') return 'none';
  switch (e.kind) {
    case 'account':
      if (!sameAccount(e.account, who.account)) return 'none';
      // The root user is the account's own identity: IAM policies do not apply to it, the grant is its own.
      if (who.kind === 'root-user') return 'direct';
      // Naming the root delegates to the account's IAM policies, for the account's own row as for its principals.
      return who.kind === 'account' || IAM_KINDS.has(who.kind) ? 'root' : 'none';
    case 'role':
      // A role is granted to all its sessions. Role names are unique in an account, whatever their path.
      return (who.kind === 'role' || who.kind === 'session') && who.roleName === e.roleName && sameAccount(e.account, who.account) ? 'direct' : 'none';
    case 'user':
      return who.kind === 'user' && who.principalArn === e.principalArn ? 'direct' : 'none';
    case 'session':
    case 'federated-user':
      return who.kind === e.kind && who.text === e.text ? 'direct' : 'none';
    case 'service':
    case 'federated':
      return who.kind === e.kind && who.name === e.name ? 'direct' : 'none';
    default:
      return who.text === e.text ? 'direct' : 'none';
  }
}

/**
 * How a NotPrincipal element covers `who`. With Allow, a listed identity (or its role, or its account) is
 * left out. With Deny, AWS checks the account, the role and the session in turn, so an identity is exempt
 * only when the list names each of them (KMS-FACTS: "NotPrincipal + Deny must list the account ARN as well").
 */
export function notPrincipalCovers(listed: PrincipalView[], who: PrincipalView, effect: 'Allow' | 'Deny'): Coverage {
  if (listed.some((e) => e.kind === 'public')) return 'none';
  if (who.kind === 'public') return 'direct';
  if (effect === 'Allow') return principalCovers(listed, who) === 'none' ? 'direct' : 'none';
  const has = (pred: (e: PrincipalView) => boolean) => listed.some(pred);
  const accountListed = has((e) => e.kind === 'account' && sameAccount(e.account, who.account));
  const self = has((e) => covers(e, who) === 'direct' && e.kind === who.kind);
  switch (who.kind) {
    case 'account':
      // The root user and whoever else is listed are exempt; every other identity of the account is not.
      return accountListed ? 'maybe' : 'direct';
    case 'root-user':
      return accountListed ? 'none' : 'direct';
    case 'user':
    case 'role':
    case 'federated-user':
      // A federated user's session has no role: its own ARN and its account are what AWS checks.
      return self && accountListed ? 'none' : 'direct';
    case 'session': {
      const role = has((e) => e.kind === 'role' && covers(e, who) === 'direct');
      return role && accountListed ? 'none' : 'direct';
    }
    case 'symbolic':
      if (has((e) => e.text === who.text)) return 'none';
      return has((e) => !!e.symbolic) ? 'maybe' : 'direct';
    default:
      return self ? 'none' : 'direct';
  }
}
