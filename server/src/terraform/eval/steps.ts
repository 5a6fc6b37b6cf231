import { EvalError, LIMITS, asNumber, list, unknown, type Unknown, type Value } from './value';

/** One step after a primary expression: `.name`, `[key]`, or a splat with the steps it applies to each element. */
export type Step = { k: 'attr'; name: string; end: number } | { k: 'index'; key: Value; end: number } | { k: 'splat'; rest: Step[]; end: number };

/**
 * Applies attribute, index and splat steps to a value. `label(end)` is the source text of the expression up to
 * an offset: what an unknown result is called (`var.roles[0]`).
 */
export function applySteps(value: Value, steps: Step[], label: (end: number) => string): Value {
  let v = value;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (s.k === 'splat') return splat(v, s.rest, label(steps[steps.length - 1].end), label);
    v = step(v, s, label);
  }
  return v;
}

function step(v: Value, s: Exclude<Step, { k: 'splat' }>, label: (end: number) => string): Value {
  if (v.t === 'unknown') return elementOf(v, label(s.end));
  if (s.k === 'attr') {
    if (v.t === 'object') {
      const got = v.props.get(s.name);
      if (got === undefined) throw new EvalError(`no attribute "${s.name}"`);
      return got;
    }
    if (v.t === 'null') throw new EvalError(`attribute "${s.name}" of a null value`);
    throw new EvalError(`attribute "${s.name}" of a ${v.t}`);
  }
  const key = s.key;
  if (key.t === 'unknown') return v.t === 'list' && v.items.length === 0 && !v.more ? unknown('any', label(s.end)) : elementKind(v, label(s.end));
  if (v.t === 'list') {
    const i = asNumber(key, 'index');
    if (!Number.isInteger(i) || i < 0) throw new EvalError(`invalid index ${i}`);
    if (v.more) return v.more.type === 'any' ? unknown('any', label(s.end)) : { ...v.more, label: label(s.end) };
    if (v.set) throw new EvalError('a set cannot be indexed');
    if (i >= v.items.length) throw new EvalError(`index ${i} out of range for a list of ${v.items.length}`);
    return v.items[i];
  }
  if (v.t === 'object') {
    const k = key.t === 'string' ? key.v : key.t === 'number' ? String(key.v) : undefined;
    if (k === undefined) throw new EvalError('a map key must be a string');
    const got = v.props.get(k);
    if (got === undefined) throw new EvalError(`no key "${k}"`);
    return got;
  }
  if (v.t === 'null') throw new EvalError('index of a null value');
  throw new EvalError(`a ${v.t} cannot be indexed`);
}

/** An element of an unknown collection: its element kind when known, else an unknown named by `label`. */
function elementOf(v: Unknown, label: string): Unknown {
  if (v.element && (v.type === 'list' || v.type === 'map')) return { ...v.element, label };
  return unknown('any', label);
}

/** The kind of any element of a known collection indexed by an unknown key. */
function elementKind(v: Value, label: string): Unknown {
  if (v.t === 'list' && v.items.length > 0 && v.items.every((i) => i.t === v.items[0].t && i.t !== 'list' && i.t !== 'object')) {
    const t = v.items[0].t;
    return unknown(t === 'string' || t === 'number' || t === 'bool' ? t : 'any', label);
  }
  return unknown('any', label);
}

function splat(v: Value, rest: Step[], whole: string, label: (end: number) => string): Value {
  if (v.t === 'null') return list([]);
  if (v.t === 'unknown') {
    if (v.type !== 'list' && v.type !== 'any') return unknown('list', whole);
    const element = v.element ?? unknown('any', `${v.label}[*]`);
    const mapped = applySteps(element, rest, () => `${whole}`);
    return unknown('list', whole, { element: mapped.t === 'unknown' ? mapped : unknown('any', whole) });
  }
  if (v.t !== 'list') return list([applySteps(v, rest, label)]);
  if (v.items.length > LIMITS.items) throw new EvalError('list too long');
  const items = v.items.map((i) => applySteps(i, rest, label));
  const more = v.more ? applySteps(v.more, rest, () => whole) : undefined;
  return list(items, more && more.t === 'unknown' ? more : more ? unknown('any', whole) : undefined);
}
