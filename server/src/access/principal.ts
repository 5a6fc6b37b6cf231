/**
 * Reading one principal value (as written in Principal/NotPrincipal, a `--principal` argument, or an
 * aws:PrincipalArn condition) into the identity the evaluator reasons about.
 */

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

/** Splits an ARN at its colons, leaving `${...}` template parts whole; the sixth part keeps its colons. */
export function splitArn(arn: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < arn.length; i++) {
    const c = arn[i];
    if (c === '$' && arn[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    if (c === ':' && depth === 0 && parts.length < 5) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

const hasTemplate = (s: string) => s.includes('${');

/**
 * Reads a principal. `type` is the Principal member it came from (`AWS`, `Service`, `Federated`,
 * `CanonicalUser`, or `*` for the bare string "*"); `symbolic` marks a value that is a Terraform expression.
 */
export function parseIdentity(type: string, text: string, symbolic = false): Identity {
  if (symbolic && !hasTemplate(text)) return { kind: 'symbolic', text, symbolic: true };
  const sym = symbolic || hasTemplate(text);
  if (type === '*' || (type === 'AWS' && text === '*')) return { kind: 'public', text };
  if (type === 'Service') return { kind: 'service', text, name: text.toLowerCase(), symbolic: sym || undefined };
  if (type === 'Federated') return { kind: 'federated', text, name: text.toLowerCase(), symbolic: sym || undefined };
  if (type !== 'AWS') return { kind: 'other', text, symbolic: sym || undefined };
  return parseAwsPrincipal(text, sym);
}

function parseAwsPrincipal(text: string, sym: boolean): Identity {
  const s = sym || undefined;
  if (ACCOUNT_RE.test(text)) return { kind: 'account', text, account: text, partition: 'aws', principalArn: `arn:aws:iam::${text}:root`, principalType: 'Account' };
  // A bare template such as "${var.account_id}" could be an account or an ARN: nothing to read from it.
  if (!text.startsWith('arn:')) return { kind: sym ? 'symbolic' : 'other', text, symbolic: s };
  const [, partition, service, , account, resource] = splitArn(text);
  if (resource === undefined || !account) return { kind: sym ? 'symbolic' : 'other', text, symbolic: s };
  const base = { text, account, partition, symbolic: s };
  if (service === 'iam' && resource === 'root') return { ...base, kind: 'account', principalArn: text, principalType: 'Account' };
  if (service === 'iam' && resource.startsWith('role/')) {
    return { ...base, kind: 'role', roleName: resource.split('/').pop(), principalArn: text, principalType: 'AssumedRole' };
  }
  if (service === 'iam' && resource.startsWith('user/')) return { ...base, kind: 'user', principalArn: text, principalType: 'User' };
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const [, role] = resource.split('/');
    return { ...base, kind: 'session', roleName: role, principalArn: `arn:${partition}:iam::${account}:role/${role}`, principalType: 'AssumedRole' };
  }
  if (service === 'sts' && resource.startsWith('federated-user/')) return { ...base, kind: 'session', principalArn: text, principalType: 'FederatedUser' };
  return { ...base, kind: sym ? 'symbolic' : 'other' };
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
