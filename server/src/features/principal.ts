import type { PNode } from '../policy/model';
import { accountPhrase, isThisAccount, principalLabel, readPrincipal, type PrincipalView } from '../policy/principal-view';
import { textOf } from '../policy/values';
import type { AccountInfo } from '../settings';
import { code } from './markdown';

/**
 * A principal value of the model read for people: the one principal view; a Terraform expression keeps its
 * text, and the value it resolves to when it does.
 */
export type PrincipalInfo = PrincipalView & { resolved?: string };

/** Reads one principal value listed under `type` (`AWS`, `Service`, ..., or `*` for a bare `"*"`). */
export function principalOf(type: string, node: PNode): PrincipalInfo {
  if (node.kind === 'symbolic') return { kind: 'symbolic', text: node.expr, symbolic: true, resolved: node.resolved };
  if (node.kind === 'string') return readPrincipal(type, node.value, !!node.template);
  return readPrincipal(type, textOf(node));
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A short noun phrase for summaries: the principal's label (`role/orders-app (prod 111122223333)`, `anyone in
 * account 1111… whose IAM policy allows it`), `everyone`, `the service …`.
 */
export function principalPhrase(p: PrincipalInfo, accounts: Record<string, AccountInfo>): string {
  switch (p.kind) {
    case 'public':
      return 'everyone';
    case 'account':
    case 'role':
    case 'user':
    case 'session':
    case 'federated-user':
      return principalLabel(p, accounts);
    case 'service':
      return `the service ${p.name}`;
    case 'federated':
      return `users federated through ${p.name}`;
    case 'symbolic':
      return p.resolved ? `${code(p.text)} (${p.resolved})` : `${code(p.text)}`;
    default:
      return `${code(p.text)}`;
  }
}

/** Markdown explaining a principal value (the hover on a principal). */
export function describePrincipal(p: PrincipalInfo, accounts: Record<string, AccountInfo>): string {
  const label = code(principalLabel(p, accounts));
  switch (p.kind) {
    case 'public':
      return '**Everyone**: the principals of every AWS account, any account\'s roles, users and sessions (each needs only its own account\'s IAM permission). KMS requests are always signed, so there are no anonymous callers, but unless a condition narrows the caller (`kms:CallerAccount`, `aws:PrincipalOrgID`, `aws:PrincipalArn`, ...), this statement applies to every AWS account.';
    case 'account': {
      const where = isThisAccount(p.account!) ? ' (where Terraform deploys)' : '';
      return `**${capitalize(accountPhrase(p.account!, accounts))}${where}**: the account root does not grant a person. It means *${principalLabel(p, accounts)}*: the account delegates the decision to its IAM policies.`;
    }
    case 'role':
      return `**IAM role** ${label}: anyone who assumes this role, in any session.`;
    case 'user':
      return `**IAM user** ${label}.`;
    case 'session':
      return `**Assumed-role session** ${label}: only callers who assumed role ${code(p.roleName)} with session name ${code(p.session)}.`;
    case 'federated-user':
      return `**Federated user** ${label} (a GetFederationToken session).`;
    case 'service':
      return `**AWS service ${code(p.name)}**: the service acts with its own identity. Narrow it with \`aws:SourceAccount\` / \`aws:SourceArn\` so it cannot be used on behalf of another account's resources (confused deputy).`;
    case 'federated':
      return `**Federated identity provider ${code(p.name)}**: web identity or SAML users who authenticate through it.`;
    case 'canonical':
      return '**Canonical user id**: an S3 account identifier; KMS key policies do not use it.';
    case 'symbolic':
      return `**${code(p.text)}**: a Terraform value known at apply time${p.resolved ? ` (resolves to ${code(p.resolved)})` : ''}.`;
    default:
      return `**${code(p.text)}** is not a valid principal: ${p.error}`;
  }
}
