import { EvalError, LIMITS, asNumber, asText, bool, equals, list, num, object, str, typeOf, unknown, type Unknown, type Value, type VList } from '../value';
import { arity, listArg, mapArg, type TfFunction } from './args';

function bounded(items: Value[], name: string): Value[] {
  if (items.length > LIMITS.items) throw new EvalError(`${name}: more than ${LIMITS.items} elements`);
  return items;
}

/** The element kind of an unknown list argument (what its elements are known to be). */
function elementKind(v: Unknown, label: string): Unknown {
  return v.element ?? unknown('any', `an element of ${v.label || label}`);
}

/** `concat(lists...)`: known elements in order; an unknown list adds elements of its kind, how many unknown. */
function concat(args: Value[], label: string): Value {
  arity('concat', args, 1, Infinity);
  const items: Value[] = [];
  let more: Unknown | undefined;
  for (const a of args) {
    if (a.t === 'unknown') {
      if (a.type !== 'list' && a.type !== 'any') throw new EvalError(`concat: a list is required, not a ${a.type}`);
      more ??= elementKind(a, label);
      continue;
    }
    const l = listArg('concat', a);
    items.push(...l.items);
    if (l.more) more ??= l.more;
  }
  return list(bounded(items, 'concat'), more);
}

/** `flatten(list)`: nested lists (and sets) replaced by their elements, at any depth. */
function flatten(args: Value[], label: string): Value {
  arity('flatten', args, 1);
  const a = args[0];
  if (a.t === 'unknown') return unknown('list', label);
  const items: Value[] = [];
  let more: Unknown | undefined;
  const walk = (l: VList, depth: number) => {
    if (depth > LIMITS.depth) throw new EvalError('flatten: nested too deeply');
    for (const i of l.items) {
      if (i.t === 'list') walk(i, depth + 1);
      else if (i.t === 'unknown' && (i.type === 'list' || i.type === 'any')) more ??= i.type === 'list' ? elementKind(i, label) : unknown('any', label);
      else items.push(i);
      if (items.length > LIMITS.items) throw new EvalError('flatten: too many elements');
    }
    if (l.more) more ??= l.more.type === 'list' ? elementKind(l.more, label) : l.more;
  };
  walk(listArg('flatten', a), 0);
  return list(items, more);
}

/** Elements of `l` without repeats (the first of each kept), unknown ones kept. */
function distinctItems(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const i of items) if (!out.some((o) => equals(o, i) === true)) out.push(i);
  return out;
}

function distinct(args: Value[], label: string): Value {
  arity('distinct', args, 1);
  const a = args[0];
  if (a.t === 'unknown') return a.type === 'list' ? { ...a, label } : unknown('list', label);
  const l = listArg('distinct', a);
  return list(distinctItems(l.items), l.more);
}

/** `compact(list)`: without null and empty strings. */
function compact(args: Value[], label: string): Value {
  arity('compact', args, 1);
  const a = args[0];
  if (a.t === 'unknown') return a.type === 'list' ? { ...a, label } : unknown('list', label);
  const l = listArg('compact', a);
  return list(l.items.filter((i) => i.t !== 'null' && !(i.t === 'string' && i.v === '')), l.more);
}

/** `merge(maps...)`: the later argument wins a repeated key; null arguments are skipped. */
function merge(args: Value[], label: string): Value {
  const entries = new Map<string, Value>();
  for (const a of args) {
    if (a.t === 'null') continue;
    if (a.t === 'unknown') return unknown('map', label);
    for (const [k, v] of mapArg('merge', a).props) entries.set(k, v);
  }
  return object(entries);
}

/** `lookup(map, key, default)`. */
function lookup(args: Value[], label: string): Value {
  arity('lookup', args, 2, 3);
  const [m, k, d] = args;
  if (k.t === 'unknown') return unknown('any', label);
  const key = asText(k);
  if (key === undefined) throw new EvalError('lookup: the key must be a string');
  if (m.t === 'unknown') return m.element ? { ...m.element, label } : unknown(d ? typeOf(d) : 'any', label);
  const got = mapArg('lookup', m).props.get(key);
  if (got !== undefined) return got;
  if (d) return d;
  throw new EvalError(`lookup: no key "${key}" and no default`);
}

/** `element(list, index)`: the index wraps around, negative ones from the end. */
function element(args: Value[], label: string): Value {
  arity('element', args, 2);
  const [l, i] = args;
  if (l.t === 'unknown') return l.element ? { ...l.element, label } : unknown('any', label);
  const items = listArg('element', l);
  if (i.t === 'unknown' || items.more) return unknown('any', label);
  if (items.items.length === 0) throw new EvalError('element: the list is empty');
  const n = asNumber(i, 'element');
  if (!Number.isInteger(n)) throw new EvalError('element: the index must be a whole number');
  const len = items.items.length;
  return items.items[((n % len) + len) % len];
}

/** `coalesce(values...)`: the first that is neither null nor an empty string. */
function coalesce(args: Value[], label: string): Value {
  arity('coalesce', args, 1, Infinity);
  for (const a of args) {
    if (a.t === 'unknown') return unknown(a.type, label);
    if (a.t === 'null' || (a.t === 'string' && a.v === '')) continue;
    return a;
  }
  throw new EvalError('coalesce: no non-null, non-empty argument');
}

/** `coalescelist(lists...)`: the first list that is not empty. */
function coalescelist(args: Value[], label: string): Value {
  arity('coalescelist', args, 1, Infinity);
  for (const a of args) {
    if (a.t === 'unknown') return unknown('list', label, { element: a.element });
    const l = listArg('coalescelist', a);
    if (l.items.length > 0) return l;
    if (l.more) return unknown('list', label, { element: l.more });
  }
  throw new EvalError('coalescelist: no non-empty list');
}

function keys(args: Value[], label: string): Value {
  arity('keys', args, 1);
  const m = args[0];
  if (m.t === 'unknown') return unknown('list', label, { element: unknown('string', `a key of ${m.label}`) });
  return list([...mapArg('keys', m).props.keys()].map(str));
}

function values(args: Value[], label: string): Value {
  arity('values', args, 1);
  const m = args[0];
  if (m.t === 'unknown') return unknown('list', label, { element: m.element });
  return list([...mapArg('values', m).props.values()]);
}

function length(args: Value[], label: string): Value {
  arity('length', args, 1);
  const v = args[0];
  if (v.t === 'string') return num([...v.v].length);
  if (v.t === 'list') return v.more ? unknown('number', label) : num(v.items.length);
  if (v.t === 'object') return num(v.props.size);
  if (v.t === 'unknown') return unknown('number', label);
  throw new EvalError(`length: a ${v.t} has no length`);
}

/** `contains(list, value)`: unknown when the value is not among the known elements but could be among the rest. */
function contains(args: Value[], label: string): Value {
  arity('contains', args, 2);
  const [l, v] = args;
  if (l.t === 'unknown') return unknown('bool', label);
  const items = listArg('contains', l);
  let maybe = !!items.more;
  for (const i of items.items) {
    const e = equals(i, v);
    if (e === true) return bool(true);
    if (e === undefined) maybe = true;
  }
  return maybe ? unknown('bool', label) : bool(false);
}

function zipmap(args: Value[], label: string): Value {
  arity('zipmap', args, 2);
  const [k, v] = args;
  if (k.t === 'unknown' || v.t === 'unknown') return unknown('map', label, { element: v.t === 'unknown' ? v.element : undefined });
  const ks = listArg('zipmap', k);
  const vs = listArg('zipmap', v);
  if (ks.more || vs.more) return unknown('map', label);
  if (ks.items.length !== vs.items.length) throw new EvalError('zipmap: the lists have different lengths');
  const entries: [string, Value][] = [];
  for (let i = 0; i < ks.items.length; i++) {
    const key = ks.items[i];
    if (key.t === 'unknown') return unknown('map', label);
    const t = asText(key);
    if (t === undefined) throw new EvalError('zipmap: keys must be strings');
    entries.push([t, vs.items[i]]);
  }
  return object(entries);
}

/** `setproduct(sets...)`: every combination, one element of each. */
function setproduct(args: Value[], label: string): Value {
  arity('setproduct', args, 1, Infinity);
  let rows: Value[][] = [[]];
  for (const a of args) {
    if (a.t === 'unknown') return unknown('list', label);
    const l = listArg('setproduct', a);
    if (l.more) return unknown('list', label);
    const next: Value[][] = [];
    for (const r of rows) for (const i of l.items) {
      next.push([...r, i]);
      if (next.length > LIMITS.items) throw new EvalError('setproduct: too many combinations');
    }
    rows = next;
  }
  return list(rows.map((r) => list(r)));
}

export const COLLECTION_FUNCTIONS: [string, TfFunction][] = [
  ['concat', concat],
  ['flatten', flatten],
  ['distinct', distinct],
  ['compact', compact],
  ['merge', merge],
  ['lookup', lookup],
  ['element', element],
  ['coalesce', coalesce],
  ['coalescelist', coalescelist],
  ['keys', keys],
  ['values', values],
  ['length', length],
  ['contains', contains],
  ['zipmap', zipmap],
  ['setproduct', setproduct],
];

export { distinctItems };
