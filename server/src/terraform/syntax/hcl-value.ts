import type { Node } from 'web-tree-sitter';
import type { PArray, PNode, PObject, PProp, PString, PSymbolic, UnknownNote } from '../../policy/model';
import { callOf, core, spanOf, traversal, unquote } from './hcl';

/**
 * What an evaluator makes of a non-literal expression, in the policy model's terms: a known string, a partly
 * known string written as a template (`arn:aws:iam::${var.account_id}:role/admin`), a list of these (with
 * an unknown rest of a kind), or unknown.
 */
export type Evaluated =
  | { k: 'text'; text: string }
  | { k: 'shape'; text: string; label: string }
  | { k: 'list'; items: Evaluated[]; rest?: Evaluated }
  | { k: 'unknown' };

/** The references an evaluation read, for a kept build to be reused only while they read the same. */
export interface RootWatch {
  watch(cb: (names: string[], answer: string) => void): () => void;
  answer(names: string[]): string;
}

/**
 * Looks up what the module defines for a reference (`local.x`, `aws_iam_role.app.arn`); with `evaluate`,
 * any expression is evaluated as Terraform would.
 */
export type Resolver = ((names: string[]) => string | undefined) & {
  evaluate?: (expr: Node) => Evaluated;
  roots?: RootWatch;
  /** The elements a `for_each` iterates over, when the collection is known and has at most `max`. */
  iterate?: (expr: Node, max: number) => Iteration[] | undefined;
  /** A resolver in which `<name>.key` and `<name>.value` are those of one element (a `dynamic` block's). */
  within?: (name: string, element: Iteration) => Resolver;
  /** True when the expression evaluates to null: an argument set to null is one left out, as Terraform has it. */
  isNull?: (expr: Node) => boolean;
  /**
   * The instances of a block with `count` or `for_each` that a reference reads: the one its `index` names
   * (`data.x.y[0]`, `data.x.y["k"]`), or every one (`'all'`, a splat `data.x.y[*]`), each with a resolver in
   * which `count.index` / `each` are its own, and, for a number of instances not known, the condition under
   * which there is one. Undefined for a block with neither, or an index not known.
   */
  instances?: (repeat: { count?: Node; forEach?: Node }, index: Node | 'all') => BlockInstance[] | undefined;
  /** For an expression whose value is unknown: its shape and where its value comes from, for labels. */
  /** `elements`: for the unknown elements of a list partly known. */
  describe?: (expr: Node, elements?: boolean) => UnknownNote | undefined;
};

/** One instance of a repeated block, as a reference reads it. */
export interface BlockInstance {
  resolve: Resolver;
  /** `[0]`, `["k"]`: how Terraform addresses it. */
  suffix: string;
  /** Present only under this condition (a count or collection not known). */
  optionalIf?: string;
}

/** One element of a `for_each`: its key as text (what else it holds is the evaluator's). */
export interface Iteration {
  key: string;
}

/**
 * How list values built by a function (`concat([...], var.x)`) map back to the HCL tuples they were written in,
 * so a writer can add to or remove from the right tuple.
 */
export interface CallLists {
  /** The literal tuple arguments of a `concat`/`flatten` array, in order. */
  tuples: WeakMap<PArray, PArray[]>;
  /** The tuple an item of such an array was written in. */
  owner: WeakMap<PNode, PArray>;
}

export function newCallLists(): CallLists {
  return { tuples: new WeakMap(), owner: new WeakMap() };
}

/** Functions whose result is their (list) argument unchanged, as far as a policy is concerned. */
const IDENTITY_LIST = new Set(['tolist', 'toset', 'distinct', 'sort', 'compact']);

/**
 * Converts an HCL expression into the policy model, spans in the .tf text. Literals become literals;
 * templates with `${...}` become template strings; references and other expressions become symbolic values
 * carrying their source text (and what the module defines for them, when known).
 */
export function hclToNode(expr: Node, resolve: Resolver, lists: CallLists, depth = 0): PNode {
  const e = core(expr);
  const span = spanOf(e);
  if (depth > 64) return symbolic(e, resolve);
  switch (e.type) {
    case 'literal_value':
      return literal(e) ?? symbolic(e, resolve);
    case 'string_lit':
      return { kind: 'string', span, value: unquote(e.text) };
    case 'template_expr':
      return template(e, resolve);
    case 'collection_value':
      return e.namedChildren[0] ? hclToNode(e.namedChildren[0], resolve, lists, depth + 1) : symbolic(e, resolve);
    case 'object':
      return object(e, resolve, lists, depth);
    case 'tuple':
      return { kind: 'array', span, items: e.namedChildren.filter((c) => c.type === 'expression').map((c) => hclToNode(c, resolve, lists, depth + 1)) };
    case 'function_call':
      return call(e, resolve, lists, depth) ?? symbolic(e, resolve);
    case 'conditional':
      return conditional(e, resolve, lists, depth) ?? symbolic(e, resolve);
    default:
      return symbolic(e, resolve);
  }
}

function literal(e: Node): PNode | undefined {
  const lit = e.namedChildren[0];
  const span = spanOf(e);
  switch (lit?.type) {
    case 'string_lit':
      return { kind: 'string', span, value: unquote(lit.text) };
    case 'numeric_lit': {
      const n = Number(lit.text);
      return Number.isFinite(n) ? { kind: 'number', span, value: n } : undefined;
    }
    case 'bool_lit':
      return { kind: 'boolean', span, value: lit.text === 'true' };
    case 'null_lit':
      return { kind: 'null', span };
    default:
      return undefined;
  }
}

/**
 * A non-literal expression: what the evaluator makes of it (a resolved string, a template of what is known, a
 * list of these), else a symbolic value carrying its text.
 */
function symbolic(e: Node, resolve: Resolver): PNode {
  if (resolve.evaluate) {
    const model = fromEvaluated(resolve.evaluate(e), e, 0, resolve);
    if (model) return model;
  }
  return plainSymbolic(e, resolve);
}

function fromEvaluated(v: Evaluated, e: Node, depth: number, resolve: Resolver): PNode | undefined {
  const span = spanOf(e);
  switch (v.k) {
    case 'text':
      return { kind: 'symbolic', span, expr: e.text, resolved: v.text };
    case 'shape':
      return { kind: 'string', span, value: v.text, template: true };
    case 'list': {
      if (depth > 0) return undefined;
      // Elements not known stand for the expression, labelled with what it reads (on first need, once).
      let note: UnknownNote | undefined | null = null;
      const unknownItem = (): PSymbolic => {
        if (note === null) note = resolve.describe?.(e, true);
        return note ? { kind: 'symbolic', span, expr: e.text, unknownAs: note } : { kind: 'symbolic', span, expr: e.text };
      };
      const items = v.items.map((i) => fromEvaluated(i, e, depth + 1, resolve) ?? unknownItem());
      if (v.rest) items.push(fromEvaluated(v.rest, e, depth + 1, resolve) ?? unknownItem());
      for (const i of items) i.evaluated = true;
      return { kind: 'array', span, items, evaluated: true };
    }
    default:
      return undefined;
  }
}

function plainSymbolic(e: Node, resolve: Resolver): PSymbolic {
  const node: PSymbolic = { kind: 'symbolic', span: spanOf(e), expr: e.text };
  const t = traversal(e);
  const resolved = t && resolve(t);
  if (resolved !== undefined) node.resolved = resolved;
  else {
    const note = resolve.describe?.(e);
    if (note) node.unknownAs = note;
  }
  return node;
}

/**
 * `"text ${ref} text"`: a template string. A template that is one interpolation and nothing else (`"${var.x}"`)
 * is that expression itself, as Terraform reads it.
 */
function template(e: Node, resolve: Resolver): PNode {
  const t = e.namedChildren[0];
  if (!t) return symbolic(e, resolve);
  const parts = t.namedChildren.filter((c) => c.type === 'template_literal' || c.type === 'template_interpolation' || c.type === 'template_directive');
  const interps = parts.filter((p) => p.type === 'template_interpolation');
  if (t.type === 'quoted_template' && parts.length === 1 && interps.length === 1) {
    const inner = interps[0].namedChildren.find((c) => c.type === 'expression');
    if (inner) return { ...symbolic(inner, resolve), span: spanOf(e) } as PNode;
  }
  const raw = t.type === 'quoted_template' ? e.text.slice(1, e.text.endsWith('"') && e.text.length > 1 ? -1 : undefined) : heredocBody(e.text);
  const node: PString = { kind: 'string', span: spanOf(e), value: t.type === 'quoted_template' ? unquote(raw) : raw, template: interps.length > 0 || parts.some((p) => p.type === 'template_directive') };
  if (!node.template) return node;
  if (resolve.evaluate) {
    const v = resolve.evaluate(e);
    if (v.k === 'text') {
      node.resolved = v.text;
      return node;
    }
    // Partly known: the template with what is known filled in; `resolved` as below.
    if (v.k === 'shape' && t.type === 'quoted_template') node.value = v.text;
  }
  let resolved = '';
  for (const p of parts) {
    if (p.type === 'template_literal') resolved += unquote(p.text);
    else {
      const inner = p.namedChildren.find((c) => c.type === 'expression');
      const names = inner && traversal(inner);
      const r = names && resolve(names);
      if (r === undefined) return node;
      resolved += r;
    }
  }
  node.resolved = resolved;
  return node;
}

/** The lines between a heredoc's opening and closing markers. */
function heredocBody(text: string): string {
  const first = text.indexOf('\n');
  const last = text.lastIndexOf('\n');
  return first === -1 || last <= first ? '' : text.slice(first + 1, last + 1);
}

function object(e: Node, resolve: Resolver, lists: CallLists, depth: number): PObject {
  const props: PProp[] = [];
  for (const el of e.namedChildren) {
    if (el.type !== 'object_elem') continue;
    const k = el.childForFieldName('key');
    const v = el.childForFieldName('val');
    if (!k || !v) continue;
    props.push({ key: keyText(k), keySpan: spanOf(k), value: hclToNode(v, resolve, lists, depth + 1), span: spanOf(el) });
  }
  return { kind: 'object', span: spanOf(e), props };
}

/** An object key: a bare identifier is its name; a string its value; anything else its source text. */
function keyText(k: Node): string {
  const c = core(k);
  if (c.type === 'expression' && c.namedChildren.length === 1 && c.namedChildren[0].type === 'variable_expr') return c.text;
  if (c.type === 'literal_value' && c.namedChildren[0]?.type === 'string_lit') return unquote(c.namedChildren[0].text);
  if (c.type === 'template_expr') return unquote(c.text);
  return c.text;
}

/**
 * `concat([...], [...])`, `flatten([...])` and list conversions: an array of the literal items, with one
 * symbolic item for each argument that is not a literal list (so nothing is taken to be absent).
 */
function call(e: Node, resolve: Resolver, lists: CallLists, depth: number): PArray | undefined {
  const c = callOf(e);
  if (!c) return undefined;
  const single = IDENTITY_LIST.has(c.name) && c.args.length === 1;
  if (c.name !== 'concat' && c.name !== 'flatten' && !single) return undefined;
  const arr: PArray = { kind: 'array', span: spanOf(e), items: [] };
  const tuples: PArray[] = [];
  const add = (arg: Node, flatten: boolean) => {
    const n = hclToNode(arg, resolve, lists, depth + 1);
    if (n.kind !== 'array') {
      arr.items.push(n);
      return;
    }
    if (lists.tuples.has(n)) {
      for (const t of lists.tuples.get(n)!) tuples.push(t);
    } else tuples.push(n);
    for (const item of n.items) {
      if (flatten && item.kind === 'array') arr.items.push(...item.items);
      else arr.items.push(item);
      if (!lists.owner.has(item)) lists.owner.set(item, n);
    }
  };
  for (const a of c.args) add(a, c.name === 'flatten');
  lists.tuples.set(arr, tuples);
  return arr;
}

/** How long a condition is written in a label; longer ones are cut (they are read in the matrix). */
const CONDITION_CHARS = 80;

/** A condition's text on one line, cut to a readable length. */
export function conditionLabel(text: string): string {
  const one = text.split(/\s+/).join(' ').trim();
  return one.length > CONDITION_CHARS ? `${one.slice(0, CONDITION_CHARS - 1)}…` : one;
}

/**
 * The condition under which a collection Keyscope cannot evaluate has elements, in Terraform's words: for
 * `cond ? [x] : []` (or `cond ? 1 : 0`) the condition itself, `!(cond)` for the mirror form, else
 * `length(expr) > 0` (a `for_each`) or `expr > 0` (a `count`).
 */
export function presenceCondition(expr: Node, count = false): string {
  const e = core(expr);
  if (e.type === 'conditional') {
    const [c, a, b] = e.namedChildren.filter((k) => k.type !== 'comment');
    if (c && a && b) {
      if (isEmpty(b) && !isEmpty(a)) return conditionLabel(c.text);
      if (isEmpty(a) && !isEmpty(b)) return `!(${conditionLabel(c.text)})`;
    }
  }
  return count ? `${conditionLabel(e.text)} > 0` : `length(${conditionLabel(e.text)}) > 0`;
}

/** `[]`, `{}`, `0`, `null`, `toset([])`: a collection or count with nothing in it, as written. */
function isEmpty(expr: Node): boolean {
  const e = core(expr);
  const call = callOf(e);
  if (call && ['toset', 'tolist', 'tomap'].includes(call.name) && call.args.length === 1) return isEmpty(call.args[0]);
  return /^(\[\s*\]|\{\s*\}|0|null)$/.test(e.text.trim());
}

/** `a && b` for an item already optional under `outer`. */
function andIf(outer: string | undefined, cond: string): string {
  return outer ? `${cond} && ${outer}` : cond;
}

/**
 * `cond ? [...] : [...]`. A condition the evaluator knows picks its branch, as Terraform does. Otherwise, when
 * both branches are lists (a statement list written `concat([...], var.logs ? [{...}] : [])`), every item of
 * both is read, each marked optional under its branch's condition: a statement in a branch is checked like any
 * other, and its cells in the matrix hold only "if <condition>".
 */
function conditional(e: Node, resolve: Resolver, lists: CallLists, depth: number): PNode | undefined {
  const [c, a, b] = e.namedChildren.filter((k) => k.type !== 'comment');
  if (!c || !a || !b) return undefined;
  const known = resolve.evaluate?.(c);
  if (known?.k === 'text' && (known.text === 'true' || known.text === 'false')) return hclToNode(known.text === 'true' ? a : b, resolve, lists, depth + 1);
  const x = hclToNode(a, resolve, lists, depth + 1);
  const y = hclToNode(b, resolve, lists, depth + 1);
  if (x.kind !== 'array' || y.kind !== 'array') return undefined;
  const cond = conditionLabel(c.text);
  for (const i of x.items) i.optionalIf = andIf(i.optionalIf, cond);
  for (const i of y.items) i.optionalIf = andIf(i.optionalIf, `!(${cond})`);
  const arr: PArray = { kind: 'array', span: spanOf(e), items: [...x.items, ...y.items] };
  // Fixes write into the tuple each item was written in.
  lists.tuples.set(arr, [x, y].flatMap((t) => lists.tuples.get(t) ?? [t]));
  for (const t of [x, y]) for (const i of t.items) if (!lists.owner.has(i)) lists.owner.set(i, t);
  return arr;
}
