import type { Node } from 'web-tree-sitter';
import type { PNode, PProp, Span, SyntaxProblem } from '../policy/model';
import type { Bindings } from './doc-binding';
import type { CallLists, Resolver } from './hcl-value';
import type { Generation } from './memo';

/** A WeakMap that also lists what was put in it, so that a copy can be made with other keys. */
export class ListedWeakMap<K extends object, V> extends WeakMap<K, V> {
  readonly listed: [K, V][] = [];

  override set(key: K, value: V): this {
    this.listed.push([key, value]);
    return super.set(key, value);
  }
}

export function listedCallLists(): CallLists {
  return { tuples: new ListedWeakMap(), owner: new ListedWeakMap() };
}

/** A policy built from HCL (a jsonencode call, a heredoc, a policy document), in the offsets of its text. */
export interface Built {
  root?: PNode;
  lists: CallLists;
  bindings?: Bindings;
  /** Problems found reading the policy itself (the JSON of a heredoc). */
  errors: SyntaxProblem[];
  /** The heredoc's JSON text. */
  content?: Span;
  byteLength?: number;
  partial?: boolean;
  merged?: string[];
  /** The build read other parts of the module than its own text and the references it resolved: not kept. */
  external?: boolean;
}

/** The builds kept from the last extraction of a file. */
export type BuildTable = Generation<BuildEntry>;

interface BuildEntry {
  start: number;
  built: Built;
  /** Every reference the build resolved, with the answer it got. */
  resolved: [string[], string | undefined][];
}

/**
 * Builds policies, or restates the one built last time from the same text when every reference it resolved
 * still resolves the same way. What a build produces depends only on the syntax tree of its text (the same
 * text without syntax errors parses to the same tree) and on what `resolve` answers; the copy has every
 * offset moved by how far the text moved.
 */
export class BuildMemo {
  constructor(private readonly table: BuildTable | undefined, private readonly text: string, private readonly resolve: Resolver) {}

  /** The built policy of `home` (the node whose text it is built from; undefined: build without keeping). */
  use(kind: string, home: Node | undefined, build: (resolve: Resolver) => Built): Built {
    if (!this.table || !home || home.hasError) return build(this.resolve);
    const key = `${kind}\u0000${this.text.slice(home.startIndex, home.endIndex)}`;
    const hit = this.table.get(key);
    if (hit && hit.resolved.every(([names, answer]) => this.resolve(names) === answer)) {
      const copy = moveBuilt(hit.built, home.startIndex - hit.start);
      if (copy) {
        this.table.set(key, hit);
        return copy;
      }
    }
    const resolved: BuildEntry['resolved'] = [];
    const built = build((names) => {
      const answer = this.resolve(names);
      resolved.push([[...names], answer]);
      return answer;
    });
    if (!built.external) this.table.set(key, { start: home.startIndex, built, resolved });
    return built;
  }
}

/** A copy of `b` with every offset moved by `delta`; undefined when its maps were not listed. */
function moveBuilt(b: Built, delta: number): Built | undefined {
  const { tuples, owner } = b.lists;
  if (!(tuples instanceof ListedWeakMap) || !(owner instanceof ListedWeakMap)) return undefined;
  if (b.bindings && !(b.bindings instanceof ListedWeakMap)) return undefined;
  const copies = new Map<object, unknown>();
  const node = <T extends PNode | PProp>(n: T): T => copyModel(n, delta, copies) as T;
  const lists: CallLists = { tuples: new ListedWeakMap(), owner: new ListedWeakMap() };
  for (const [k, v] of tuples.listed) lists.tuples.set(node(k), v.map(node));
  for (const [k, v] of owner.listed) lists.owner.set(node(k), node(v));
  const out: Built = { ...b, lists, errors: b.errors.map((e) => ({ ...e, span: moved(e.span, delta) })) };
  if (b.root) out.root = node(b.root);
  if (b.content) out.content = moved(b.content, delta);
  if (b.bindings) {
    const bindings = new ListedWeakMap<object, never>();
    for (const [k, v] of (b.bindings as ListedWeakMap<object, never>).listed) bindings.set(node(k as PNode), shiftAll(v, delta, copies) as never);
    out.bindings = bindings;
  }
  return out;
}

function moved(s: Span, delta: number): Span {
  return { start: s.start + delta, end: s.end + delta };
}

/** Copies a model node or member (once, however often it is reached), moving its spans. */
function copyModel(n: PNode | PProp, delta: number, copies: Map<object, unknown>): PNode | PProp {
  const done = copies.get(n);
  if (done) return done as PNode | PProp;
  const span = (s: Span) => {
    let c = copies.get(s) as Span | undefined;
    if (!c) copies.set(s, (c = moved(s, delta)));
    return c;
  };
  if ('keySpan' in n) {
    const p: PProp = { ...n, keySpan: span(n.keySpan), span: span(n.span) };
    copies.set(n, p);
    p.value = copyModel(n.value, delta, copies) as PNode;
    return p;
  }
  const c = { ...n, span: span(n.span) } as PNode;
  copies.set(n, c);
  if (c.kind === 'object' && n.kind === 'object') c.props = n.props.map((p) => copyModel(p, delta, copies) as PProp);
  else if (c.kind === 'array' && n.kind === 'array') c.items = n.items.map((i) => copyModel(i, delta, copies) as PNode);
  return c;
}

/** A copy of plain data in which every number is an offset (the bindings of a policy document). */
function shiftAll(x: unknown, delta: number, copies: Map<object, unknown>): unknown {
  if (typeof x === 'number') return x + delta;
  if (!x || typeof x !== 'object') return x;
  const done = copies.get(x);
  if (done) return done;
  const out: Record<string, unknown> | unknown[] = Array.isArray(x) ? [] : {};
  copies.set(x, out);
  for (const [k, v] of Object.entries(x)) (out as Record<string, unknown>)[k] = shiftAll(v, delta, copies);
  return out;
}
