import { GenerationMap } from '../cache';
import data from './data.json';
import { wildcardMatch } from './wildcard';

/** Matrix column an action belongs to (KMS-FACTS.md, "Matrix buckets"). */
export type Capability = 'administer' | 'readData' | 'writeData' | 'destroy' | 'readConfig';

export const CAPABILITIES: readonly Capability[] = ['administer', 'readData', 'writeData', 'destroy', 'readConfig'];

export const CAPABILITY_LABELS: Record<Capability, string> = {
  administer: 'Administer',
  readData: 'Read data',
  writeData: 'Write data',
  destroy: 'Destroy',
  readConfig: 'Read config',
};

export interface KmsAction {
  /** Canonical name without prefix, e.g. `Decrypt`. */
  name: string;
  description: string;
  accessLevel: string;
  resourceTypes: string[];
  /** Has a `key` resource: meaningful in a key policy. False for IAM-only actions such as CreateKey. */
  keyPolicy: boolean;
  capability: Capability | null;
  /** Condition keys the request for this action can carry (action and key resource keys). */
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  key: string;
  description: string;
  /** String, ARN, Bool, Numeric, Date, IPAddress. */
  type: string;
  multiValued: boolean;
  /** False for keys that only work in IAM policies (kms:ResourceAliases). Global keys are true. */
  keyPolicy: boolean;
  deprecated?: boolean;
  global?: boolean;
}

export const CATALOG_SOURCE: { package: string; version: string } = data.source;

export const ACTIONS: readonly KmsAction[] = data.actions as KmsAction[];
const byLower = new Map(ACTIONS.map((a) => [a.name.toLowerCase(), a]));

/**
 * Action values as written, found or not. A workspace's policies name a few hundred distinct values (about 60
 * KMS actions in their spellings, and other services' actions); the bound only stops values typed one
 * keystroke at a time from piling up. An entry is a short string and a shared reference.
 */
export const ACTION_NAMES_KEPT = 10_000;
const foundCache = new GenerationMap<string, KmsAction | null>({ max: ACTION_NAMES_KEPT, name: 'catalog.actions' });

/** The action named `kms:Name` (case-insensitive, as AWS matches actions). */
export function findAction(name: string): KmsAction | undefined {
  let hit = foundCache.get(name);
  if (hit === undefined) {
    const m = /^kms:(.+)$/i.exec(name);
    hit = (m && byLower.get(m[1].toLowerCase())) ?? null;
    foundCache.set(name, hit);
  }
  return hit ?? undefined;
}

/**
 * The actions each Action value matches. A list holds up to the whole catalogue (about 60 references) for a
 * wildcard: fewer entries than the name look-up, for about 2 MB at most; still far more than the distinct
 * values of a workspace.
 */
export const ACTION_PATTERNS_KEPT = 4_000;
const matchCache = new GenerationMap<string, KmsAction[]>({ max: ACTION_PATTERNS_KEPT, name: 'catalog.actionPatterns' });
/** Action names and service prefixes compare case-insensitively, as AWS matches actions. */
const IGNORE_CASE = { ignoreCase: true };

/**
 * KMS actions an Action value matches: `kms:Decrypt`, `kms:Re*`, `kms:*` or `*`. Values of other services
 * match no KMS action. Results are shared between callers (every rule asks about the same items): do not
 * mutate them.
 */
export function matchActions(pattern: string): KmsAction[] {
  let hit = matchCache.get(pattern);
  if (hit) return hit;
  if (pattern === '*') hit = [...ACTIONS];
  else {
    const m = /^([^:]*):(.*)$/.exec(pattern);
    if (!m || !wildcardMatch(m[1], 'kms', IGNORE_CASE)) hit = [];
    else hit = ACTIONS.filter((a) => wildcardMatch(m[2], a.name, IGNORE_CASE));
  }
  matchCache.set(pattern, hit);
  return hit;
}

const kmsKeys: ConditionKeyInfo[] = data.conditionKeys as ConditionKeyInfo[];
const globalKeys: ConditionKeyInfo[] = (data.globalKeys as Omit<ConditionKeyInfo, 'keyPolicy'>[]).map((k) => ({ ...k, keyPolicy: true, global: true }));
export const CONDITION_KEYS: readonly ConditionKeyInfo[] = [...kmsKeys, ...globalKeys];

const keyExact = new Map(CONDITION_KEYS.filter((k) => !/\$\{|tag-key/.test(k.key)).map((k) => [k.key.toLowerCase(), k]));
const keyPatterns = CONDITION_KEYS.filter((k) => /\$\{|tag-key/.test(k.key)).map((k) => ({
  info: k,
  prefix: k.key.replace(/(\$\{.*\}|tag-key)$/, '').toLowerCase(),
}));

/** Condition keys as written, found or not: as for action names, a few hundred in a workspace. */
export const CONDITION_KEYS_KEPT = 10_000;
const keyCache = new GenerationMap<string, ConditionKeyInfo | null>({ max: CONDITION_KEYS_KEPT, name: 'catalog.conditionKeys' });

/** A condition key's catalogue entry (case-insensitive; `kms:EncryptionContext:foo` matches its pattern). */
export function findConditionKey(key: string): ConditionKeyInfo | undefined {
  // Cached by the key as written: every rule that reads conditions asks about the same few keys.
  let hit = keyCache.get(key);
  if (hit === undefined) {
    const lower = key.toLowerCase();
    hit = keyExact.get(lower) ?? keyPatterns.find((x) => lower.startsWith(x.prefix) && lower.length > x.prefix.length)?.info ?? null;
    keyCache.set(key, hit);
  }
  return hit ?? undefined;
}

/** The catalogue's spelling of a condition key pattern, for matching an action's condition key list. */
export function canonicalKeyPattern(key: string): string | undefined {
  return findConditionKey(key)?.key;
}

/** Actions valid in a key policy, in catalogue order. */
export const KEY_POLICY_ACTIONS: readonly KmsAction[] = ACTIONS.filter((a) => a.keyPolicy);

export function actionsOfCapability(cap: Capability): KmsAction[] {
  return ACTIONS.filter((a) => a.capability === cap);
}

/** Condition operators: base names; IfExists and the ForAnyValue/ForAllValues qualifiers are parsed around them. */
export const OPERATORS: Record<string, { type: 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IPAddress' | 'ARN' | 'Null'; negated: boolean; doc: string }> = {
  StringEquals: { type: 'String', negated: false, doc: 'Exact, case-sensitive match.' },
  StringNotEquals: { type: 'String', negated: true, doc: 'Negated exact, case-sensitive match.' },
  StringEqualsIgnoreCase: { type: 'String', negated: false, doc: 'Exact match, ignoring case.' },
  StringNotEqualsIgnoreCase: { type: 'String', negated: true, doc: 'Negated exact match, ignoring case.' },
  StringLike: { type: 'String', negated: false, doc: 'Case-sensitive match with `*` and `?` wildcards.' },
  StringNotLike: { type: 'String', negated: true, doc: 'Negated case-sensitive match with `*` and `?` wildcards.' },
  NumericEquals: { type: 'Numeric', negated: false, doc: 'Numbers are equal.' },
  NumericNotEquals: { type: 'Numeric', negated: true, doc: 'Numbers are not equal.' },
  NumericLessThan: { type: 'Numeric', negated: false, doc: 'Less than.' },
  NumericLessThanEquals: { type: 'Numeric', negated: false, doc: 'Less than or equal.' },
  NumericGreaterThan: { type: 'Numeric', negated: false, doc: 'Greater than.' },
  NumericGreaterThanEquals: { type: 'Numeric', negated: false, doc: 'Greater than or equal.' },
  DateEquals: { type: 'Date', negated: false, doc: 'Dates are equal (ISO 8601 or epoch seconds).' },
  DateNotEquals: { type: 'Date', negated: true, doc: 'Dates are not equal.' },
  DateLessThan: { type: 'Date', negated: false, doc: 'Before a date.' },
  DateLessThanEquals: { type: 'Date', negated: false, doc: 'At or before a date.' },
  DateGreaterThan: { type: 'Date', negated: false, doc: 'After a date.' },
  DateGreaterThanEquals: { type: 'Date', negated: false, doc: 'At or after a date.' },
  Bool: { type: 'Bool', negated: false, doc: 'Boolean match ("true" or "false").' },
  BinaryEquals: { type: 'Binary', negated: false, doc: 'Base64-encoded binary value matches.' },
  IpAddress: { type: 'IPAddress', negated: false, doc: 'IP address in a CIDR range.' },
  NotIpAddress: { type: 'IPAddress', negated: true, doc: 'IP address not in a CIDR range.' },
  ArnEquals: { type: 'ARN', negated: false, doc: 'ARN match (case-sensitive per segment, wildcards allowed).' },
  ArnLike: { type: 'ARN', negated: false, doc: 'ARN match with `*` and `?` wildcards per segment.' },
  ArnNotEquals: { type: 'ARN', negated: true, doc: 'Negated ARN match.' },
  ArnNotLike: { type: 'ARN', negated: true, doc: 'Negated ARN match with wildcards.' },
  Null: { type: 'Null', negated: false, doc: '"true": the key is absent from the request; "false": it is present.' },
};

export interface ParsedOperator {
  base: string;
  ifExists: boolean;
  qualifier?: 'ForAnyValue' | 'ForAllValues';
  info?: (typeof OPERATORS)[string];
}

/** Splits `ForAllValues:StringLikeIfExists` into its parts; `info` is undefined for an unknown base. */
export function parseOperator(op: string): ParsedOperator {
  let rest = op;
  let qualifier: ParsedOperator['qualifier'];
  const q = /^(ForAnyValue|ForAllValues):(.*)$/.exec(rest);
  if (q) {
    qualifier = q[1] as ParsedOperator['qualifier'];
    rest = q[2];
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  return { base, ifExists, qualifier, info: OPERATORS[base] };
}
