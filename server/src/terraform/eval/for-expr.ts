import type { Node } from 'web-tree-sitter';
import type { ExpressionWalker as Evaluator, Locals } from './context';
import { EvalError, LIMITS, asBool, list, num, object, str, unknown, type Unknown, type Value } from './value';

/**
 * `[for k, v in coll : expr if cond]` and `{for k, v in coll : key => value... if cond}`. Over a list the key
 * is the index, over a map the key (in lexical order), over a set the element itself. Over an unknown
 * collection the body is evaluated once with unknown variables: the result is an unknown collection whose
 * elements have the body's kind (`[for r in var.roles : "arn:aws:iam::${var.acct}:role/${r}"]` is a list
 * of role ARNs in account `var.acct`).
 */
export function forExpression(ev: Evaluator, node: Node, locals: Locals, depth: number): Value {
  const form = node.namedChildren[0];
  if (!form) return unknown('any', node.text);
  const isObject = form.type === 'for_object_expr';
  const intro = form.namedChildren.find((c) => c.type === 'for_intro');
  const exprs = form.namedChildren.filter((c) => c.type === 'expression');
  const cond = form.namedChildren.find((c) => c.type === 'for_cond')?.namedChildren.find((c) => c.type === 'expression');
  const grouping = form.children.some((c) => c.type === 'ellipsis');
  if (!intro) return unknown('any', node.text);
  const ids = intro.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text);
  const collNode = intro.namedChildren.find((c) => c.type === 'expression');
  if (!collNode || ids.length === 0) return unknown('any', node.text);
  const [keyName, valueName] = ids.length === 2 ? ids : [undefined, ids[0]];
  const [keyExpr, valueExpr] = isObject ? exprs : [undefined, exprs[0]];
  if (!valueExpr || (isObject && !keyExpr)) return unknown('any', node.text);
  const label = node.text.length > 120 ? `${node.text.slice(0, 117)}...` : node.text;
  const coll = ev.value(collNode, locals, depth + 1);

  const bind = (k: Value, v: Value): Locals => {
    const m = new Map(locals);
    if (keyName) m.set(keyName, k);
    m.set(valueName, v);
    return m;
  };
  const body = (scope: Locals) => ev.value(valueExpr, scope, depth + 1);

  // An unknown collection, or the unknown rest of a partly known list: the body's kind, once.
  const symbolic = (element: Unknown | undefined, keyKind: Unknown): Unknown => {
    const el = element ?? unknown('any', `${collNode.text}[*]`);
    const scope = bind(keyKind, el);
    let v: Value;
    try {
      v = body(scope);
    } catch (e) {
      if (e instanceof EvalError) v = unknown('any', label);
      else throw e;
    }
    return v.t === 'unknown' ? v : unknownOfKnown(v, label);
  };

  if (coll.t === 'unknown') {
    if (coll.type !== 'list' && coll.type !== 'map' && coll.type !== 'any') throw new EvalError(`cannot iterate over a ${coll.type}`);
    const el = symbolic(coll.element, unknown(coll.type === 'list' ? 'number' : 'string', `${collNode.text} key`));
    return isObject ? unknown('map', label, { element: el }) : unknown('list', label, { element: el });
  }
  let pairs: [Value, Value][];
  if (coll.t === 'list') pairs = coll.items.map((v, i) => [coll.set ? v : num(i), v]);
  else if (coll.t === 'object') pairs = [...coll.props].map(([k, v]) => [str(k), v]);
  else if (coll.t === 'null') throw new EvalError('cannot iterate over a null value');
  else throw new EvalError(`cannot iterate over a ${coll.t}`);
  if (pairs.length > LIMITS.items) throw new EvalError('collection too large');

  const items: Value[] = [];
  const entries = new Map<string, Value[]>();
  let more: Unknown | undefined;
  let unknownKeys = false;
  for (const [k, v] of pairs) {
    const scope = bind(k, v);
    if (cond) {
      const c = ev.value(cond, scope, depth + 1);
      if (c.t === 'unknown') {
        // May or may not be kept: counted with the unknown rest.
        const r = body(scope);
        more ??= r.t === 'unknown' ? r : unknownOfKnown(r, label);
        continue;
      }
      if (!asBool(c, 'for condition')) continue;
    }
    if (!isObject) {
      items.push(body(scope));
      continue;
    }
    const key = ev.value(keyExpr!, scope, depth + 1);
    const value = body(scope);
    if (key.t === 'unknown') {
      unknownKeys = true;
      continue;
    }
    const ks = key.t === 'string' ? key.v : key.t === 'number' || key.t === 'bool' ? String(key.v) : undefined;
    if (ks === undefined) throw new EvalError('a for expression key must be a string');
    const group = entries.get(ks);
    if (group && !grouping) throw new EvalError(`duplicate key "${ks}" in a for expression (add ... to group)`);
    if (group) group.push(value);
    else entries.set(ks, [value]);
  }
  if (coll.t === 'list' && coll.more) {
    const extra = symbolic(coll.more, unknown('number', `${collNode.text} index`));
    more ??= extra;
  }
  if (!isObject) return list(items, more);
  if (unknownKeys || more) return unknown('map', label, { element: more });
  return object([...entries].map(([k, vs]) => [k, grouping ? list(vs) : vs[0]]));
}

/** A known value standing for each of an unknown number of elements. */
function unknownOfKnown(v: Value, label: string): Unknown {
  if (v.t === 'string') return unknown('string', label, { parts: [v.v] });
  if (v.t === 'number' || v.t === 'bool') return unknown(v.t, label);
  return unknown(v.t === 'list' ? 'list' : v.t === 'object' ? 'map' : 'any', label);
}
