/**
 * Reading principal values of a key policy (`Principal` / `NotPrincipal`): what a value names, or why KMS
 * would reject it. Shared by the `invalid-principal` rule, hovers and the access evaluator.
 */
import { GenerationMap } from '../cache';
import { withArticle } from '../text';

/** The partitions an ARN principal may name. */
export const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** The principal types a Principal object may use as keys (`{"AWS": ...}`); anything else is rejected. */
export const PRINCIPAL_TYPES: readonly string[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

/** What a principal value names. */
export interface ParsedPrincipal {
  /**
   * `account`: a bare 12-digit id; `root`: `arn:…:iam::ACCT:root` (both mean "the account, via its IAM
   * policies"); `role`, `user`: IAM identities; `session`: an assumed-role session; `federated`: a
   * federated-user session or an identity provider; `service`: an AWS service principal; `public`: `*`;
   * `canonical`: an S3 canonical user id.
   */
  kind: 'account' | 'root' | 'role' | 'user' | 'session' | 'federated' | 'service' | 'public' | 'canonical';
  /** The 12-digit account the principal belongs to, when it names one. */
  account?: string;
  /** Role, user or provider name (with its path, e.g. `service-role/app`); for a session, `ROLE/SESSION`. */
  name?: string;
  /** The ARN partition (`aws`, `aws-cn`, ...), for ARN forms. */
  partition?: string;
}

/** Why a principal value is not valid; a sentence ready for a diagnostic. */
export interface PrincipalError {
  error: string;
}

const ACCOUNT = /^\d{12}$/;
// IAM names: letters, digits and + = , . @ _ - (paths add /).
const IAM_NAME = /^[\w+=,.@-]+$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;
const CANONICAL = /^[0-9a-f]{64}$/;
// Unique ids (AROA…, AIDA…) appear in a policy when the role or user it named was deleted.
const UNIQUE_ID = /^(AROA|AIDA|AGPA|ANPA|ANVA|AIPA|ASIA|AKIA)[A-Z0-9]{12,}$/;
// `<ACCOUNT>`, `{account}`, or an upper-case word with a letter or `_` after its first character (YOUR_ACCOUNT).
// Written so that no two quantifiers can share a character: on a long near-miss it backtracks linearly, not
// quadratically (the obvious `[A-Z][A-Z0-9_-]*[A-Z_][A-Z0-9_-]*` takes minutes on 300,000 A's and a `!`).
const PLACEHOLDER = /^(<.*>|\{.*\}|[A-Z][0-9-]*[A-Z_][A-Z0-9_-]*)$/;

/**
 * Principal values parsed, by type and value. A workspace names a few hundred distinct principals; the bound
 * only stops values typed one keystroke at a time from piling up. An entry is a few short strings.
 */
export const PRINCIPALS_KEPT = 10_000;
const parsedCache = new GenerationMap<string, ParsedPrincipal | PrincipalError>({ max: PRINCIPALS_KEPT, name: 'policy.principals' });

/**
 * Parses one principal value. `type` is the key it sits under (`AWS` for the bare string `"*"` and for
 * `{"AWS": ...}`). Returns what it names, or an `error` explaining why KMS would reject it. Results are
 * shared (the rules, the evaluator and hovers read the same values): do not mutate them.
 */
export function parsePrincipal(value: string, type: string = 'AWS'): ParsedPrincipal | PrincipalError {
  const key = type + ' ' + value;
  let hit = parsedCache.get(key);
  if (!hit) {
    hit = parseValue(value, type);
    parsedCache.set(key, hit);
  }
  return hit;
}

function parseValue(value: string, type: string): ParsedPrincipal | PrincipalError {
  if (value === '*') return type === 'AWS' ? { kind: 'public' } : { error: `"*" is only valid under "AWS" (or as the whole Principal), not under "${type}".` };
  switch (type) {
    case 'AWS':
      return parseAws(value);
    case 'Service':
      if (SERVICE.test(value)) return { kind: 'service', name: value };
      if (value.startsWith('arn:')) return { error: `"${value}" is an ARN, not a service principal: services look like "logs.amazonaws.com"; put ARNs under "AWS".` };
      return { error: `"${value}" is not a service principal: they look like "cloudtrail.amazonaws.com".` };
    case 'Federated':
      return parseFederated(value);
    case 'CanonicalUser':
      return CANONICAL.test(value) ? { kind: 'canonical', name: value } : { error: `"${value}" is not a canonical user id (64 hexadecimal characters).` };
    default:
      return { error: `"${type}" is not a principal type (use ${PRINCIPAL_TYPES.map((t) => `"${t}"`).join(', ')}).` };
  }
}

/** True when `parsePrincipal` returned an error. */
export function isPrincipalError(p: ParsedPrincipal | PrincipalError): p is PrincipalError {
  return 'error' in p;
}

function parseAws(value: string): ParsedPrincipal | PrincipalError {
  if (ACCOUNT.test(value)) return { kind: 'account', account: value };
  if (/[*?]/.test(value)) return { error: `"${value}": a principal cannot contain a wildcard except "*" on its own; name the principal exactly, or use "*" with an aws:PrincipalArn condition.` };
  if (SERVICE.test(value)) return { error: `"${value}" is a service principal: put it under "Service", not "AWS".` };
  if (UNIQUE_ID.test(value)) return { error: `"${value}" is a principal id, not an ARN: it appears when the role or user it named was deleted, and recreating that role does not restore access. Name the principal by its ARN.` };
  if (/^\d+$/.test(value)) return { error: `"${value}" is not an account id: account ids have exactly 12 digits (this has ${value.length}).` };
  if (!value.startsWith('arn:')) {
    if (PLACEHOLDER.test(value)) return { error: `"${value}" looks like a placeholder: replace it with a 12-digit account id or an IAM ARN.` };
    return { error: `"${value}" is not a principal: use a 12-digit account id, an IAM role or user ARN, or "*".` };
  }
  const parts = value.split(':');
  if (parts.length < 6) return { error: `"${value}" is not a complete ARN (arn:partition:service:region:account:resource).` };
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (!PARTITIONS.includes(partition)) return { error: `"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov, ...).` };
  if (service === 'kms') {
    const what = resource.startsWith('alias/') ? 'an alias ARN' : resource.startsWith('key/') ? 'a KMS key ARN' : 'a KMS resource ARN';
    return { error: `"${value}" is ${what}, not a principal: name the IAM role, user or account that calls KMS.` };
  }
  if (service !== 'iam' && service !== 'sts') return { error: `"${value}" is ${withArticle(service)} resource ARN, not a principal: name an IAM role, user or account (or a service under "Service").` };
  if (region !== '') return { error: `"${value}": IAM and STS ARNs have no Region (arn:${partition}:${service}::ACCOUNT:...).` };
  if (!ACCOUNT.test(account)) {
    if (PLACEHOLDER.test(account)) return { error: `"${account}" looks like a placeholder: replace it with the 12-digit account id.` };
    return { error: `"${account}" is not an account id: account ids have exactly 12 digits.` };
  }
  return service === 'iam' ? parseIamResource(value, partition, account, resource) : parseStsResource(value, partition, account, resource);
}

function parseIamResource(value: string, partition: string, account: string, resource: string): ParsedPrincipal | PrincipalError {
  if (resource === 'root') return { kind: 'root', account, partition };
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  const name = slash < 0 ? '' : resource.slice(slash + 1);
  if (type === 'group') return { error: `"${value}" is an IAM group: groups cannot be principals in a key policy. Grant the group's roles or users, or the account root and let an IAM policy on the group allow it.` };
  if (type === 'role' || type === 'user') {
    if (!name || !name.split('/').every((seg) => IAM_NAME.test(seg))) return { error: `"${value}" does not name a valid IAM ${type}.` };
    return { kind: type, account, name, partition };
  }
  if (type === 'saml-provider' || type === 'oidc-provider') return { error: `"${value}" is an identity provider: put it under "Federated", not "AWS".` };
  return { error: `"${value}" is not a principal ARN: IAM principals are :root, :role/NAME and :user/NAME.` };
}

function parseStsResource(value: string, partition: string, account: string, resource: string): ParsedPrincipal | PrincipalError {
  const [type, ...rest] = resource.split('/');
  if (type === 'assumed-role') {
    if (rest.length < 2 || rest.some((s) => !IAM_NAME.test(s))) return { error: `"${value}": an assumed-role principal must name the role and a specific session (assumed-role/ROLE/SESSION); to grant every session, name the role ARN (arn:${partition}:iam::${account}:role/ROLE).` };
    return { kind: 'session', account, name: rest.join('/'), partition };
  }
  if (type === 'federated-user') {
    if (rest.length !== 1 || !IAM_NAME.test(rest[0])) return { error: `"${value}" does not name a federated user (federated-user/NAME).` };
    return { kind: 'federated', account, name: rest[0], partition };
  }
  return { error: `"${value}" is not a principal ARN: STS principals are assumed-role/ROLE/SESSION and federated-user/NAME.` };
}

function parseFederated(value: string): ParsedPrincipal | PrincipalError {
  const m = /^arn:([\w-]+):iam::(\d{12}):(saml-provider|oidc-provider)\/(.+)$/.exec(value);
  if (m && PARTITIONS.includes(m[1])) return { kind: 'federated', account: m[2], name: m[4], partition: m[1] };
  // Web identity providers are named by their host: accounts.google.com, cognito-identity.amazonaws.com, ...
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value)) return { kind: 'federated', name: value };
  return { error: `"${value}" is not an identity provider: use a SAML or OIDC provider ARN, or a web identity provider such as "cognito-identity.amazonaws.com".` };
}
