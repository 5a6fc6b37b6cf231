import type { PNode } from '../policy/model';
import { isPrincipalError, parsePrincipal } from '../policy/principals';
import { textOf } from '../policy/values';
import type { AccountInfo } from '../settings';
import { code } from './markdown';

/** What a principal value names, for people. */
export type PrincipalKind =
  | 'everyone'
  | 'account'
  | 'role'
  | 'user'
  | 'role-session'
  | 'federated-user'
  | 'service'
  | 'federated'
  | 'canonical-user'
  | 'expression'
  | 'invalid';

/** A principal value read for people: its kind, account, short name, and the text it came from. */
export interface PrincipalInfo {
  kind: PrincipalKind;
  text: string;
  account?: string;
  /** Role, user or session's role name; service or provider name. */
  name?: string;
  /** For an assumed-role session: the session name. */
  session?: string;
  /** For an invalid value: why KMS rejects it. */
  error?: string;
}

const TEMPLATED_ACCOUNT = /^arn:([^:]*):((?:iam|sts)::)(\$\{[^}]*\})(:.+)$/;

/** How a templated account reads: the caller-identity data source is the account Terraform deploys to. */
function accountExpression(expr: string): string {
  return /^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/.test(expr) ? 'this account' : expr;
}

/** Reads one principal value listed under `type` (`AWS`, `Service`, ..., or `*` for a bare `"*"`), with the shared parser. */
export function readPrincipal(type: string, node: PNode): PrincipalInfo {
  if (node.kind === 'symbolic') return { kind: 'expression', text: node.expr, name: node.resolved };
  const text = textOf(node);
  const template = node.kind === 'string' && !!node.template;
  let p = parsePrincipal(text, type === '*' ? 'AWS' : type);
  // A Terraform template (`arn:aws:iam::${local.acct}:root`) is known only at apply time: not an error. When
  // only the account is templated, the rest still says what the principal is.
  const m = template && isPrincipalError(p) ? TEMPLATED_ACCOUNT.exec(text) : null;
  // A templated partition (`arn:${data.aws_partition.current.partition}:...`) is read as any partition.
  if (m) p = parsePrincipal(`arn:${m[1].startsWith('${') ? 'aws' : m[1]}:${m[2]}000000000000${m[4]}`, type === '*' ? 'AWS' : type);
  if (isPrincipalError(p)) return template ? { kind: 'expression', text } : { kind: 'invalid', text, error: p.error };
  if (m) p = { ...p, account: accountExpression(m[3]) };
  const last = p.name?.split('/').pop();
  switch (p.kind) {
    case 'public':
      return { kind: 'everyone', text };
    case 'account':
    case 'root':
      return { kind: 'account', text, account: p.account };
    case 'role':
    case 'user':
      return { kind: p.kind, text, account: p.account, name: last };
    case 'session': {
      const [role, ...session] = (p.name ?? '').split('/');
      return { kind: 'role-session', text, account: p.account, name: role, session: session.join('/') };
    }
    case 'federated':
      return { kind: type === 'Federated' ? 'federated' : 'federated-user', text, account: p.account, name: p.name };
    case 'service':
      return { kind: 'service', text, name: p.name };
    default:
      return { kind: 'canonical-user', text };
  }
}

/**
 * An account as a noun phrase: `account 111122223333 (payments-prod, prod)` when the settings declare it,
 * `this account` for the caller-identity data source, the expression for another template.
 */
export function accountLabel(id: string, accounts: Record<string, AccountInfo>): string {
  if (id === 'this account') return 'this account (where Terraform deploys)';
  if (!/^\d{12}$/.test(id)) return `account ${code(id)}`;
  const a = accounts[id];
  const extra = [a?.name, a?.stage && a.stage !== a.name ? a.stage : undefined].filter(Boolean);
  return extra.length ? `account ${id} (${extra.join(', ')})` : `account ${id}`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A short noun phrase for summaries: `role orders-app`, `anyone in account 1111… whose IAM policy allows it`. */
export function principalPhrase(p: PrincipalInfo, accounts: Record<string, AccountInfo>): string {
  switch (p.kind) {
    case 'everyone':
      return 'everyone';
    case 'account':
      return `anyone in ${accountLabel(p.account!, accounts)} whose IAM policy allows it`;
    case 'role':
    case 'user':
      return `${p.kind} ${p.name}`;
    case 'role-session':
      return `session ${p.session} of role ${p.name}`;
    case 'federated-user':
      return `federated user ${p.name}`;
    case 'service':
      return `the service ${p.name}`;
    case 'federated':
      return `users federated through ${p.name}`;
    case 'expression':
      return p.name ? `${code(p.text)} (${p.name})` : `${code(p.text)}`;
    default:
      return `${code(p.text)}`;
  }
}

/** Markdown explaining a principal value (the hover on a principal). */
export function describePrincipal(p: PrincipalInfo, accounts: Record<string, AccountInfo>): string {
  const acct = p.account ? accountLabel(p.account, accounts) : undefined;
  switch (p.kind) {
    case 'everyone':
      return '**Everyone**: every identity in every AWS account (they only need IAM permission in their own account), and anonymous callers. Unless a condition narrows the caller (`kms:CallerAccount`, `aws:PrincipalOrgID`, `aws:PrincipalArn`, ...), this statement applies to the whole world.';
    case 'account':
      return `**${capitalize(acct!)}**: the account root does not grant a person. It means *anyone in ${acct} whose IAM policy allows it*: the account delegates the decision to its IAM policies.`;
    case 'role':
      return `**IAM role ${code(p.name)}** in ${acct}: anyone who assumes this role, in any session.`;
    case 'user':
      return `**IAM user ${code(p.name)}** in ${acct}.`;
    case 'role-session':
      return `**Session ${code(p.session)} of role ${code(p.name)}** in ${acct}: only callers who assumed the role with this session name.`;
    case 'federated-user':
      return `**Federated user ${code(p.name)}** in ${acct} (a GetFederationToken session).`;
    case 'service':
      return `**AWS service ${code(p.name)}**: the service acts with its own identity. Narrow it with \`aws:SourceAccount\` / \`aws:SourceArn\` so it cannot be used on behalf of another account's resources (confused deputy).`;
    case 'federated':
      return `**Federated identity provider ${code(p.name)}**: web identity or SAML users who authenticate through it.`;
    case 'canonical-user':
      return '**Canonical user id**: an S3 account identifier; KMS key policies do not use it.';
    case 'expression':
      return `**${code(p.text)}**: a Terraform value known at apply time${p.name ? ` (resolves to ${code(p.name)})` : ''}.`;
    default:
      return `**${code(p.text)}** is not a valid principal: ${p.error}`;
  }
}
