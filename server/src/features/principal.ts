import type { PNode } from '../policy/model';
import type { AccountInfo } from '../settings';
import { code } from './markdown';

/** What a principal value names, as far as its text tells. */
export type PrincipalKind =
  | 'everyone'
  | 'account'
  | 'role'
  | 'user'
  | 'role-session'
  | 'federated-user'
  | 'group'
  | 'service'
  | 'federated'
  | 'canonical-user'
  | 'expression'
  | 'unknown';

/** A principal value read for people: its kind, account, short name, and the text it came from. */
export interface PrincipalInfo {
  kind: PrincipalKind;
  text: string;
  account?: string;
  /** Role, user or session name, service name; the account id for an account. */
  name?: string;
  /** For an assumed-role session: the session name. */
  session?: string;
}

// The account may be a Terraform interpolation (`${local.account_id}`); it is kept as written.
const ACCOUNT = '(\\d{12}|\\$\\{[^}]*\\})';
const IAM_ARN = new RegExp(`^arn:aws[\\w-]*:iam::${ACCOUNT}:(root|role/.+|user/.+|group/.+)$`);
const STS_ARN = new RegExp(`^arn:aws[\\w-]*:sts::${ACCOUNT}:(assumed-role/[^/]+/.+|federated-user/.+)$`);

/** Reads one principal value listed under `type` (`AWS`, `Service`, `Federated`, `CanonicalUser`, or `*`). */
export function parsePrincipal(type: string, node: PNode): PrincipalInfo {
  if (node.kind === 'symbolic') return { kind: 'expression', text: node.expr, name: node.resolved };
  const text = node.kind === 'string' ? node.value : String((node as { value?: unknown }).value ?? node.kind);
  if (text === '*' && (type === 'AWS' || type === '*')) return { kind: 'everyone', text };
  if (type === 'Service') return { kind: 'service', text, name: text };
  if (type === 'Federated') return { kind: 'federated', text, name: text };
  if (type === 'CanonicalUser') return { kind: 'canonical-user', text };
  if (/^\d{12}$/.test(text)) return { kind: 'account', text, account: text, name: text };
  const iam = IAM_ARN.exec(text);
  if (iam) {
    const [, account, rest] = iam;
    if (rest === 'root') return { kind: 'account', text, account, name: account };
    const [head, ...tail] = rest.split('/');
    const name = tail[tail.length - 1];
    return { kind: head === 'role' ? 'role' : head === 'user' ? 'user' : 'group', text, account, name };
  }
  const sts = STS_ARN.exec(text);
  if (sts) {
    const [, account, rest] = sts;
    const parts = rest.split('/');
    if (parts[0] === 'assumed-role') return { kind: 'role-session', text, account, name: parts[1], session: parts.slice(2).join('/') };
    return { kind: 'federated-user', text, account, name: parts.slice(1).join('/') };
  }
  if (node.kind === 'string' && node.template) return { kind: 'expression', text };
  return { kind: 'unknown', text };
}

/** `111122223333 (payments-prod, prod)` when the account is declared in the settings. */
export function accountLabel(id: string, accounts: Record<string, AccountInfo>): string {
  const a = accounts[id];
  const extra = [a?.name, a?.stage && a.stage !== a.name ? a.stage : undefined].filter(Boolean);
  return extra.length ? `${id} (${extra.join(', ')})` : id;
}

/** A short noun phrase for summaries: `role orders-app`, `anyone in account 1111… whose IAM policy allows it`. */
export function principalPhrase(p: PrincipalInfo, accounts: Record<string, AccountInfo>): string {
  switch (p.kind) {
    case 'everyone':
      return 'everyone';
    case 'account':
      return `anyone in account ${accountLabel(p.account!, accounts)} whose IAM policy allows it`;
    case 'role':
    case 'user':
    case 'group':
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
      return `**Account ${acct}**: the account root does not grant a person. It means *anyone in account ${acct} whose IAM policy allows it*: the account delegates the decision to its IAM policies.`;
    case 'role':
      return `**IAM role ${code(p.name)}** in account ${acct}: anyone who assumes this role, in any session.`;
    case 'user':
      return `**IAM user ${code(p.name)}** in account ${acct}.`;
    case 'role-session':
      return `**Session ${code(p.session)} of role ${code(p.name)}** in account ${acct}: only callers who assumed the role with this session name.`;
    case 'federated-user':
      return `**Federated user ${code(p.name)}** in account ${acct} (a GetFederationToken session).`;
    case 'group':
      return `**IAM group ${code(p.name)}**: groups are not principals. AWS rejects a key policy that names one; grant the group's users or a role instead.`;
    case 'service':
      return `**AWS service ${code(p.name)}**: the service acts with its own identity. Narrow it with \`aws:SourceAccount\` / \`aws:SourceArn\` so it cannot be used on behalf of another account's resources (confused deputy).`;
    case 'federated':
      return `**Federated identity provider ${code(p.name)}**: web identity or SAML users who authenticate through it.`;
    case 'canonical-user':
      return '**Canonical user id**: an S3 account identifier; KMS key policies do not use it.';
    case 'expression':
      return `**${code(p.text)}**: a Terraform value known at apply time${p.name ? ` (resolves to ${code(p.name)})` : ''}.`;
    default:
      return `**${code(p.text)}**: not a principal form AWS recognises (an account id, an IAM role/user ARN, an assumed-role session ARN, a service, or \`*\`).`;
  }
}
