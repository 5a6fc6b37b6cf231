/**
 * Reading one principal value (as written in Principal/NotPrincipal, a `--principal` argument, or an
 * aws:PrincipalArn condition) into the identity the evaluator reasons about.
 */
import { GenerationMap } from '../cache';
import { delimitedPlaceholders, isPlaceholderToken, placeholdersIn, splitArn } from '../policy/placeholders';
import { isPrincipalError, parsePrincipal } from '../policy/principals';

export type IdentityKind = 'public' | 'account' | 'role' | 'user' | 'session' | 'service' | 'federated' | 'symbolic' | 'other';

/** An identity named by a policy, with the facts that principal matching and identity conditions need. */
export interface Identity {
  kind: IdentityKind;
  /** The value as written. */
  text: string;
  /** 12-digit account id, or the Terraform template text standing for it (`${local.acct}`). */
  account?: string;
  partition?: string;
  /** Role name (roles and assumed-role sessions), without its path. */
  roleName?: string;
  /**
   * The value of aws:PrincipalArn for requests by this identity. For an assumed-role session it is the
   * role's ARN (`arn:aws:iam::A:role/R`; the role's path is not in the session ARN, so none is assumed).
   */
  principalArn?: string;
  /** aws:PrincipalType: Account, User, AssumedRole, FederatedUser. */
  principalType?: string;
  /** For service and federated principals: the name, lower-cased (service names are case-insensitive). */
  name?: string;
  /** True when parts of it are Terraform expressions, not known statically. */
  symbolic?: boolean;
}

const ACCOUNT_RE = /^\d{12}$/;

/** Splits an ARN at its colons, leaving `${...}` and other placeholder parts whole (see policy/placeholders). */
export { splitArn };

/**
 * Reads a principal with the shared parser (`parsePrincipal`). `type` is the Principal member it came from
 * (`AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for the bare string "*"); `symbolic` marks a
 * Terraform expression. A template (`arn:aws:iam::${local.acct}:role/app`) is read with its `${...}` parts
 * standing in for the account or name, so that the same template elsewhere matches it. Results are shared
 * (every rule of an analysis reads the same principals): do not mutate them.
 */
export function parseIdentity(type: string, text: string, symbolic = false): Identity {
  const key = (symbolic ? 's ' : 'l ') + type + ' ' + text;
  let hit = identityCache.get(key);
  if (!hit) {
    hit = readIdentity(type, text, symbolic);
    identityCache.set(key, hit);
  }
  return hit;
}

/** Identities read, by the principal as written: as for parsed principals, a few hundred in a workspace. */
export const IDENTITIES_KEPT = 10_000;
const identityCache = new GenerationMap<string, Identity>({ max: IDENTITIES_KEPT, name: 'access.identities' });

function readIdentity(type: string, text: string, symbolic: boolean): Identity {
  // A Terraform interpolation, or a placeholder of a guide or a deployment tool (`YOUR_ACCOUNT_ID`,
  // `#{AWS::AccountId}`): the same unknown value, never an invalid principal nor another account.
  const templated = text.includes('${') || (!symbolic && placeholdersIn(text).length > 0);
  // A bare expression (`${var.admin}`) may stand for an account or any ARN: nothing to read from it.
  if ((symbolic || templated) && !(templated && text.startsWith('arn:'))) return { kind: 'symbolic', text, symbolic: true };
  const t = type === '*' ? 'AWS' : type;
  const { value, restore } = templated ? placeholders(text) : { value: text, restore: (x: string) => x };
  const parsed = parsePrincipal(value, t);
  if (isPrincipalError(parsed)) return { kind: templated ? 'symbolic' : 'other', text, symbolic: templated || undefined };
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
      return { ...base, kind: 'role', roleName: name!.split('/').pop(), principalArn: text, principalType: 'AssumedRole' };
    case 'user':
      return { ...base, kind: 'user', principalArn: text, principalType: 'User' };
    case 'session': {
      // aws:PrincipalArn of a session is its role's ARN; the role's path is not in the session ARN.
      const roleName = name!.split('/')[0];
      return { ...base, kind: 'session', roleName, principalArn: `arn:${partition}:iam::${account}:role/${roleName}`, principalType: 'AssumedRole' };
    }
    case 'federated':
      if (t === 'AWS') return { ...base, kind: 'session', principalArn: text, principalType: 'FederatedUser' };
      return { ...base, kind: 'federated', name: text.toLowerCase() };
    case 'service':
      return { kind: 'service', text, name: text.toLowerCase(), symbolic: sym };
    default:
      return { ...base, kind: 'other' };
  }
}

/**
 * Replaces each `${...}` with a token the parser accepts (a 12-digit number in the account position, a
 * plain name elsewhere) and gives back a function that puts the expressions back into parsed parts.
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

/** True when two account values are known to be the same (literal ids, or the same template text). */
export function sameAccount(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a === b;
}

/** True when two account values are known to differ: both literal ids and not equal. */
export function differentAccount(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && ACCOUNT_RE.test(a) && ACCOUNT_RE.test(b) && a !== b;
}

/** An account template such as `${data.aws_caller_identity.current.account_id}` read as "this account". */
export function accountText(account: string): string {
  if (/^\$\{\s*data\.aws_caller_identity\.[\w-]+\.account_id\s*\}$/.test(account)) return 'this account';
  return account;
}
