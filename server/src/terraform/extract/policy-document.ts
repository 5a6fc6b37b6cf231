import type { Node } from 'web-tree-sitter';
import type { Home, PArray, PNode, PObject, PProp, Span } from '../../policy/model';
import { attrInfo, blockInfo, STATEMENT_ATTRIBUTES, type BlockInfo, type Bindings } from '../write/doc-binding';
import { attributesOf, blocksOf, callOf, core, spanOf, soleInterpolation, stringLiteral, traversal, type HclAttribute, type HclBlock } from '../syntax/hcl';
import { conditionLabel, hclToNode, presenceCondition, type BlockInstance, type CallLists, type Resolver } from '../syntax/hcl-value';
import type { ModuleFile, ModuleScope } from '../module/scope';
import { knownSid } from '../../policy/statement-name';

/** Statement attributes and the policy element each one becomes; `true` when HCL needs a list there. */
const STATEMENT_ATTRS: Record<string, [string, boolean]> = Object.fromEntries(STATEMENT_ATTRIBUTES.map(([el, attr, list]) => [attr, [el, list]]));

export interface BuiltDocument {
  root: PObject;
  /** Some statements are not statically known (dynamic blocks, documents passed in from outside). */
  partial: boolean;
  /** `path#name` of every document merged into this one. */
  merged: string[];
  /** It names other documents of the module (`source_policy_documents`...), found or not. */
  readOthers?: boolean;
}

export interface DocContext {
  scope: ModuleScope;
  /** What references resolve to (the scope's resolver, or one that records what was asked). */
  resolve: Resolver;
  bindings: Bindings;
  lists: CallLists;
}

/**
 * Builds the policy an `aws_iam_policy_document` data source produces, in the canonical model (Statement
 * objects with Sid/Effect/Action/Principal/Condition...), every span on the HCL that wrote it. Statements of
 * `source_policy_documents` / `override_policy_documents` are merged by the provider's rules as far as they
 * are static. A merged document from another file contributes statements whose spans all point at `foreign`
 * (its reference in this file) and which cannot be edited from here.
 */
export function buildPolicyDocument(file: ModuleFile, block: HclBlock, ctx: DocContext, foreign?: Span, stack: string[] = []): BuiltDocument {
  const id = `${file.path}#${block.labels[1]}`;
  const info = blockInfo(block);
  const headerSpan = block.labelNodes[1] ? spanOf(block.labelNodes[1]) : info.keywordSpan;
  const out: BuiltDocument = { root: { kind: 'object', span: spanOf(block.node), props: [] }, partial: false, merged: [] };
  const resolve = ctx.resolve;
  const value = (n: Node) => hclToNode(n, resolve, ctx.lists);
  const own: PObject[] = [];
  const inputs = new Map<string, DocInput[]>();
  const docName = `data.aws_iam_policy_document.${block.labels[1]}`;
  let statementKeyword: Span | undefined;
  for (const b of blocksOf(block.body)) {
    const dyn = dynamicContent(b);
    if (b.type !== 'statement' && dyn?.name !== 'statement') continue;
    statementKeyword ??= blockInfo(b, !!dyn).keywordSpan;
    if (dyn) {
      if (dyn.empty || !dyn.content) continue;
      const info = { ...blockInfo(dyn.content), span: spanOf(b.node), keywordSpan: blockInfo(b, true).keywordSpan, dynamic: true };
      // A known collection: one statement per element, `statement.key`/`.value` (or the iterator's) bound.
      const each = expanded(dyn, ctx.resolve);
      if (each) for (const r of each) own.push(statement(dyn.content, info, { ...ctx, resolve: r }, out));
      else {
        // Not known: the content once, standing for any number of statements (none, one or more): optional,
        // under the condition that the collection has elements.
        const st = statement(dyn.content, info, ctx, out);
        if (!dyn.static) {
          out.partial = true;
          if (dyn.forEach) st.optionalIf = presenceCondition(dyn.forEach.value);
        }
        own.push(st);
      }
    } else own.push(statement(b, blockInfo(b), ctx, out));
  }
  const props: PProp[] = [];
  for (const a of attributesOf(block.body)) {
    if (a.name === 'version' || a.name === 'policy_id') {
      const p: PProp = { key: a.name === 'version' ? 'Version' : 'Id', keySpan: spanOf(a.nameNode), value: value(a.value), span: spanOf(a.node) };
      ctx.bindings.set(p, { kind: 'attr', attr: attrInfo(a), list: false, parent: info });
      props.push(p);
    } else if (COMPOSING.includes(a.name)) {
      out.readOthers = true;
      inputs.set(a.name, documentInputs(a.value, a.name.endsWith('_json'), ctx));
    }
  }
  // The provider's order: source_json, then source_policy_documents in list order, the document's own
  // statements, override_policy_documents in list order, then override_json.
  const read = (name: string, role: 'source' | 'override'): PObject[][] =>
    (inputs.get(name) ?? []).map((input) => {
      if (input.kind === 'unknown') {
        out.partial = true;
        return [];
      }
      const list = input.kind === 'inline' ? inlineStatements(input) : otherDocument(input, ctx, foreign, stack, id, out);
      for (const st of list) {
        // The role is the one in this composition; the document that wrote it stays the innermost.
        st.composedAs = { role, from: st.composedAs?.from ?? (input.kind === 'inline' ? `${name} of ${docName}` : `data.aws_iam_policy_document.${input.name}`) };
        if (input.optionalIf) st.optionalIf = st.optionalIf ? `${input.optionalIf} && ${st.optionalIf}` : input.optionalIf;
      }
      return list;
    });
  const sources = [...read('source_json', 'source'), ...read('source_policy_documents', 'source')];
  const overrides = [...read('override_policy_documents', 'override'), ...read('override_json', 'override')];
  for (const st of own) st.composedAs = { role: 'statement', from: docName };
  if (!props.some((p) => p.key === 'Version')) {
    // Terraform writes "Version": "2012-10-17" when the document does not say.
    const p: PProp = { key: 'Version', keySpan: headerSpan, value: { kind: 'string', span: headerSpan, value: '2012-10-17' }, span: headerSpan };
    ctx.bindings.set(p, { kind: 'default', name: 'version', parent: info });
    ctx.bindings.set(p.value, { kind: 'default', name: 'version', parent: info });
    props.push(p);
  }
  const statements = merge(sources.flat(), own, overrides);
  const first = own[0]?.span ?? info.keywordSpan;
  const arr: PArray = { kind: 'array', span: own.length ? { start: first.start, end: own[own.length - 1].span.end } : headerSpan, items: statements };
  ctx.bindings.set(arr, { kind: 'statements', block: info });
  props.push({ key: 'Statement', keySpan: statementKeyword ?? headerSpan, value: arr, span: arr.span });
  out.root.props = props.sort((a, b) => a.keySpan.start - b.keySpan.start);
  if (foreign) makeForeign(out.root, foreign, ctx.bindings, file);
  return out;
}

function statementsOf(root: PObject): PObject[] {
  const arr = root.props.find((p) => p.key === 'Statement')?.value;
  return arr?.kind === 'array' ? arr.items.filter((i): i is PObject => i.kind === 'object') : [];
}

function sidOf(s: PObject): string | undefined {
  return knownSid(s.props.find((p) => p.key === 'Sid')?.value);
}

/**
 * The provider's merge: source statements first (their Sids must differ: duplicate-sid reports a collision
 * as Terraform's error); a statement of the document itself, then of each override document in order,
 * replaces the one with the same non-empty Sid in place, or is appended. An override under a condition not
 * known here replaces nothing for sure: the statement it would replace stays, optional under the negation.
 */
export function merge(source: PObject[], own: PObject[], overrides: PObject[][]): PObject[] {
  const out = [...source];
  // `within`: how many of the first statements a Sid may replace. The document's own statements replace only
  // source statements: two of its own with one Sid are the provider's error, kept both for duplicate-sid.
  const apply = (list: PObject[], within = Infinity) => {
    for (const s of list) {
      const sid = sidOf(s);
      const at = sid === undefined ? -1 : out.slice(0, within).findIndex((o) => sidOf(o) === sid);
      if (at < 0) out.push(s);
      else if (!s.optionalIf) out[at] = s;
      else {
        const kept = out[at];
        kept.optionalIf = kept.optionalIf ? `!(${s.optionalIf}) && ${kept.optionalIf}` : `!(${s.optionalIf})`;
        out.splice(at + 1, 0, s);
      }
    }
  };
  apply(own, source.length);
  for (const o of overrides) apply(o);
  return out;
}

/** The composing arguments of an `aws_iam_policy_document`. */
const COMPOSING = ['source_json', 'source_policy_documents', 'override_policy_documents', 'override_json'];

/** One document a composing argument names: another policy document, a policy written in place, or unknown. */
type DocInput =
  | { kind: 'doc'; name: string; span: Span; optionalIf?: string; index?: Node | 'all' }
  | { kind: 'inline'; root: PNode; optionalIf?: string }
  | { kind: 'unknown'; optionalIf?: string };

/** How deep a composing expression is followed through calls, conditionals and locals. */
const INPUT_DEPTH = 8;

/**
 * The documents a composing argument names, in order: `data.aws_iam_policy_document.x.json` (also indexed,
 * `[0]`), `jsonencode({...})` written in place, lists of these built with `concat`, `flatten`, `compact`,
 * `distinct`, `tolist`, conditionals (a known condition picks its branch; an unknown one keeps both, each
 * document optional under its condition) and locals of this file. Anything else (a variable, a module output,
 * a `for` expression) is one unknown input: the composed policy is then partly known.
 */
function documentInputs(expr: Node, single: boolean, ctx: DocContext, depth = 0, optionalIf?: string): DocInput[] {
  const e = core(expr);
  const unknown: DocInput[] = [{ kind: 'unknown', optionalIf }];
  if (depth > INPUT_DEPTH) return unknown;
  if (e.type === 'literal_value' && e.namedChildren[0]?.type === 'null_lit') return [];
  const tuple = e.type === 'collection_value' ? e.namedChildren[0] : undefined;
  if (tuple?.type === 'tuple') {
    if (single) return unknown;
    return tuple.namedChildren.filter((c) => c.type === 'expression').flatMap((i) => documentInputs(i, true, ctx, depth + 1, optionalIf));
  }
  if (e.type === 'conditional') {
    const [c, a, b] = e.namedChildren.filter((k) => k.type !== 'comment');
    if (!c || !a || !b) return unknown;
    const known = ctx.resolve.evaluate?.(c);
    if (known?.k === 'text' && (known.text === 'true' || known.text === 'false')) return documentInputs(known.text === 'true' ? a : b, single, ctx, depth + 1, optionalIf);
    const cond = conditionLabel(c.text);
    const and = (x: string) => (optionalIf ? `${x} && ${optionalIf}` : x);
    return [...documentInputs(a, single, ctx, depth + 1, and(cond)), ...documentInputs(b, single, ctx, depth + 1, and(`!(${cond})`))];
  }
  const call = callOf(e);
  if (call) {
    if (call.name === 'jsonencode' && call.args.length === 1 && single) return [{ kind: 'inline', root: hclToNode(call.args[0], ctx.resolve, ctx.lists), optionalIf }];
    if (!single && ['concat', 'flatten', 'compact', 'distinct', 'tolist'].includes(call.name)) return call.args.flatMap((a) => documentInputs(a, false, ctx, depth + 1, optionalIf));
    return unknown;
  }
  const only = soleInterpolation(e);
  if (only) return documentInputs(only, single, ctx, depth + 1, optionalIf);
  const t = traversal(e);
  if (t?.[0] === 'local' && t.length === 2) {
    const local = ctx.scope.ownLocal(t[1]);
    return local ? documentInputs(local.value, single, ctx, depth + 1, optionalIf) : unknown;
  }
  const ref = documentReference(e);
  if (ref && (single ? ref.index !== 'all' : ref.index === 'all')) return [{ kind: 'doc', name: ref.name, span: spanOf(e), optionalIf, index: ref.index }];
  return unknown;
}

/**
 * `data.aws_iam_policy_document.NAME.json`, with an index (`[0]`, `["k"]`: one instance of a document with
 * `count` or `for_each`) or a splat (`[*].json`, `.*.json`: the list of every instance's).
 */
export function documentReference(expr: Node): { name: string; index?: Node | 'all' } | undefined {
  const e = core(expr);
  if (e.type !== 'expression') return undefined;
  const [head, type, name, ...rest] = e.namedChildren.filter((c) => c.type !== 'comment');
  const id = (n: Node | undefined) => (n?.type === 'get_attr' ? n.namedChildren.find((c) => c.type === 'identifier')?.text : undefined);
  if (head?.type !== 'variable_expr' || head.text !== 'data' || id(type) !== 'aws_iam_policy_document' || !id(name)) return undefined;
  const doc = id(name)!;
  if (rest.length === 1 && id(rest[0]) === 'json') return { name: doc };
  if (rest.length === 2 && rest[0].type === 'index' && id(rest[1]) === 'json') {
    const at = rest[0].namedChildren[0]?.namedChildren.find((c) => c.type === 'expression');
    return at ? { name: doc, index: at } : undefined;
  }
  if (rest.length === 1 && rest[0].type === 'splat') {
    const steps = rest[0].namedChildren[0]?.namedChildren ?? [];
    return steps.length === 1 && id(steps[0]) === 'json' ? { name: doc, index: 'all' } : undefined;
  }
  return undefined;
}


/** The statements of a policy written in place (`jsonencode({ Statement = [...] })`), spans in this file. */
function inlineStatements(input: { root: PNode }): PObject[] {
  return input.root.kind === 'object' ? statementsOf(input.root) : [];
}

/**
 * The statements of another policy document of the module, composed itself first; of the instances the
 * reference reads, for a document with `count` or `for_each` (each built with its `count.index` / `each`).
 */
function otherDocument(input: { name: string; span: Span; index?: Node | 'all' }, ctx: DocContext, foreign: Span | undefined, stack: string[], id: string, out: BuiltDocument): PObject[] {
  const found = ctx.scope.find('data', 'aws_iam_policy_document', input.name);
  const key = found && `${found.file.path}#${input.name}`;
  if (!found || !key || stack.includes(key) || key === id) {
    out.partial = true;
    return [];
  }
  const away = found.file !== ctx.scope.current ? (foreign ?? input.span) : foreign;
  const instances = repeatedInstances(found.block, input.index, ctx.resolve);
  if (!instances) {
    if (input.index === 'all') {
      out.partial = true;
      return [];
    }
    return built(buildPolicyDocument(found.file, found.block, ctx, away, [...stack, id]));
  }
  return instances.flatMap((i) => {
    const list = built(buildPolicyDocument(found.file, found.block, { ...ctx, resolve: i.resolve }, away, [...stack, id]));
    if (i.optionalIf) for (const st of list) st.optionalIf = st.optionalIf ? `${i.optionalIf} && ${st.optionalIf}` : i.optionalIf;
    return list;
  });
  function built(sub: BuiltDocument): PObject[] {
    out.partial ||= sub.partial;
    out.merged.push(key!, ...sub.merged);
    return statementsOf(sub.root);
  }
}

/**
 * The instances of a policy document with `count` or `for_each` that a reference reads (its `[index]`, or
 * every one for a splat); undefined for a document that has neither, or an index not known.
 */
export function repeatedInstances(block: HclBlock, index: Node | 'all' | undefined, resolve: Resolver): BlockInstance[] | undefined {
  const attrs = attributesOf(block.body);
  const count = attrs.find((a) => a.name === 'count')?.value;
  const forEach = attrs.find((a) => a.name === 'for_each')?.value;
  if ((!count && !forEach) || index === undefined) return undefined;
  return resolve.instances?.({ count, forEach }, index);
}

/** Elements of a `dynamic` block's `for_each` expanded; a larger known collection is read as unknown. */
export const DYNAMIC_ELEMENTS_MAX = 64;

interface Dynamic {
  name: string;
  content?: HclBlock;
  empty: boolean;
  static: boolean;
  forEach?: HclAttribute;
  /** The name its content reads the element by: `iterator = x`, else the block's label. */
  iterator: string;
}

/** A `dynamic "x" { for_each = ...; content { } }` block: its name, content and whether it is static. */
function dynamicContent(b: HclBlock): Dynamic | undefined {
  if (b.type !== 'dynamic' || !b.labels[0]) return undefined;
  const attrs = attributesOf(b.body);
  const forEach = attrs.find((a) => a.name === 'for_each');
  const fe = forEach && core(forEach.value);
  const coll = fe?.type === 'collection_value' ? fe.namedChildren[0] : undefined;
  const count = coll ? coll.namedChildren.filter((c) => c.type === 'expression' || c.type === 'object_elem').length : -1;
  const iterator = attrs.find((a) => a.name === 'iterator');
  const name = (iterator && traversal(iterator.value)?.join('.')) || b.labels[0];
  return { name: b.labels[0], content: blocksOf(b.body).find((c) => c.type === 'content'), empty: count === 0, static: count === 1, forEach, iterator: name };
}

/** One resolver per element of a dynamic block's known `for_each`; undefined when it is not known. */
function expanded(dyn: Dynamic, resolve: Resolver): Resolver[] | undefined {
  if (!dyn.forEach || !resolve.iterate || !resolve.within) return undefined;
  const elements = resolve.iterate(dyn.forEach.value, DYNAMIC_ELEMENTS_MAX);
  return elements?.map((e) => resolve.within!(dyn.iterator, e));
}

/** A block attribute's text: a literal string, else what it evaluates to, else (`symbolic`) its expression. */
function nameOf(a: HclAttribute, resolve: Resolver): { text: string; symbolic: boolean } {
  const literal = stringLiteral(a.value);
  if (literal !== undefined) return { text: literal, symbolic: false };
  const v = resolve.evaluate?.(a.value);
  if (v?.k === 'text') return { text: v.text, symbolic: false };
  return { text: core(a.value).text, symbolic: true };
}

function statement(b: HclBlock, info: BlockInfo, ctx: DocContext, doc: BuiltDocument): PObject {
  const node: PObject = { kind: 'object', span: info.span, props: [] };
  ctx.bindings.set(node, { kind: 'statement', block: info });
  const value = (n: Node) => hclToNode(n, ctx.resolve, ctx.lists);
  for (const a of attributesOf(b.body)) {
    const m = STATEMENT_ATTRS[a.name];
    // An argument whose value is null is one not written (`not_actions = each.value.not_actions`, unset).
    if (!m || ctx.resolve.isNull?.(a.value)) continue;
    const p: PProp = { key: m[0], keySpan: spanOf(a.nameNode), value: value(a.value), span: spanOf(a.node) };
    ctx.bindings.set(p, { kind: 'attr', attr: attrInfo(a), list: m[1], parent: info });
    if (m[1]) ctx.bindings.set(p.value, { kind: 'listValue' });
    node.props.push(p);
  }
  if (!node.props.some((p) => p.key === 'Effect')) {
    const p: PProp = { key: 'Effect', keySpan: info.keywordSpan, value: { kind: 'string', span: info.keywordSpan, value: 'Allow' }, span: info.keywordSpan };
    ctx.bindings.set(p, { kind: 'default', name: 'effect', parent: info });
    ctx.bindings.set(p.value, { kind: 'default', name: 'effect', parent: info });
    node.props.push(p);
  }
  const nested = { principals: [] as Nested[], not_principals: [] as Nested[], condition: [] as Nested[] };
  for (const c of blocksOf(b.body)) {
    const dyn = dynamicContent(c);
    const type = dyn ? dyn.name : c.type;
    if (type !== 'principals' && type !== 'not_principals' && type !== 'condition') continue;
    if (dyn) {
      if (dyn.empty || !dyn.content) continue;
      const info = { ...blockInfo(dyn.content), span: spanOf(c.node), keywordSpan: blockInfo(c, true).keywordSpan, dynamic: true };
      const each = expanded(dyn, ctx.resolve);
      if (each) for (const r of each) nested[type].push([dyn.content, info, r]);
      else {
        if (!dyn.static) doc.partial = true;
        nested[type].push([dyn.content, info]);
      }
    } else nested[type].push([c, blockInfo(c)]);
  }
  for (const t of ['principals', 'not_principals'] as const) if (nested[t].length) node.props.push(principals(t, nested[t], info, ctx));
  if (nested.condition.length) node.props.push(conditions(nested.condition, info, ctx));
  node.props.sort((x, y) => x.keySpan.start - y.keySpan.start);
  return node;
}

/** A nested block, with the resolver of its `dynamic` element when it is one of an expanded block. */
type Nested = [HclBlock, BlockInfo, Resolver?];

function around(list: Nested[]): Span {
  return { start: list[0][1].span.start, end: list[list.length - 1][1].span.end };
}

function principals(type: 'principals' | 'not_principals', list: Nested[], parent: BlockInfo, ctx: DocContext): PProp {
  const span = around(list);
  const obj: PObject = { kind: 'object', span, props: [] };
  ctx.bindings.set(obj, { kind: 'principalsObj', blockType: type, blocks: list.map((l) => l[1]), parent });
  for (const [b, info, own] of list) {
    const resolve = own ?? ctx.resolve;
    const attrs = attributesOf(b.body);
    const t = attrs.find((a) => a.name === 'type');
    const ids = attrs.find((a) => a.name === 'identifiers');
    const value: PNode = ids ? hclToNode(ids.value, resolve, ctx.lists) : { kind: 'array', span: info.keywordSpan, items: [] };
    ctx.bindings.set(value, { kind: 'listValue' });
    const typeName = t && nameOf(t, resolve);
    const p: PProp = { key: typeName?.text ?? '', keySpan: t ? spanOf(t.value) : info.keywordSpan, value, span: info.span };
    if (typeName?.symbolic) p.keySymbolic = true;
    ctx.bindings.set(p, { kind: 'principalType', blockType: type, block: info, type: t && attrInfo(t), parent });
    obj.props.push(p);
  }
  const prop: PProp = { key: type === 'principals' ? 'Principal' : 'NotPrincipal', keySpan: list[0][1].keywordSpan, value: obj, span };
  ctx.bindings.set(prop, { kind: 'blocks', blockType: type, blocks: list.map((l) => l[1]), parent });
  // `type = "*"` with `identifiers = ["*"]` is written out as "Principal": "*".
  const only = obj.props.length === 1 ? obj.props[0] : undefined;
  const star = only?.key === '*' && only.value.kind === 'array' && only.value.items.length === 1 ? only.value.items[0] : undefined;
  if (star?.kind === 'string' && star.value === '*') {
    prop.value = star;
    ctx.bindings.set(star, { kind: 'principalsObj', blockType: type, blocks: list.map((l) => l[1]), parent });
  }
  return prop;
}

function conditions(list: Nested[], parent: BlockInfo, ctx: DocContext): PProp {
  const span = around(list);
  const obj: PObject = { kind: 'object', span, props: [] };
  ctx.bindings.set(obj, { kind: 'conditionObj', blocks: list.map((l) => l[1]), parent });
  const ops = new Map<string, { prop: PProp; inner: PObject; blocks: { block: BlockInfo; test?: ReturnType<typeof attrInfo> }[] }>();
  for (const [b, info, own] of list) {
    const resolve = own ?? ctx.resolve;
    const attrs = attributesOf(b.body);
    const test = attrs.find((a) => a.name === 'test');
    const variable = attrs.find((a) => a.name === 'variable');
    const values = attrs.find((a) => a.name === 'values');
    const testName = test && nameOf(test, resolve);
    const testKey = testName?.text ?? '';
    let op = ops.get(testKey);
    if (!op) {
      const inner: PObject = { kind: 'object', span: info.span, props: [] };
      const prop: PProp = { key: testKey, keySpan: test ? spanOf(test.value) : info.keywordSpan, value: inner, span: info.span };
      if (testName?.symbolic) prop.keySymbolic = true;
      op = { prop, inner, blocks: [] };
      ops.set(testKey, op);
      obj.props.push(prop);
      ctx.bindings.set(inner, { kind: 'conditionOpObj', test: testKey, parent });
      ctx.bindings.set(prop, { kind: 'conditionOp', test: testKey, blocks: op.blocks, parent });
    }
    op.blocks.push({ block: info, test: test && attrInfo(test) });
    op.prop.span = op.inner.span = { start: op.prop.span.start, end: info.span.end };
    const value: PNode = values ? hclToNode(values.value, resolve, ctx.lists) : { kind: 'array', span: info.keywordSpan, items: [] };
    ctx.bindings.set(value, { kind: 'listValue' });
    const variableName = variable && nameOf(variable, resolve);
    const key: PProp = { key: variableName?.text ?? '', keySpan: variable ? spanOf(variable.value) : info.keywordSpan, value, span: info.span };
    if (variableName?.symbolic) key.keySymbolic = true;
    ctx.bindings.set(key, { kind: 'conditionKey', test: testKey, block: info, variable: variable && attrInfo(variable), parent });
    op.inner.props.push(key);
  }
  const prop: PProp = { key: 'Condition', keySpan: list[0][1].keywordSpan, value: obj, span };
  ctx.bindings.set(prop, { kind: 'blocks', blockType: 'condition', blocks: list.map((l) => l[1]), parent });
  return prop;
}

/** One object per module file for the nodes written in it (`Home.file`): its path and text, nothing else. */
const homeFiles = new WeakMap<ModuleFile, Home['file']>();

function homeFile(f: ModuleFile): Home['file'] {
  let h = homeFiles.get(f);
  if (!h) homeFiles.set(f, (h = { path: f.path, text: f.text }));
  return h;
}

/**
 * Points every span of a subtree at `span` and marks it as not editable from this file; each node keeps where
 * it was written (`home`: the first file that wrote it, for a document composed through several).
 */
function makeForeign(n: PNode | PProp, span: Span, bindings: Bindings, file: ModuleFile): void {
  bindings.set(n, { kind: 'foreign' });
  n.home ??= { file: homeFile(file), offset: ('keySpan' in n ? n.keySpan : n.span).start };
  n.span = span;
  if ('keySpan' in n) {
    n.keySpan = span;
    makeForeign(n.value, span, bindings, file);
    return;
  }
  if (n.kind === 'object') for (const p of n.props) makeForeign(p, span, bindings, file);
  else if (n.kind === 'array') for (const i of n.items) makeForeign(i, span, bindings, file);
}
