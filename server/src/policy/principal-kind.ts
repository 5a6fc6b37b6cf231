import { perNode } from '../cache';
import type { Policy, PProp } from './model';
import { readPrincipal, type PrincipalView } from './principal-view';
import { principalEntries, type PrincipalEntry } from './values';
import type { KeyscopeSettings } from '../settings';

/**
 * A principal entry of a Principal/NotPrincipal element read for the rules: the one principal view
 * (`principal-view.ts`) with the entry it came from. `symbolic` is a Terraform value whose kind is not
 * known statically; `invalid` a value KMS would reject (`invalid-principal` reports it). Rules stay silent on
 * both. A value whose account only is a template or a placeholder keeps the kind the rest of it says, with no
 * `account`: rules read `account` only as a literal 12-digit id.
 */
export interface ClassifiedPrincipal extends Omit<PrincipalView, 'text'> {
  entry: PrincipalEntry;
  /** The literal text (the resolved text for a resolved symbolic value); undefined for an unresolved one. */
  text?: string;
}

/** True for a principal the rules can judge: neither an unresolved reference nor an invalid value. */
export function isKnown(p: ClassifiedPrincipal): boolean {
  return p.kind !== 'symbolic' && p.kind !== 'invalid';
}

// An IAM/STS ARN whose partition or account is not an id the parser reads: the rest still says what kind of
// principal it is.
const LOOSE_ARN = /^arn:([^:]*):(iam|sts)::([^:]*):(.+)$/;

/** Classifies one principal entry of a Principal/NotPrincipal element. */
export function classifyPrincipal(entry: PrincipalEntry): ClassifiedPrincipal {
  const node = entry.node;
  const text = node.kind === 'string' ? node.value : node.kind === 'symbolic' ? node.resolved : undefined;
  if (text === undefined) return { entry, kind: 'symbolic', symbolic: true };
  const type = entry.type === '*' ? 'AWS' : entry.type;
  const view = readPrincipal(type, text);
  if (view.kind === 'symbolic' || !view.symbolic) return view.kind === 'invalid' ? loosely(entry, text, type, view.error) : classified(entry, view, text, view.account);
  // Expressions or placeholders stand in for the account or the names: the rest says what kind it is
  // (`user/${var.name}` is a user), the account is not known.
  return classified(entry, view, text, undefined);
}

/** The view with its entry, in one shape (rules read many of them per analysis). */
function classified(entry: PrincipalEntry, v: PrincipalView, text: string, account: string | undefined): ClassifiedPrincipal {
  return { entry, kind: v.kind, text, account, partition: v.partition, name: v.name, roleName: v.roleName, session: v.session, symbolic: v.symbolic, error: v.error };
}

function loosely(entry: PrincipalEntry, text: string, type: string, error: string | undefined): ClassifiedPrincipal {
  const m = LOOSE_ARN.exec(text);
  const unknown = (): ClassifiedPrincipal => ({ entry, text, kind: 'invalid', error });
  if (!m || m[4].startsWith('${')) return unknown();
  const again = readPrincipal(type, `arn:aws:${m[2]}::000000000000:${m[4]}`);
  if (again.kind === 'invalid') return unknown();
  return classified(entry, again, text, undefined);
}

/** Classified principals of a Principal/NotPrincipal element, computed once per element: do not mutate. */
export function classifyPrincipals(element: PProp | undefined): readonly ClassifiedPrincipal[] {
  return element ? classifiedOf(element) : [];
}

const classifiedOf = perNode((element: PProp) => principalEntries(element).map(classifyPrincipal));

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
  /** A 12-digit id, or a Terraform interpolation the policy writes for its account (`${var.account_id}`). */
  account: string;
  origin: 'settings' | 'policy' | 'expression';
  /** Human text for a fix title, e.g. `account 111122223333, from keyscope.accounts`. */
  label: string;
}

/**
 * The accounts the policy's principals write as one Terraform interpolation (`arn:aws:iam::${var.account_id}:root`
 * gives `${var.account_id}`), most frequent first.
 */
export function accountExpressionsInPolicy(policy: Policy): string[] {
  const count = new Map<string, number>();
  for (const s of policy.statements)
    for (const el of [s.principal, s.notPrincipal])
      for (const p of classifyPrincipals(el)) {
        const account = p.text === undefined || p.account ? undefined : LOOSE_ARN.exec(p.text)?.[3];
        if (account && account.startsWith('${') && account.endsWith('}') && account.indexOf('${', 2) < 0) count.set(account, (count.get(account) ?? 0) + 1);
      }
  return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([a]) => a);
}

/**
 * Chooses the account for a fix: the only account declared in `keyscope.accounts`; else the account the
 * policy's other principals name (a declared one first); else the expression they write for it
 * (`${var.account_id}`). Undefined when none is known: a fix never writes an example account.
 */
export function chooseAccount(policy: Policy, settings: KeyscopeSettings): AccountChoice | undefined {
  const declared = Object.keys(settings.accounts ?? {});
  if (declared.length === 1) return { account: declared[0], origin: 'settings', label: `account ${declared[0]}, from keyscope.accounts` };
  const seen = accountsInPolicy(policy);
  const pick = seen.find((a) => declared.includes(a)) ?? seen[0];
  if (pick) return { account: pick, origin: 'policy', label: `account ${pick}, named elsewhere in this policy` };
  const expr = accountExpressionsInPolicy(policy)[0];
  if (expr) return { account: expr, origin: 'expression', label: `account ${expr}, as this policy writes it` };
  return undefined;
}

/** What a fix naming `choice` must keep unescaped: the interpolation it copies from the policy. */
export function keptInterpolations(choice: AccountChoice): string[] | undefined {
  return choice.origin === 'expression' ? [choice.account] : undefined;
}
