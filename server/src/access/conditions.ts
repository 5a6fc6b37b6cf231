/**
 * Conditions on the caller's identity, evaluated against a matrix row. Every other condition cannot be
 * decided from the policy alone: it stays open and makes the cell `conditional`.
 */
import { canonicalKeyPattern, KEY_POLICY_ACTIONS, parseOperator } from '../catalog';
import { matchesEverything, wildcardMatch, wildcardsOverlap } from '../catalog/wildcard';
import { resultWhenAbsent } from '../policy/conditions';
import type { PNode, Statement } from '../policy/model';
import { statementRef } from '../policy/statement-name';
import { conditionEntries, type ConditionEntry } from '../policy/values';
import type { KeyscopeSettings } from '../settings';
import type { OpenCondition } from './types';
import { splitArn, type PrincipalView } from '../policy/principal-view';

/** The operator of the open condition that stands for a Terraform condition around a statement. */
export const TERRAFORM_CONDITION = 'Terraform';

/** Three-valued logic: `undefined` means "cannot be decided statically". */
export type Tri = boolean | undefined;

/** The value a condition key has in requests made by a row's identity. */
export type ContextValue =
  | { kind: 'value'; value: string }
  | { kind: 'absent' }
  | { kind: 'unknown' }
  /**
   * aws:PrincipalArn of "anyone in account X": some IAM ARN of that account; not the root user's when the
   * matrix gives the root user a row of its own (`rootApart`).
   */
  | { kind: 'inAccount'; account: string; rootApart?: boolean };

const UNKNOWN: ContextValue = { kind: 'unknown' };
const ABSENT: ContextValue = { kind: 'absent' };
const val = (value: string | undefined): ContextValue => (value === undefined ? UNKNOWN : { kind: 'value', value });

/** PrincipalView keys the evaluator decides (lower-case); any other key stays an open condition. */
export const IDENTITY_KEYS = ['aws:principalarn', 'aws:principalaccount', 'kms:calleraccount', 'aws:principalorgid', 'aws:principaltype', 'aws:principalisawsservice', 'aws:principalservicename'];

/**
 * The value of an identity condition key for requests by `who`, or undefined when `key` is not one.
 * Service principals: only aws:PrincipalIsAWSService and aws:PrincipalServiceName are decided; the
 * others are left unknown rather than guessed.
 */
export function identityValue(who: PrincipalView, key: string, settings: KeyscopeSettings): ContextValue | undefined {
  const k = key.toLowerCase();
  if (!IDENTITY_KEYS.includes(k)) return undefined;
  const iam = who.kind === 'account' || who.kind === 'role' || who.kind === 'user' || who.kind === 'session' || who.kind === 'federated-user' || who.kind === 'root-user';
  if (k === 'aws:principalisawsservice') return who.kind === 'service' ? val('true') : iam ? val('false') : UNKNOWN;
  if (k === 'aws:principalservicename') return who.kind === 'service' ? val(who.name) : iam ? ABSENT : UNKNOWN;
  if (!iam) return UNKNOWN;
  switch (k) {
    case 'aws:principalarn':
      return who.kind === 'account' ? { kind: 'inAccount', account: who.account!, rootApart: who.rootApart } : val(who.principalArn);
    case 'aws:principalaccount':
    case 'kms:calleraccount':
      return val(who.account);
    case 'aws:principaltype':
      // "Anyone in the account" is of every type: the root user, users, role sessions.
      return who.kind === 'account' ? UNKNOWN : val(who.principalType);
    default: {
      // aws:PrincipalOrgID: an account declared in settings.accounts is taken to be in settings.organizationId.
      const org = settings.organizationId;
      return org && who.account && settings.accounts[who.account] ? val(org) : UNKNOWN;
    }
  }
}

/** Evaluates one condition entry on one context value (the missing-key rules are shared with the rules). */
export function evalEntry(e: ConditionEntry, ctx: ContextValue): Tri {
  if (ctx.kind === 'absent') return resultWhenAbsent(e);
  if (ctx.kind === 'unknown') return matchesNoPrincipal(e);
  const op = parseOperator(e.operator);
  if (!op.info) return undefined;
  const patterns = conditionValues(e.values);
  // The key is present: Null "false" holds, Null "true" does not.
  if (op.base === 'Null') return patterns.some((p) => p.toLowerCase() === 'false');
  let positive: Tri = false;
  for (const p of patterns) {
    const m = matchOne(op.base, ctx, p);
    if (m === true) {
      positive = true;
      break;
    }
    if (m === undefined) positive = undefined;
  }
  return positive === undefined ? undefined : op.info.negated ? !positive : positive;
}

/**
 * An aws:PrincipalArn test under a non-Like operator whose values all hold `*` or `?`: IAM names cannot
 * contain them and the operator compares literally, so no principal's ARN equals any value. Decided when
 * the key's presence does not matter (present: the positive form is false; absent: the missing-key rules).
 */
function matchesNoPrincipal(e: ConditionEntry): Tri {
  if (e.key.toLowerCase() !== 'aws:principalarn') return undefined;
  const op = parseOperator(e.operator);
  if (!op.info || op.qualifier || !/^String(Not)?Equals(IgnoreCase)?$/.test(op.base)) return undefined;
  const values = conditionValues(e.values);
  if (values.length === 0 || !values.every((v) => /[*?]/.test(v) && !v.includes('${'))) return undefined;
  const present = op.info.negated === true;
  return resultWhenAbsent(e) === present ? present : undefined;
}

function matchOne(base: string, ctx: ContextValue, pattern: string): Tri {
  const b = base.replace(/^(String|Arn)Not/, '$1');
  if (ctx.kind === 'inAccount') return matchAccountArns(b, ctx.account, pattern, ctx.rootApart === true);
  if (ctx.kind !== 'value') return undefined;
  const v = ctx.value;
  // Terraform templates and policy variables (${aws:username}) are not known statically.
  if (v.includes('${') || pattern.includes('${')) return v === pattern ? true : undefined;
  switch (b) {
    case 'StringEquals':
      return v === pattern;
    case 'StringEqualsIgnoreCase':
      return v.toLowerCase() === pattern.toLowerCase();
    case 'StringLike':
      return wildcardMatch(pattern, v);
    case 'ArnEquals':
    case 'ArnLike':
      return arnLike(pattern, v);
    case 'Bool':
      return v.toLowerCase() === pattern.toLowerCase();
    default:
      return undefined;
  }
}

/** ArnEquals/ArnLike: each of the six colon-separated parts is matched on its own, with wildcards. */
function arnLike(pattern: string, arn: string): boolean {
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (p.length !== 6 || a.length !== 6) return wildcardMatch(pattern, arn);
  return p.every((part, i) => wildcardMatch(part, a[i]));
}

/**
 * The service and resource parts aws:PrincipalArn can have: the root user, roles (a session's aws:PrincipalArn
 * is its role's ARN), users, and federated users (KMS-FACTS.md, "Principals").
 */
const PRINCIPAL_ARN_SHAPES: readonly [service: string, resource: string][] = [
  ['iam', 'root'],
  ['iam', 'role/*'],
  ['iam', 'user/*'],
  ['sts', 'federated-user/*'],
];

/** Does a pattern match every, no, or some IAM principal ARN of `account`? */
function matchAccountArns(base: string, account: string, pattern: string, rootApart: boolean): Tri {
  if (pattern.includes('${') || account.includes('${')) return undefined;
  const p = splitArn(pattern);
  if (p.length !== 6) return undefined;
  const like = base === 'StringLike' || base === 'ArnLike' || base === 'ArnEquals';
  // Under a Like operator both the pattern and the shapes have wildcards: some ARN must match both. Otherwise
  // the value is compared literally, so it must itself be one of the shapes.
  const part = (written: string, value: string) => (like ? wildcardMatch(written, value) : written === value);
  // IAM names cannot contain `*` or `?`: under a literal comparison such a value names no principal.
  const shape = (written: string, s: string) => (like ? wildcardsOverlap(written, s) : !/[*?]/.test(written) && wildcardMatch(s, written));
  if (!part(p[4], account) || !part(p[3], '')) return false;
  const shapes = rootApart ? PRINCIPAL_ARN_SHAPES.slice(1) : PRINCIPAL_ARN_SHAPES;
  if (!shapes.some(([service, resource]) => part(p[2], service) && shape(p[5], resource))) return false;
  return like && p[2] === 'iam' && matchesEverything(p[5]) ? true : undefined;
}

/** Literal text of condition values; Terraform expressions become `${expr}` so that they stay undecided. */
export function conditionValues(nodes: PNode[]): string[] {
  return nodes.map((n) => (n.kind === 'symbolic' ? '${' + n.expr + '}' : n.kind === 'string' || n.kind === 'number' || n.kind === 'boolean' ? String(n.value) : '${?}'));
}

/**
 * Condition values as a reader sees them, when some are Terraform expressions that stay unknown with a note:
 * each such one labelled as principals are (`var.account_id (a value, from terraform.tfvars:3)`). Undefined
 * when there is none (the values read as they are).
 */
export function conditionLabels(nodes: PNode[]): string[] | undefined {
  if (!nodes.some((n) => n.kind === 'symbolic' && n.unknownAs)) return undefined;
  return nodes.map((n) => {
    if (n.kind !== 'symbolic' || !n.unknownAs) return conditionValues([n])[0];
    const what = n.unknownAs.list ? 'values' : 'a value';
    return `${n.expr} (${n.unknownAs.origin ? `${what}, ${n.unknownAs.origin}` : what})`;
  });
}

export interface ConditionOutcome {
  /** true: the condition holds for this row; false: it does not; undefined: it depends on the request. */
  result: Tri;
  /** The conditions that remain open (empty unless `result` is undefined). */
  open: OpenCondition[];
  /** The entry each open condition was read from, in the same order (none for a Terraform condition). */
  entries: (OpenEntry | undefined)[];
}

/**
 * An open condition's entry. `free`: its key is a request key whose value no row fixes (not an identity key the
 * row decides, such as "some ARN of the account" for an account's row), so any value may be tried for it.
 */
export interface OpenEntry {
  entry: ConditionEntry;
  free: boolean;
}

/** Evaluates a statement's Condition block for a row: every entry must hold (AND). */
export function evalConditions(s: Statement, effect: 'Allow' | 'Deny', who: PrincipalView, settings: KeyscopeSettings): ConditionOutcome {
  const open: OpenCondition[] = [];
  const entries: (OpenEntry | undefined)[] = [];
  // A statement written under a Terraform condition not known here holds only when that condition does.
  if (s.optionalIf) {
    open.push({ statementIndex: s.index, statement: statementRef(s, s.index), operator: TERRAFORM_CONDITION, key: s.optionalIf, values: [], effect });
    entries.push(undefined);
  }
  for (const e of conditionEntries(s)) {
    const ctx = identityValue(who, e.key, settings);
    const r = ctx ? evalEntry(e, ctx) : undefined;
    if (r === false) return { result: false, open: [], entries: [] };
    if (r === undefined) {
      const labels = conditionLabels(e.values);
      open.push({ statementIndex: s.index, statement: statementRef(s, s.index), operator: e.operator, key: e.key, values: conditionValues(e.values), effect, ...(labels ? { labels } : {}) });
      entries.push({ entry: e, free: !ctx || ctx.kind === 'unknown' });
    }
  }
  return { result: open.length ? undefined : true, open, entries };
}

const ACTIONS_BY_NAME = new Map(KEY_POLICY_ACTIONS.map((a) => [a.name, a]));

/**
 * How an open condition reads for one action: a kms: key that the action's requests never carry (the
 * catalogue lists the keys each action carries, as `condition-never-present` reads them) is absent, so the
 * missing-key rules decide it (a positive operator false; a negated one, `IfExists` and `ForAllValues`
 * true); undefined when the condition still depends on the request. Global aws: keys are left open.
 */
export function absentForAction(e: ConditionEntry, action: string): Tri {
  if (!/^kms:/i.test(e.key)) return undefined;
  const canon = canonicalKeyPattern(e.key);
  const a = ACTIONS_BY_NAME.get(action);
  if (!canon || !a || a.conditionKeys.includes(canon)) return undefined;
  return resultWhenAbsent(e);
}
