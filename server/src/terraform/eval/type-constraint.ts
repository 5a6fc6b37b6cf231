import type { Node } from 'web-tree-sitter';
import { callOf, core } from '../syntax/hcl';
import { Evaluator } from './evaluator';
import { LIMITS, NULL, list, object, type Value } from './value';

/**
 * A variable's declared `type`, as far as converting a value to it changes what a policy reads: the
 * structure (lists, sets, maps, objects, tuples) and the optional attributes of objects
 * (`optional(T)`, `optional(T, default)`).
 */
export type TypeConstraint =
  | { k: 'any' }
  | { k: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { k: 'object'; attrs: Map<string, ObjectAttribute> }
  | { k: 'tuple'; items: TypeConstraint[] };

export interface ObjectAttribute {
  type: TypeConstraint;
  optional: boolean;
  /** The default of `optional(T, default)`, a constant expression. */
  default?: Node;
}

const ANY: TypeConstraint = { k: 'any' };
/** Attributes of one object type read; a larger one converts nothing. */
const ATTRIBUTES_MAX = 500;

/** The type constraint a `type = ...` expression writes; `any` for whatever is not understood. */
export function typeConstraint(expr: Node | undefined, depth = 0): TypeConstraint {
  if (!expr || depth > LIMITS.depth) return ANY;
  const c = callOf(expr);
  if (!c) return ANY;
  if ((c.name === 'list' || c.name === 'set' || c.name === 'map') && c.args.length === 1) return { k: c.name, element: typeConstraint(c.args[0], depth + 1) };
  if (c.name === 'tuple' && c.args.length === 1) {
    const t = core(c.args[0]);
    const tuple = t.type === 'collection_value' ? t.namedChildren[0] : t;
    if (tuple?.type !== 'tuple') return ANY;
    return { k: 'tuple', items: tuple.namedChildren.filter((n) => n.type === 'expression').map((n) => typeConstraint(n, depth + 1)) };
  }
  if (c.name === 'object' && c.args.length === 1) {
    const o = core(c.args[0]);
    const obj = o.type === 'collection_value' ? o.namedChildren[0] : o;
    if (obj?.type !== 'object') return ANY;
    const attrs = new Map<string, ObjectAttribute>();
    for (const el of obj.namedChildren) {
      if (el.type !== 'object_elem') continue;
      const k = el.childForFieldName('key');
      const v = el.childForFieldName('val');
      const name = k && attributeName(k);
      if (!name || !v) return ANY;
      if (attrs.size >= ATTRIBUTES_MAX) return ANY;
      const opt = callOf(v);
      if (opt?.name === 'optional' && (opt.args.length === 1 || opt.args.length === 2)) {
        attrs.set(name, { type: typeConstraint(opt.args[0], depth + 1), optional: true, default: opt.args[1] });
      } else attrs.set(name, { type: typeConstraint(v, depth + 1), optional: false });
    }
    return { k: 'object', attrs };
  }
  return ANY;
}

/** An object type's attribute name: a bare name or a quoted string. */
function attributeName(k: Node): string | undefined {
  const t = k.text.trim();
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(t)) return t;
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"') && !t.includes('${') && !t.includes('\\')) return t.slice(1, -1);
  return undefined;
}

/**
 * `value` converted to `type` as Terraform converts a variable's value: an attribute an object type declares
 * `optional` and the value leaves out (or sets to null) is its default, else null — so
 * `each.value.not_principals` reads null, not an error. Lists, sets and maps convert element by element.
 * Unknown values and what the type does not describe stay as they are: nothing is guessed.
 */
export function convertToType(value: Value, type: TypeConstraint, depth = 0): Value {
  if (type.k === 'any' || depth > LIMITS.depth) return value;
  if (value.t === 'list') {
    if (type.k === 'list' || type.k === 'set') {
      const items = value.items.map((i) => convertToType(i, type.element, depth + 1));
      const out = list(items, value.more);
      if (value.set) out.set = true;
      return out;
    }
    if (type.k === 'tuple') {
      const out = list(
        value.items.map((i, n) => (n < type.items.length ? convertToType(i, type.items[n], depth + 1) : i)),
        value.more,
      );
      if (value.set) out.set = true;
      return out;
    }
    return value;
  }
  if (value.t !== 'object') return value;
  if (type.k === 'map') return object([...value.props].map(([k, v]) => [k, convertToType(v, type.element, depth + 1)] as [string, Value]));
  if (type.k !== 'object') return value;
  const props = new Map(value.props);
  for (const [name, attr] of type.attrs) {
    const given = props.get(name);
    if (given !== undefined && given.t !== 'null') props.set(name, convertToType(given, attr.type, depth + 1));
    else if (attr.optional) props.set(name, attr.default ? convertToType(constant(attr.default), attr.type, depth + 1) : NULL);
  }
  return object(props);
}

/** A default of `optional(T, default)`: a constant, nothing in scope. */
function constant(node: Node): Value {
  return new Evaluator({ root: () => undefined }).evaluate(node);
}
