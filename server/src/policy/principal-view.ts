/**
 * The one principal vocabulary: a principal value (as written in Principal/NotPrincipal, an aws:PrincipalArn
 * condition, a `--principal` argument) read into the view that rules, the access evaluator and hovers share,
 * and the one way of naming a principal or an account for people (`role/app (prod 444455556666)`).
 * Built on the parser in `principals.ts`.
 */
import { GenerationMap } from '../cache';
import type { AccountInfo } from '../settings';
import type { PNode, UnknownNote } from './model';
import { delimitedPlaceholders, isPlaceholderToken, placeholdersIn, splitArn } from './placeholders';
import { isPrincipalError, parsePrincipal } from './principals';

/**
 * What a principal value names. `account`: a bare account id or its root ARN (the account, via its IAM
 * policies); `root-user`: the account's root user alone (never read from a value: the access evaluator makes
 * it for an `aws:PrincipalArn` condition on the root ARN); `session`: an assumed-role session; `federated-user`: a GetFederationToken session
 * (`sts::A:federated-user/NAME`); `federated`: an identity provider (under `Federated`); `symbolic`: a
 * Terraform value not known statically; `invalid`: a value KMS rejects (`error` says why).
 */
export type PrincipalKind = 'public' | 'account' | 'root-user' | 'role' | 'user' | 'session' | 'federated-user' | 'federated' | 'service' | 'canonical' | 'symbolic' | 'invalid';

/** A principal value read: what it names, with the facts principal matching and identity conditions need. */
export interface PrincipalView {
  kind: PrincipalKind;
  /** The value as written. */
  text: string;
  /** 12-digit account id, or the Terraform template standing for it (`${local.acct}`). */
  account?: string;
  partition?: string;
  /**
   * Role or user name with its path (`service-role/app`); a session's `ROLE/SESSION`; a federated user's
   * name; an identity provider's name; a service's name, lower-cased (service names are case-insensitive).
   */
  name?: string;
  /** Roles and assumed-role sessions: the role's name, without its path. */
  roleName?: string;
  /** Assumed-role sessions: the session name. */
  session?: string;
  /**
   * The value of aws:PrincipalArn for requests by this principal. For an assumed-role session it is the
   * role's ARN (`arn:aws:iam::A:role/R`; the role's path is not in the session ARN, so none is assumed here:
   * the access evaluator puts it in when the policy names the role with its path).
   */
  principalArn?: string;
  /** aws:PrincipalType: Account, User, AssumedRole, FederatedUser. */
  principalType?: string;
  /** True when parts of it are Terraform expressions, not known statically. */
  symbolic?: boolean;
  /** For an invalid value: why KMS rejects it, a sentence ready for a diagnostic. */
  error?: string;
  /**
   * For an account read as a matrix row: the root user has a row of its own, so this one stands for the
   * account's IAM identities only (aws:PrincipalArn is never the root ARN).
   */
  rootApart?: boolean;
  /**
   * For a Terraform value that stays unknown: what it stands for and where its value comes from, in words
   * (`AWS principals, from the module call at main.tf:12`), shown after it in matrix rows and messages.
   */
  note?: string;
  /**
   * Listed under a Terraform condition not known (`var.c ? [a] : [a, b]`): the condition as written. The
   * statement names this principal only when it holds.
   */
  optionalIf?: string;
}

/** How the account Terraform deploys to (`data.aws_caller_identity.<any>.account_id`) is named. */
export const THIS_ACCOUNT = 'this account';
/** The template the Terraform reader writes for that account in a principal or condition value. */
export const THIS_ACCOUNT_TEMPLATE = '${data.aws_caller_identity.current.account_id}';

const ACCOUNT_ID = /^\d{12}$/;

/** True for the account Terraform deploys to: its caller-identity template, or the name for it. */
export function isThisAccount(account: string): boolean {
  return account === THIS_ACCOUNT || /^\$\{\s*data\.aws_caller_identity\.[\w-]+\.account_id\s*\}$/.test(account);
}

/** True when two account values are known to be the same (literal ids, or the same template text). */
export function sameAccount(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a === b;
}

/** True when two account values are known to differ: both literal ids and not equal. */
export function differentAccount(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && ACCOUNT_ID.test(a) && ACCOUNT_ID.test(b) && a !== b;
}

/** Splits an ARN at its colons, leaving `${...}` and other placeholder parts whole (see `placeholders.ts`). */
export { splitArn };

/** Principals read, by the value as written: as for parsed principals, a few hundred in a workspace. */
export const PRINCIPAL_VIEWS_KEPT = 10_000;
const viewCache = new GenerationMap<string, PrincipalView>({ max: PRINCIPAL_VIEWS_KEPT, name: 'policy.principal-views' });

/**
 * Reads one principal value. `type` is the Principal member it came from (`AWS`, `Service`, `Federated`,
 * `CanonicalUser`, or `*` for the bare string "*"); `symbolic` marks a Terraform expression. A template
 * (`arn:aws:iam::${local.acct}:role/app`) is read with its `${...}` parts standing in for the account or
 * name, so that the same template elsewhere matches it. Results are shared: do not mutate them.
 */
export function readPrincipal(type: string, text: string, symbolic = false): PrincipalView {
  const key = (symbolic ? 's ' : 'l ') + type + ' ' + text;
  let hit = viewCache.get(key);
  if (!hit) {
    hit = read(type, text, symbolic);
    viewCache.set(key, hit);
  }
  return hit;
}

/**
 * One principal value of the model read: a string; a template or a Terraform value that
 * evaluates to a literal, read as that (the elements of `var.admin_arns` are as many principals, each named
 * by its value); an expression that does not is `symbolic`. Other nodes are no principal.
 */
export function readPrincipalNode(type: string, node: PNode): PrincipalView | undefined {
  // A template or an expression the workspace resolves (`role/app-${count.index}` of one instance) reads as
  // its value; one that does not stays as written.
  if (node.kind === 'string' && !node.template) return readPrincipal(type, node.value);
  if (node.kind !== 'string' && node.kind !== 'symbolic') return undefined;
  if (node.resolved) {
    const r = readPrincipal(type, node.resolved);
    if (r.kind !== 'invalid' && r.kind !== 'canonical') return r;
  }
  if (node.kind === 'string') return readPrincipal(type, node.value, true);
  const view = readPrincipal(type, node.expr, true);
  return node.unknownAs && view.kind === 'symbolic' ? { ...view, note: unknownPhrase(type, node.unknownAs) } : view;
}

/** `AWS principals, from the module call at main.tf:12`: what an unknown principal value stands for. */
function unknownPhrase(type: string, note: UnknownNote): string {
  const t = type === '*' ? 'AWS' : type;
  const what = note.list ? `${t} principals` : `${t} principal`;
  return note.origin ? `${what}, ${note.origin}` : what;
}

function read(type: string, text: string, symbolic: boolean): PrincipalView {
  // A Terraform interpolation, or a placeholder of a guide or a deployment tool (`YOUR_ACCOUNT_ID`,
  // `#{AWS::AccountId}`): the same unknown value, never an invalid principal nor another account.
  const templated = text.includes('${') || (!symbolic && placeholdersIn(text).length > 0);
  // A bare expression (`${var.admin}`) may stand for an account or any ARN: nothing to read from it.
  if ((symbolic || templated) && !(templated && text.startsWith('arn:'))) return { kind: 'symbolic', text, symbolic: true };
  const t = type === '*' ? 'AWS' : type;
  const { value, restore } = templated ? placeholders(text) : { value: text, restore: (x: string) => x };
  const parsed = parsePrincipal(value, t);
  if (isPrincipalError(parsed)) return templated ? { kind: 'symbolic', text, symbolic: true } : { kind: 'invalid', text, error: parsed.error };
  const sym = templated || undefined;
  const account = parsed.account === undefined ? undefined : restore(parsed.account);
  const name = parsed.name === undefined ? undefined : restore(parsed.name);
  // A partition written as an expression (`arn:${local.partition}:iam::...`) is kept as written.
  const partition = templated && text.startsWith('arn:') ? splitArn(text)[1] : (parsed.partition ?? 'aws');
  const base = { text, account, partition, symbolic: sym };
  switch (parsed.kind) {
    case 'public':
      return { kind: 'public', text };
    case 'account':
    case 'root':
      return { ...base, kind: 'account', principalArn: `arn:${partition}:iam::${account}:root`, principalType: 'Account' };
    case 'role':
      return { ...base, kind: 'role', name, roleName: name!.split('/').pop(), principalArn: text, principalType: 'AssumedRole' };
    case 'user':
      return { ...base, kind: 'user', name, principalArn: text, principalType: 'User' };
    case 'session': {
      // aws:PrincipalArn of a session is its role's ARN; the role's path is not in the session ARN.
      const [roleName, ...session] = name!.split('/');
      return { ...base, kind: 'session', name, roleName, session: session.join('/'), principalArn: `arn:${partition}:iam::${account}:role/${roleName}`, principalType: 'AssumedRole' };
    }
    case 'federated':
      if (t === 'AWS') return { ...base, kind: 'federated-user', name, principalArn: text, principalType: 'FederatedUser' };
      return { ...base, kind: 'federated', name };
    case 'service':
      return { kind: 'service', text, name: text.toLowerCase(), symbolic: sym };
    default:
      return { kind: 'canonical', text };
  }
}

/**
 * Replaces each `${...}` (or other placeholder) with a token the parser accepts (a 12-digit number in the
 * account position, a plain name elsewhere) and gives back a function that puts the expressions back into
 * parsed parts.
 */
function placeholders(text: string): { value: string; restore: (s: string) => string } {
  const tokens = new Map<string, string>();
  const token = (m: string, account: boolean) => {
    const t = account ? String(tokens.size).padStart(12, '9') : `tfexpr${tokens.size}tf`;
    tokens.set(t, m);
    return t;
  };
  const sub = (part: string) => {
    let out = '';
    let at = 0;
    for (const p of delimitedPlaceholders(part)) {
      out += part.slice(at, p.start) + token(p.text, false);
      at = p.end;
    }
    return out + part.slice(at);
  };
  const parts = splitArn(text);
  const value = parts
    .map((p, i) => {
      if (i === 1 && isPlaceholderToken(p)) return 'aws';
      if (i === 4 && isPlaceholderToken(p, true)) return token(p, true);
      return sub(p);
    })
    .join(':');
  const restore = (s: string) => tokens.get(s) ?? s.replace(/tfexpr\d+tf/g, (t) => tokens.get(t) ?? t);
  return { value, restore };
}

/**
 * An account for people, the one format everywhere (hovers, matrix rows, rule messages): `prod 444455556666`
 * when the settings name the account (its name, else its stage), else `444455556666`; `this account` for
 * the account Terraform deploys to; another template as written.
 */
export function accountLabel(account: string, accounts: Readonly<Record<string, AccountInfo>>): string {
  if (isThisAccount(account)) return THIS_ACCOUNT;
  const name = accountName(account, accounts);
  return name ? `${name} ${account}` : account;
}

/** The name part of an account's label: its name in the settings, else its stage, else nothing. */
export function accountName(account: string, accounts: Readonly<Record<string, AccountInfo>>): string | undefined {
  const info = ACCOUNT_ID.test(account) ? accounts[account] : undefined;
  return info?.name || info?.stage || undefined;
}

/** An account as a noun phrase: `account prod 444455556666`, `account 444455556666`, `this account`. */
export function accountPhrase(account: string, accounts: Readonly<Record<string, AccountInfo>>): string {
  const label = accountLabel(account, accounts);
  return label === THIS_ACCOUNT ? label : `account ${label}`;
}

/**
 * A principal for people, the one format everywhere: `role/app (prod 444455556666)`, `user/alice
 * (444455556666)`, `anyone in account prod 444455556666 whose IAM policy allows it`, `anyone (*)`,
 * `logs.amazonaws.com (service)`; anything else as written.
 */
export function principalLabel(p: PrincipalView, accounts: Readonly<Record<string, AccountInfo>>): string {
  switch (p.kind) {
    case 'public':
      return 'anyone (*)';
    case 'account':
      return `anyone in ${accountPhrase(p.account!, accounts)} whose IAM policy allows it`;
    case 'root-user':
      return `root user of ${accountPhrase(p.account!, accounts)}`;
    case 'role':
    case 'user':
    case 'session':
    case 'federated-user': {
      const resource = p.text.split(':').slice(5).join(':') || p.text;
      return p.account ? `${resource} (${accountLabel(p.account, accounts)})` : resource;
    }
    case 'service':
      return `${p.text} (service)`;
    case 'federated':
      return `${p.text} (federated)`;
    default:
      // The identity Terraform runs as: a user, or a role session whose role the policy does not name.
      if (p.kind === 'symbolic' && /^data\.aws_caller_identity\.[\w-]+\.arn$/.test(p.text)) return `${p.text}: the deploying identity (may be a role session)`;
      return p.text;
  }
}
