/**
 * The values of Terraform expressions, as `terraform plan` sees them (after HashiCorp's cty): a value is
 * known (string, number, bool, null, a list/tuple/set, a map/object) or unknown with a kind. An unknown
 * string may know part of its text (`arn:aws:iam::<var.account_id>:role/admin`), an unknown list the kind of
 * its elements, and a list may know some elements and not how many more follow. Nothing here guesses: an
 * operation whose result depends on what is unknown gives an unknown of the result's kind.
 */

export type Value = VString | VNumber | VBool | VNull | VList | VObject | Unknown;

export interface VString {
  t: 'string';
  v: string;
}
export interface VNumber {
  t: 'number';
  v: number;
}
export interface VBool {
  t: 'bool';
  v: boolean;
}
export interface VNull {
  t: 'null';
}
/** A list, tuple or set (`set`: no duplicates, no order that matters). */
export interface VList {
  t: 'list';
  items: Value[];
  set?: boolean;
  /** Elements of this kind may follow the known ones, how many is not known (`concat(["a"], var.more)`). */
  more?: Unknown;
}
/** A map or object; keys in the order Terraform iterates them (lexical). */
export interface VObject {
  t: 'object';
  props: Map<string, Value>;
}

/** The type an unknown value is known to have. */
export type UnknownType = 'string' | 'number' | 'bool' | 'list' | 'map' | 'any';

/** A hole in the text of a partly known string: what it stands for. */
export interface Hole {
  /** The expression it comes from, or a short description (`this account`). */
  text: string;
}

export interface Unknown {
  t: 'unknown';
  type: UnknownType;
  /** The expression or description a person reads for it (`var.admin_arns`, `this account`). */
  label: string;
  /** For a string: its text, known parts and holes, when some part is known. */
  parts?: (string | Hole)[];
  /** For a list or map: the kind of its elements, when known. */
  element?: Unknown;
}

export const NULL: VNull = { t: 'null' };
export const TRUE: VBool = { t: 'bool', v: true };
export const FALSE: VBool = { t: 'bool', v: false };

export function str(v: string): VString {
  return { t: 'string', v };
}
export function num(v: number): VNumber {
  return { t: 'number', v };
}
export function bool(v: boolean): VBool {
  return v ? TRUE : FALSE;
}
export function list(items: Value[], more?: Unknown): VList {
  return more ? { t: 'list', items, more } : { t: 'list', items };
}
export function object(entries: Iterable<[string, Value]>): VObject {
  return { t: 'object', props: new Map([...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) };
}
export function unknown(type: UnknownType, label: string, extra?: { parts?: (string | Hole)[]; element?: Unknown }): Unknown {
  const u: Unknown = { t: 'unknown', type, label };
  if (extra?.parts && extra.parts.some((p) => typeof p === 'string' && p.length > 0)) u.parts = extra.parts;
  if (extra?.element) u.element = extra.element;
  return u;
}

/**
 * An evaluation error, as Terraform would report it (an index out of range, a missing attribute, a value of
 * the wrong type). `try` and `can` catch it; elsewhere the expression evaluates to an unknown.
 */
export class EvalError extends Error {}

/** Bounds on what one evaluation may build, whatever the text says. */
export const LIMITS = {
  /** Nested evaluation (expressions within expressions, references to locals that refer to others). */
  depth: 64,
  /** Elements of one list or map. */
  items: 10_000,
  /** Characters of one string. */
  chars: 100_000,
  /** Steps of one evaluator (every node evaluated, every element of a `for` counts one). */
  steps: 500_000,
};

/** True when nothing in `v` is unknown. */
export function isWhollyKnown(v: Value, depth = 0): boolean {
  if (depth > LIMITS.depth) return false;
  if (v.t === 'unknown') return false;
  if (v.t === 'list') return !v.more && v.items.every((i) => isWhollyKnown(i, depth + 1));
  if (v.t === 'object') return [...v.props.values()].every((i) => isWhollyKnown(i, depth + 1));
  return true;
}

/** What kind of value `v` is, as an unknown of the same type (for results built from it). */
export function typeOf(v: Value): UnknownType {
  switch (v.t) {
    case 'string':
    case 'number':
    case 'bool':
      return v.t;
    case 'list':
      return 'list';
    case 'object':
      return 'map';
    case 'unknown':
      return v.type;
    default:
      return 'any';
  }
}

/** Terraform's `==`: true, false, or undefined when it depends on what is unknown. */
export function equals(a: Value, b: Value, depth = 0): boolean | undefined {
  if (depth > LIMITS.depth) return undefined;
  if (a.t === 'unknown' || b.t === 'unknown') return undefined;
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'string':
    case 'number':
    case 'bool':
      return a.v === (b as VString | VNumber | VBool).v;
    case 'null':
      return true;
    case 'list': {
      const l = b as VList;
      if (a.more || l.more) return undefined;
      if (a.items.length !== l.items.length) return false;
      let all: boolean | undefined = true;
      for (let i = 0; i < a.items.length; i++) {
        const e = equals(a.items[i], l.items[i], depth + 1);
        if (e === false) return false;
        if (e === undefined) all = undefined;
      }
      return all;
    }
    case 'object': {
      const o = b as VObject;
      if (a.props.size !== o.props.size) return false;
      let all: boolean | undefined = true;
      for (const [k, v] of a.props) {
        const w = o.props.get(k);
        if (!w) return false;
        const e = equals(v, w, depth + 1);
        if (e === false) return false;
        if (e === undefined) all = undefined;
      }
      return all;
    }
  }
}

/** A string as Terraform converts a primitive to one (`${5}` -> "5"); undefined for other values. */
export function asText(v: Value): string | undefined {
  if (v.t === 'string') return v.v;
  if (v.t === 'number') return numberText(v.v);
  if (v.t === 'bool') return v.v ? 'true' : 'false';
  return undefined;
}

export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** A number from a number or a numeric string, as Terraform converts; throws otherwise. */
export function asNumber(v: Value, what: string): number {
  if (v.t === 'number') return v.v;
  if (v.t === 'string') {
    const t = v.v.trim();
    const n = t === '' ? NaN : Number(t);
    if (Number.isFinite(n)) return n;
  }
  throw new EvalError(`${what}: a number is required`);
}

/** A bool from a bool or "true"/"false", as Terraform converts; throws otherwise. */
export function asBool(v: Value, what: string): boolean {
  if (v.t === 'bool') return v.v;
  if (v.t === 'string' && (v.v === 'true' || v.v === 'false')) return v.v === 'true';
  throw new EvalError(`${what}: a bool is required`);
}

/**
 * A short, stable text of a value (for memo keys and tests): known values as JSON-like text, unknowns as
 * `(unknown <type> <label>)`. Bounded in length.
 */
export function fingerprint(v: Value, max = 4_000): string {
  let out = '';
  const walk = (x: Value, depth: number): void => {
    if (out.length > max) return;
    if (depth > LIMITS.depth) {
      out += '…';
      return;
    }
    switch (x.t) {
      case 'string':
        out += JSON.stringify(x.v);
        return;
      case 'number':
        out += numberText(x.v);
        return;
      case 'bool':
        out += String(x.v);
        return;
      case 'null':
        out += 'null';
        return;
      case 'list':
        out += x.set ? 'set[' : '[';
        x.items.forEach((i, n) => {
          if (n) out += ', ';
          walk(i, depth + 1);
        });
        if (x.more) {
          out += x.items.length ? ', ...' : '...';
          walk(x.more, depth + 1);
        }
        out += ']';
        return;
      case 'object':
        out += '{';
        [...x.props].forEach(([k, val], n) => {
          out += `${n ? ', ' : ''}${JSON.stringify(k)}: `;
          walk(val, depth + 1);
        });
        out += '}';
        return;
      case 'unknown':
        out += `(unknown ${x.type} ${x.parts ? JSON.stringify(shapeText(x.parts, (h) => `<${h.text}>`)) : x.label}`;
        if (x.element) {
          out += ' of ';
          walk(x.element, depth + 1);
        }
        out += ')';
        return;
    }
  };
  walk(v, 0);
  return out.length > max ? out.slice(0, max) + '…' : out;
}

/** The text of a partly known string, each hole written by `hole`. */
export function shapeText(parts: readonly (string | Hole)[], hole: (h: Hole) => string): string {
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : hole(p);
  return out;
}

/** The parts of a string value: its text, or the parts of an unknown string (one hole when none is known). */
export function partsOf(v: Value): (string | Hole)[] | undefined {
  const t = asText(v);
  if (t !== undefined) return [t];
  if (v.t === 'unknown' && (v.type === 'string' || v.type === 'any' || v.type === 'number' || v.type === 'bool')) return v.parts ?? [{ text: v.label }];
  return undefined;
}

/** Joins parts into a string value: known when every part is text, else an unknown string with these parts. */
export function joinParts(parts: (string | Hole)[], label: string): Value {
  const merged: (string | Hole)[] = [];
  let chars = 0;
  for (const p of parts) {
    if (typeof p === 'string') {
      chars += p.length;
      if (typeof merged[merged.length - 1] === 'string') merged[merged.length - 1] += p;
      else merged.push(p);
    } else merged.push(p);
  }
  if (chars > LIMITS.chars) throw new EvalError(`a string longer than ${LIMITS.chars} characters`);
  if (merged.every((p) => typeof p === 'string')) return str(merged.join(''));
  return unknown('string', label, { parts: merged });
}
