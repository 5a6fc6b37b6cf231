import { Evaluator } from './evaluator';
import { num, str, type Value } from './value';

/** One element of a `for_each`: its key (a map's key, a list's index, a set's value) and its value. */
export interface Element {
  key: string;
  keyValue: Value;
  value: Value;
}

/**
 * The elements a `for_each` iterates over, as Terraform gives them to a `dynamic` block: a map's entries in
 * key order, a list's elements with their index as key, a set's with the element itself as key. Undefined
 * when the collection is not known (or not a collection), or has more than `max` elements.
 */
export function iterationsOf(v: Value, max: number): Element[] | undefined {
  if (v.t === 'object') {
    if (v.props.size > max) return undefined;
    return [...v.props].map(([k, value]) => ({ key: k, keyValue: str(k), value }));
  }
  if (v.t === 'list' && !v.more) {
    if (v.items.length > max) return undefined;
    return v.items.map((value, i) => (v.set && value.t === 'string' ? { key: value.v, keyValue: value, value } : { key: String(i), keyValue: num(i), value }));
  }
  return undefined;
}

/** An evaluator in which `<name>.key` and `<name>.value` are the element's, and everything else as in `ev`. */
export function iterating(ev: Evaluator, name: string, element: Element): Evaluator {
  return new Evaluator({
    root(names) {
      if (names[0] !== name) return ev.ctx.root(names);
      if (names[1] === 'key') return element.keyValue;
      if (names[1] === 'value') return element.value;
      return undefined;
    },
  });
}
