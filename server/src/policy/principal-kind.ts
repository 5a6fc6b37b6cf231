import { perNode } from '../cache';
import type { PNode, Policy, PProp } from './model';
import { withStandIns } from './placeholders';
import { isPrincipalError, parsePrincipal, type ParsedPrincipal } from './principals';
import { principalEntries, type PrincipalEntry } from './values';
import type { KeyscopeSettings } from '../settings';

/**
 * What a principal value denotes, as far as the security rules need to know. `unknown` is a symbolic value
 * (a Terraform reference) that did not resolve to a literal; `invalid` is a value KMS would reject
 * (`invalid-principal` reports it). Rules stay silent on both.
 */
export type PrincipalKind = 'public' | 'root' | 'user' | 'role' | 'assumed-role' | 'federated-user' | 'service' | 'other' | 'unknown' | 'invalid';

/** A classified principal entry. */
export interface ClassifiedPrincipal {
  entry: PrincipalEntry;
  kind: PrincipalKind;
  /** The literal text, when known (the resolved text for a resolved symbolic value). */
  text?: string;
  /** The 12-digit account, when the value names one literally. */
  account?: string;
  /** For roles and assumed-role sessions: the role name (last path segment). */
  roleName?: string;
}

/** True for a principal the rules can judge: neither an unresolved reference nor an invalid value. */
export function isKnown(p: ClassifiedPrincipal): boolean {
  return p.kind !== 'unknown' && p.kind !== 'invalid';
}

// An IAM/STS ARN whose partition or account is a template (`${local.acct}`) or a placeholder
// (`YOUR_ACCOUNT_ID`, as published guides have it): the rest still says what kind of principal it is.
const LOOSE_ARN = /^arn:([^:]*):(iam|sts)::([^:]*):(.+)$/;

/** Classifies one principal entry of a Principal/NotPrincipal element. */
export function classifyPrincipal(entry: PrincipalEntry): ClassifiedPrincipal {
  const text = literalOf(entry.node);
  if (text === undefined) return { entry, kind: 'unknown' };
  const type = entry.type === '*' ? 'AWS' : entry.type;
  const parsed = parsePrincipal(text, type);
  if (!isPrincipalError(parsed)) return { entry, text, ...fromParsed(parsed, type) };
  const m = LOOSE_ARN.exec(text);
  if (!m || m[4].startsWith('${')) return { entry, text, kind: /\$\{/.test(text) ? 'unknown' : 'invalid' };
  // The resource part read with its expressions standing in for names: `user/${var.name}` is a user.
  const again = parsePrincipal(`arn:aws:${m[2]}::000000000000:${withStandIns(m[4]) ?? m[4]}`, type);
  if (isPrincipalError(again)) return { entry, text, kind: /\$\{/.test(text) ? 'unknown' : 'invalid' };
  return { entry, text, ...fromParsed(again, type), account: undefined };
}

function fromParsed(p: ParsedPrincipal, type: string): Omit<ClassifiedPrincipal, 'entry' | 'text'> {
  switch (p.kind) {
    case 'account':
    case 'root':
      return { kind: 'root', account: p.account };
    case 'role':
      return { kind: 'role', account: p.account, roleName: p.name?.split('/').pop() };
    case 'user':
      return { kind: 'user', account: p.account };
    case 'session':
      return { kind: 'assumed-role', account: p.account, roleName: p.name?.split('/')[0] };
    case 'federated':
      return { kind: type === 'AWS' ? 'federated-user' : 'other', account: p.account };
    case 'public':
    case 'service':
      return { kind: p.kind };
    default:
      return { kind: 'other', account: p.account };
  }
}

/** Classified principals of a Principal/NotPrincipal element, computed once per element: do not mutate. */
export function classifyPrincipals(element: PProp | undefined): readonly ClassifiedPrincipal[] {
  return element ? classifiedOf(element) : [];
}

const classifiedOf = perNode((element: PProp) => principalEntries(element).map(classifyPrincipal));

/** The literal text of a principal value: a plain string, a template kept as written, or a resolved reference. */
function literalOf(node: PNode): string | undefined {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'symbolic') return node.resolved;
  return undefined;
}


/** Every 12-digit account named by a principal of the policy, most frequent first. */
export function accountsInPolicy(policy: Policy): string[] {
  const count = new Map<string, number>();
  for (const s of policy.statements)
    for (const el of [s.principal, s.notPrincipal])
      for (const p of classifyPrincipals(el)) if (p.account) count.set(p.account, (count.get(p.account) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([a]) => a);
}

/** The account a fix should name, and where it came from (said in the fix title). */
export interface AccountChoice {
  account: string;
  origin: 'settings' | 'policy' | 'placeholder';
  /** Human text for a fix title, e.g. `account 111122223333, from keyscope.accounts`. */
  label: string;
}

/** AWS's documentation account, used when nothing better is known; the fix title says to replace it. */
export const PLACEHOLDER_ACCOUNT = '111122223333';

/**
 * Chooses the account for a fix: the only account declared in `keyscope.accounts`; else the account the
 * policy's other principals name (a declared one first); else AWS's documentation placeholder.
 */
export function chooseAccount(policy: Policy, settings: KeyscopeSettings): AccountChoice {
  const declared = Object.keys(settings.accounts ?? {});
  if (declared.length === 1) return { account: declared[0], origin: 'settings', label: `account ${declared[0]}, from keyscope.accounts` };
  const seen = accountsInPolicy(policy);
  const pick = seen.find((a) => declared.includes(a)) ?? seen[0];
  if (pick) return { account: pick, origin: 'policy', label: `account ${pick}, named elsewhere in this policy` };
  return { account: PLACEHOLDER_ACCOUNT, origin: 'placeholder', label: `placeholder account ${PLACEHOLDER_ACCOUNT}, to be replaced with yours` };
}

/** `111122223333` or `111122223333 (prod)` when the account is declared with a name. */
export function accountName(account: string, settings: KeyscopeSettings): string {
  const name = settings.accounts?.[account]?.name;
  return name ? `${account} (${name})` : account;
}
