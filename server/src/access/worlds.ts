/**
 * Deciding a cell exactly when its statements' open conditions test request keys: every combination of the
 * values that matter for those keys (each value the policy writes, an instance of each wildcard pattern, a
 * value the policy never names, and the key absent) is a world, and the cell is decided when every world
 * gives the same outcome. Bounded: past `MAX_WORLDS` combinations the cell stays open, and says so.
 */
import { findConditionKey, parseOperator } from '../catalog';
import { conditionValues, evalEntry, type ContextValue, type OpenEntry } from './conditions';

/** Worlds tried for one cell at most: 4,096 (12 two-valued keys, or 6 keys of 4 values each). */
export const MAX_WORLDS = 4096;

/** What a statement gives in a world where it applies. */
export type Outcome = 'deny' | 'allow' | 'iam' | 'none';

/** A statement whose conditions are open for the cell, with what it gives when they hold. */
export interface OpenStatement {
  entries: readonly (OpenEntry | undefined)[];
  gives: Exclude<Outcome, 'none'>;
}

/**
 * The outcome every world agrees on (`deny` when every world is denied, `none` when every world is refused and
 * some only for want of a grant); `varies` when they differ; `undecided` when the worlds cannot be built.
 */
export type WorldsResult = { outcome: Outcome } | { varies: true } | { undecided: 'too-many' | 'not-enumerable' };

const FRESH = 'keyscope-fresh-value';
const ABSENT: ContextValue = { kind: 'absent' };
const RANK: Record<Outcome, number> = { deny: 3, allow: 2, iam: 1, none: 0 };

/**
 * The outcome of a cell in every world. `base` is what the statements without open conditions give (an
 * unconditional Allow, a root grant, or none); `open` the statements whose conditions depend on the request.
 */
export function decideWorlds(base: Outcome, open: readonly OpenStatement[]): WorldsResult {
  const keys = new Map<string, ContextValue[]>();
  for (const s of open) {
    for (const o of s.entries) {
      if (!o || !o.free) return { undecided: 'not-enumerable' };
      const op = parseOperator(o.entry.operator);
      // Set operators compare sets of values: not enumerated; nor is a multivalued key under a plain operator,
      // whose meaning on a set of several values AWS leaves to the set operators.
      if (!op.info || op.qualifier || findConditionKey(o.entry.key)?.multiValued) return { undecided: 'not-enumerable' };
      const key = o.entry.key.toLowerCase();
      const values = keys.get(key) ?? [ABSENT, { kind: 'value', value: FRESH }];
      for (const v of conditionValues(o.entry.values)) {
        if (v.includes('${')) return { undecided: 'not-enumerable' };
        add(values, v);
        if (/[*?]/.test(v)) add(values, v.replace(/\*/g, '').replace(/\?/g, 'x'));
      }
      keys.set(key, values);
    }
  }
  const names = [...keys.keys()];
  let count = 1;
  for (const n of names) {
    count *= keys.get(n)!.length;
    if (count > MAX_WORLDS) return { undecided: 'too-many' };
  }
  let seen: Outcome | 'refused' | undefined;
  // Every refused world is an explicit Deny.
  let refusedOnly = true;
  const world = new Map<string, ContextValue>();
  for (let i = 0; i < count; i++) {
    let rest = i;
    for (const n of names) {
      const values = keys.get(n)!;
      world.set(n, values[rest % values.length]);
      rest = Math.floor(rest / values.length);
    }
    let outcome = base;
    for (const s of open) {
      const holds = applies(s, world);
      if (holds === undefined) return { undecided: 'not-enumerable' };
      if (holds && RANK[s.gives] > RANK[outcome]) outcome = s.gives;
    }
    // Denied or not granted: either way the request fails.
    const o = outcome === 'deny' || outcome === 'none' ? 'refused' : outcome;
    if (seen === undefined) seen = o;
    else if (seen !== o) return { varies: true };
    if (outcome === 'none') refusedOnly = false;
  }
  if (seen === 'refused') return { outcome: refusedOnly ? 'deny' : 'none' };
  return { outcome: seen ?? base };
}

function add(values: ContextValue[], v: string): void {
  if (!values.some((x) => x.kind === 'value' && x.value === v)) values.push({ kind: 'value', value: v });
}

/** Every open condition of the statement holds in the world (AND); undefined when one cannot be evaluated. */
function applies(s: OpenStatement, world: Map<string, ContextValue>): boolean | undefined {
  for (const o of s.entries) {
    const r = evalEntry(o!.entry, world.get(o!.entry.key.toLowerCase())!);
    if (r === undefined) return undefined;
    if (!r) return false;
  }
  return true;
}
