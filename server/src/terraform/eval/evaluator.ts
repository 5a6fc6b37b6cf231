import type { Node } from 'web-tree-sitter';
import { unquote } from '../syntax/hcl';
import { callFunction, LAZY_FUNCTIONS } from './funcs';
import type { EvalContext, ExpressionWalker, Locals } from './context';
import { evalTemplate } from './template';
import { applySteps, type Step } from './steps';
import { binary, unary } from './operators';
import { forExpression } from './for-expr';
import {
  EvalError,
  LIMITS,
  NULL,
  asBool,
  bool,
  equals,
  list,
  num,
  object,
  str,
  typeOf,
  unknown,
  type Unknown,
  type Value,
} from './value';

/** Names of a reference that name one thing: `data.TYPE.NAME`, `var.NAME`, `TYPE.NAME` (a resource). */
function rootLength(head: string): number {
  return head === 'data' ? 3 : 2;
}

const NO_LOCALS: Locals = new Map();

/**
 * Evaluates HCL expressions (tree-sitter-hcl nodes) to values. Errors Terraform would report (an index out of
 * range, a wrong type) make the expression unknown, labelled with the error; `try` and `can` catch them as
 * Terraform does. Bounded: nesting depth, list and string sizes, and the total number of steps.
 */
export type { EvalContext, Locals };

export class Evaluator implements ExpressionWalker {
  private steps = 0;

  constructor(readonly ctx: EvalContext) {}

  /** The value of an expression; never throws. */
  evaluate(node: Node, locals: Locals = NO_LOCALS): Value {
    try {
      return this.value(node, locals, 0);
    } catch (e) {
      if (e instanceof EvalError) return unknown('any', `${node.text.length > 80 ? node.text.slice(0, 77) + '...' : node.text} (invalid: ${e.message})`);
      throw e;
    }
  }

  /** The value of an expression node; throws `EvalError` where Terraform reports an error. */
  value(node: Node, locals: Locals, depth: number): Value {
    if (depth > LIMITS.depth) throw new EvalError('expression nested too deeply');
    if (++this.steps > LIMITS.steps) throw new EvalError('expression too large to evaluate');
    switch (node.type) {
      case 'expression':
      case 'variable_expr':
        return this.sequence(node.type === 'expression' ? named(node) : [node], node, locals, depth);
      case 'literal_value':
        return this.literal(node);
      case 'string_lit':
        return str(unquote(node.text));
      case 'collection_value':
        return node.namedChildren[0] ? this.value(node.namedChildren[0], locals, depth + 1) : NULL;
      case 'tuple': {
        const items = node.namedChildren.filter((c) => c.type === 'expression').map((c) => this.value(c, locals, depth + 1));
        if (items.length > LIMITS.items) throw new EvalError('list too long');
        return list(items);
      }
      case 'object':
        return this.object(node, locals, depth);
      case 'template_expr':
        return evalTemplate(this, node, locals, depth + 1);
      case 'function_call':
        return this.call(node, locals, depth);
      case 'for_expr':
        return forExpression(this, node, locals, depth + 1);
      case 'conditional':
        return this.conditional(node, locals, depth);
      case 'operation':
        return node.namedChildren[0] ? this.value(node.namedChildren[0], locals, depth + 1) : unknown('any', node.text);
      case 'binary_operation':
        return this.binary(node, locals, depth);
      case 'unary_operation': {
        const kids = node.children;
        const op = kids[0]?.text ?? '';
        const operand = this.sequence(kids.slice(1).filter((k) => k.isNamed && k.type !== 'comment'), node, locals, depth);
        return unary(op, operand, node.text);
      }
      default:
        return unknown('any', node.text);
    }
  }

  private literal(node: Node): Value {
    const lit = node.namedChildren[0];
    switch (lit?.type) {
      case 'string_lit':
        return str(unquote(lit.text));
      case 'numeric_lit': {
        const n = Number(lit.text);
        if (!Number.isFinite(n)) throw new EvalError(`not a number: ${lit.text}`);
        return num(n);
      }
      case 'bool_lit':
        return bool(lit.text === 'true');
      case 'null_lit':
        return NULL;
      default:
        return unknown('any', node.text);
    }
  }

  private object(node: Node, locals: Locals, depth: number): Value {
    const entries: [string, Value][] = [];
    for (const el of node.namedChildren) {
      if (el.type !== 'object_elem') continue;
      const k = el.childForFieldName('key');
      const v = el.childForFieldName('val');
      if (!k || !v) continue;
      const key = this.objectKey(k, locals, depth);
      const value = this.value(v, locals, depth + 1);
      if (key === undefined) return unknown('map', node.text);
      entries.push([key, value]);
      if (entries.length > LIMITS.items) throw new EvalError('object too large');
    }
    // The last of a repeated key wins here; Terraform rejects the object, which other checks report.
    return object(new Map(entries));
  }

  /** An object key: a bare name is that name, anything else is evaluated (undefined when unknown). */
  private objectKey(k: Node, locals: Locals, depth: number): string | undefined {
    const kids = named(k);
    if (k.type === 'expression' && kids.length === 1 && kids[0].type === 'variable_expr') return kids[0].text;
    const v = this.value(k, locals, depth + 1);
    if (v.t === 'string') return v.v;
    if (v.t === 'number' || v.t === 'bool') return String(v.t === 'number' ? v.v : v.v);
    if (v.t === 'unknown') return undefined;
    throw new EvalError('an object key must be a string');
  }

  /** A primary expression followed by attribute, index and splat steps (`var.x[0].arn`, `f(x)[*].y`). */
  sequence(nodes: Node[], whole: Node, locals: Locals, depth: number): Value {
    const [first, ...rest] = nodes;
    if (!first) return unknown('any', whole.text);
    const start = first.startIndex;
    const prefix = (upTo: number) => whole.text.slice(start - whole.startIndex, upTo - whole.startIndex);
    let value: Value;
    let steps = rest;
    if (first.type === 'variable_expr') {
      const head = first.text;
      const bound = locals.get(head);
      if (bound) value = bound;
      else {
        const names = [head];
        const want = rootLength(head);
        while (names.length < want && steps[0]?.type === 'get_attr') {
          names.push(attrName(steps[0]));
          steps = steps.slice(1);
        }
        const end = names.length > 1 ? rest[names.length - 2].endIndex : first.endIndex;
        value = (names.length === want ? this.ctx.root(names) : undefined) ?? unknown('any', prefix(end));
      }
    } else value = this.value(first, locals, depth + 1);
    return applySteps(value, steps.map((s) => toStep(s, this, locals, depth)), (end) => prefix(end));
  }

  private call(node: Node, locals: Locals, depth: number): Value {
    const name = node.namedChildren[0]?.type === 'identifier' ? node.namedChildren[0].text : '';
    const argList = node.namedChildren.find((c) => c.type === 'function_arguments');
    const argNodes = argList ? argList.namedChildren.filter((c) => c.type === 'expression') : [];
    const expand = !!argList?.children.some((c) => c.type === 'ellipsis');
    const label = node.text.length > 120 ? `${name}(...)` : node.text;
    if (LAZY_FUNCTIONS.has(name)) return this.lazy(name, argNodes, locals, depth, label);
    let args = argNodes.map((a) => this.value(a, locals, depth + 1));
    if (expand) {
      const last = args[args.length - 1];
      if (last?.t === 'list' && !last.more) args = [...args.slice(0, -1), ...last.items];
      else return unknown('any', label);
    }
    return callFunction(name, args, label);
  }

  /** `try` and `can`: their arguments are evaluated one by one, errors caught. */
  private lazy(name: string, args: Node[], locals: Locals, depth: number, label: string): Value {
    if (name === 'can') {
      if (args.length !== 1) throw new EvalError('can takes one argument');
      try {
        const v = this.value(args[0], locals, depth + 1);
        return v.t === 'unknown' ? unknown('bool', label) : bool(true);
      } catch (e) {
        if (e instanceof EvalError) return bool(false);
        throw e;
      }
    }
    // try: the first argument that evaluates without an error. One that is unknown may still fail at apply
    // time, so the result is then unknown (of its kind), as Terraform has it.
    const errors: string[] = [];
    for (const a of args) {
      try {
        return this.value(a, locals, depth + 1);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        errors.push(e.message);
      }
    }
    throw new EvalError(`no argument of try could be evaluated${errors.length ? `: ${errors[errors.length - 1]}` : ''}`);
  }

  private conditional(node: Node, locals: Locals, depth: number): Value {
    const [c, a, b] = named(node);
    if (!c || !a || !b) return unknown('any', node.text);
    const cond = this.value(c, locals, depth + 1);
    if (cond.t !== 'unknown') return asBool(cond, 'condition') ? this.value(a, locals, depth + 1) : this.value(b, locals, depth + 1);
    const x = this.value(a, locals, depth + 1);
    const y = this.value(b, locals, depth + 1);
    if (equals(x, y)) return x;
    const type = typeOf(x) === typeOf(y) ? typeOf(x) : 'any';
    return unknown(type, node.text);
  }

  private binary(node: Node, locals: Locals, depth: number): Value {
    const kids = node.children;
    const at = kids.findIndex((k) => !k.isNamed && BINARY_OPERATORS.has(k.type));
    if (at <= 0) return unknown('any', node.text);
    const op = kids[at].text;
    const left = kids.slice(0, at).filter((k) => k.isNamed && k.type !== 'comment');
    const right = kids.slice(at + 1).filter((k) => k.isNamed && k.type !== 'comment');
    const l = this.sequence(left, node, locals, depth);
    // && and || decide on a known left operand alone where they can, as Terraform's short-circuit does.
    if (op === '&&' && l.t === 'bool' && !l.v) return bool(false);
    if (op === '||' && l.t === 'bool' && l.v) return bool(true);
    const r = this.sequence(right, node, locals, depth);
    return binary(op, l, r, node.text);
  }
}

const BINARY_OPERATORS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%']);

/** The named children of a node, comments left out. */
export function named(n: Node): Node[] {
  return n.namedChildren.filter((c) => c.type !== 'comment');
}

function attrName(n: Node): string {
  const id = n.namedChildren.find((c) => c.type === 'identifier');
  return id ? id.text : n.text.replace('.', '').trim();
}

function toStep(s: Node, ev: Evaluator, locals: Locals, depth: number): Step {
  switch (s.type) {
    case 'get_attr':
      return { k: 'attr', name: attrName(s), end: s.endIndex };
    case 'index': {
      const inner = s.namedChildren[0];
      if (inner?.type === 'legacy_index') return { k: 'index', key: num(Number(inner.text.replace('.', ''))), end: s.endIndex };
      const e = inner?.namedChildren.find((c) => c.type === 'expression');
      return { k: 'index', key: e ? ev.value(e, locals, depth + 1) : unknown('any', s.text), end: s.endIndex };
    }
    case 'splat': {
      const inner = s.namedChildren[0];
      const rest = inner ? inner.namedChildren.filter((c) => c.type !== 'comment').map((c) => toStep(c, ev, locals, depth)) : [];
      return { k: 'splat', rest, end: s.endIndex };
    }
    default:
      return { k: 'index', key: unknown('any', s.text) as Unknown, end: s.endIndex };
  }
}
