/**
 * Condition analysis shared by the security rules and the access evaluator: what a statement's Condition
 * element guarantees about a request. The reasoning follows AWS's evaluation: a key absent from the request
 * makes a positive operator false, and makes negated operators, `...IfExists`, `ForAllValues` and
 * `Null: "true"` true.
 */
import { parseOperator } from '../catalog';
import type { PNode, Policy, Statement } from './model';
import { arnAccount, namesAnAccount } from './placeholders';
import { conditionEntries, effectOf, itemsOf, type ConditionEntry } from './values';

/** Keys every request to KMS carries, so `...IfExists` on them does not let a request through untested. */
const ALWAYS_PRESENT = new Set(['kms:calleraccount', 'aws:principalaccount', 'aws:principalarn', 'aws:userid', 'aws:principaltype']);

/** Keys that name the caller's identity: an Allow to `*` tested on one of them is not public. */
export const CALLER_KEYS: readonly string[] = [
  'kms:CallerAccount',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalArn',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:userid',
];

/** Keys that bind a service principal's request to a resource or account (the confused-deputy guard). */
export const SOURCE_KEYS: readonly string[] = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'kms:CallerAccount'];

const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);

/**
 * The result of a condition entry for a request that lacks its key, or undefined when it cannot be told
 * (an unknown operator, a `Null` test with a non-literal value).
 */
export function resultWhenAbsent(e: ConditionEntry): boolean | undefined {
  const op = parseOperator(e.operator);
  if (!op.info) return undefined;
  if (op.base === 'Null') {
    const v = e.values.length === 1 ? literal(e.values[0]) : undefined;
    return v === 'true' ? true : v === 'false' ? false : undefined;
  }
  if (op.qualifier === 'ForAllValues') return true;
  if (op.qualifier === 'ForAnyValue') return false;
  return op.ifExists || op.info.negated;
}

/**
 * True when, in an Allow, the entry admits only requests whose key has one of the listed values: a
 * positive operator that fails on an absent key, and no catch-all value (a wildcard account, `*`).
 */
export function restricts(e: ConditionEntry): boolean {
  if (!positive(e)) return false;
  const op = parseOperator(e.operator);
  const like = /Like$/.test(op.base) || op.base.startsWith('Arn');
  return e.values.every((v) => !isCatchAll(e.key, v, like));
}

/** A positive test that fails when the key is absent (IfExists only on keys every request carries). */
function positive(e: ConditionEntry): boolean {
  const op = parseOperator(e.operator);
  if (!op.info || op.info.negated || op.base === 'Null' || op.qualifier === 'ForAllValues') return false;
  // An empty value list (`"aws:PrincipalArn": []`, as k9's generator writes for an unused capability) matches
  // no request: the statement admits nobody, which restricts as much as anything can.
  return !op.ifExists || ALWAYS_PRESENT.has(e.key.toLowerCase());
}

/** A value that, under a wildcard-matching operator, lets any caller or any account through. */
function isCatchAll(key: string, v: PNode, like: boolean): boolean {
  const text = literal(v);
  if (text === undefined) return false; // a Terraform reference names something specific
  if (!like) return false;
  if (/^[*?]*$/.test(text)) return true;
  if (ARN_KEYS.has(key.toLowerCase())) return /[*?]/.test(text.split(':')[4] ?? '');
  return /[*?]/.test(text);
}

/**
 * True when, in a Deny, the entry makes the Deny apply to every request whose key is not one of the listed
 * values (and to requests without the key): a negated operator with specific values, as in a k9-style
 * "DenyEveryoneElse" statement.
 */
export function excludesOthers(e: ConditionEntry): boolean {
  const op = parseOperator(e.operator);
  if (!op.info || !op.info.negated || op.qualifier) return false;
  if (op.ifExists && !ALWAYS_PRESENT.has(e.key.toLowerCase())) return false;
  if (e.values.length === 0) return false;
  const like = /Like$/.test(op.base) || op.base.startsWith('Arn');
  return e.values.every((v) => !isCatchAll(e.key, v, like));
}

/**
 * A Deny statement that denies every KMS action to every principal outside named identities (its only
 * condition tests a caller key with a negated operator). With one in place, an Allow to `*` is not public.
 */
export function callerGuard(policy: Policy): Statement | undefined {
  return policy.statements.find((s) => {
    if (effectOf(s) !== 'Deny' || !s.principal || !isEveryone(s.principal.value)) return false;
    if (!itemsOf(s.action?.value).some((n) => n.kind === 'string' && (n.value === '*' || /^kms:\*$/i.test(n.value)))) return false;
    const entries = conditionEntries(s);
    const callers = new Set(CALLER_KEYS.map((k) => k.toLowerCase()));
    return entries.length === 1 && callers.has(entries[0].key.toLowerCase()) && excludesOthers(entries[0]);
  });
}

/** `"*"` or `{"AWS": "*"}` (also in a list). */
function isEveryone(v: PNode): boolean {
  if (v.kind === 'string') return v.value === '*';
  if (v.kind !== 'object') return false;
  return v.props.some((p) => p.key === 'AWS' && itemsOf(p.value).some((n) => n.kind === 'string' && n.value === '*'));
}

/** The first entry of `s` on one of `keys` (case-insensitive) that restricts the request, if any. */
export function restrictingEntry(s: Statement, keys: readonly string[]): ConditionEntry | undefined {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return conditionEntries(s).find((e) => wanted.has(e.key.toLowerCase()) && restricts(e));
}

/** The entry that keeps an Allow from applying to callers outside known identities (see CALLER_KEYS). */
export function callerNarrowing(s: Statement): ConditionEntry | undefined {
  return restrictingEntry(s, CALLER_KEYS);
}

/**
 * The entry that binds a service principal's use of the key to a source: aws:SourceAccount/SourceArn/
 * SourceOrgID/SourceOrgPaths, kms:CallerAccount, or an encryption context that names a resource ARN in a
 * specific account (the CloudWatch Logs and CloudTrail patterns in the KMS Developer Guide).
 */
export function sourceScope(s: Statement): ConditionEntry | undefined {
  return (
    restrictingEntry(s, SOURCE_KEYS) ??
    conditionEntries(s).find((e) => /^kms:EncryptionContext:/i.test(e.key) && positive(e) && e.values.every(bindsAccountArn))
  );
}

/**
 * An ARN value whose account segment names one account: a literal id, a Terraform interpolation
 * (`arn:aws:cloudtrail:*:${var.account_id}:trail/*`) or a placeholder; not a wildcard. A whole Terraform
 * expression is taken to be such an ARN.
 */
function bindsAccountArn(v: PNode): boolean {
  if (v.kind === 'symbolic') return true;
  const text = v.kind === 'string' ? (v.template ? (v.resolved ?? v.value) : v.value) : undefined;
  const account = text === undefined ? undefined : arnAccount(text);
  return account !== undefined && namesAnAccount(account);
}

/** True when the statement tests `key` with Bool/BoolIfExists (or its ForAnyValue form) for `true`. */
export function requiresTrue(s: Statement, key: string): boolean {
  const k = key.toLowerCase();
  return conditionEntries(s).some((e) => {
    const op = parseOperator(e.operator);
    return e.key.toLowerCase() === k && op.base === 'Bool' && op.qualifier !== 'ForAllValues' && e.values.length > 0 && e.values.every((v) => literal(v) === 'true');
  });
}

/** A scalar's text (`true` for the boolean and the string alike); undefined for symbolic values and containers. */
export function literal(v: PNode): string | undefined {
  if (v.kind === 'string') return v.template ? undefined : v.value;
  if (v.kind === 'boolean' || v.kind === 'number') return String(v.value);
  return undefined;
}
