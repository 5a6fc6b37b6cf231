import type { Node } from 'web-tree-sitter';
import type { PArray, PNode, PProp, Span, SyntaxProblem } from '../../policy/model';
import type { Binding, Bindings } from '../write/doc-binding';
import type { CallLists, Resolver } from '../syntax/hcl-value';
import type { GenerationMap } from '../../cache';

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
export type BuildTable = GenerationMap<string, BuildEntry>;

/** Marks a recorded reference read by the evaluator (`RootWatch`) rather than by `resolve`. */
const ROOT = '\u0001';

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
  constructor(private readonly table: BuildTable | undefined, private readonly text: string, readonly resolve: Resolver) {}

  /** The built policy of `home` (the node whose text it is built from; undefined: build without keeping). */
  use(kind: string, home: Node | undefined, build: (resolve: Resolver) => Built): Built {
    if (!this.table || !home || home.hasError) return build(this.resolve);
    const key = `${kind}\u0000${this.text.slice(home.startIndex, home.endIndex)}`;
    const hit = this.table.get(key);
    if (hit && hit.resolved.every(([names, answer]) => (names[0] === ROOT ? this.resolve.roots?.answer(names.slice(1)) : this.resolve(names)) === answer)) {
      // Where nothing moved the build is shared: nothing changes a policy model once it is built.
      const delta = home.startIndex - hit.start;
      const copy = delta === 0 ? hit.built : moveBuilt(hit.built, delta);
      if (copy) {
        this.table.set(key, hit);
        return copy;
      }
    }
    const resolved: BuildEntry['resolved'] = [];
    const recording: Resolver = (names) => {
      const answer = this.resolve(names);
      resolved.push([[...names], answer]);
      return answer;
    };
    recording.evaluate = this.resolve.evaluate;
    recording.iterate = this.resolve.iterate;
    recording.within = this.resolve.within;
    recording.isNull = this.resolve.isNull;
    recording.describe = this.resolve.describe;
    recording.instances = this.resolve.instances;
    // What an evaluation reads (variables, locals, resources) is recorded too, marked apart from names.
    const stop = this.resolve.roots?.watch((names, answer) => resolved.push([[ROOT, ...names], answer]));
    let built: Built;
    try {
      built = build(recording);
    } finally {
      stop?.();
    }
    if (!built.external) this.table.set(key, { start: home.startIndex, built, resolved });
    return built;
  }
}

/** A copy of `b` with every offset moved by `delta`; undefined when its maps were not listed. */
function moveBuilt(b: Built, delta: number): Built | undefined {
  const { tuples, owner } = b.lists;
  if (!(tuples instanceof ListedWeakMap) || !(owner instanceof ListedWeakMap)) return undefined;
  if (b.bindings && !(b.bindings instanceof ListedWeakMap)) return undefined;
  const m = new Mover(delta);
  const lists: CallLists = { tuples: new ListedWeakMap(), owner: new ListedWeakMap() };
  for (const [k, v] of (tuples as ListedWeakMap<PArray, PArray[]>).listed) lists.tuples.set(m.model(k), v.map((t) => m.model(t)));
  for (const [k, v] of (owner as ListedWeakMap<PNode, PArray>).listed) lists.owner.set(m.model(k), m.model(v));
  const out: Built = { ...b, lists, errors: b.errors.map((e) => ({ ...e, span: m.span(e.span) })) };
  if (b.root) out.root = m.model(b.root);
  if (b.content) out.content = m.span(b.content);
  if (b.bindings) {
    const bindings = new ListedWeakMap<object, Binding>();
    for (const [k, v] of (b.bindings as ListedWeakMap<object, Binding>).listed) bindings.set(m.model(k as PNode), m.data(v) as Binding);
    out.bindings = bindings;
  }
  return out;
}

/** Copies model nodes and plain data, each object once however often it is reached, moving every offset. */
class Mover {
  private readonly copies = new Map<object, unknown>();

  constructor(private readonly delta: number) {}

  span(s: Span): Span {
    let c = this.copies.get(s) as Span | undefined;
    if (!c) this.copies.set(s, (c = { start: s.start + this.delta, end: s.end + this.delta }));
    return c;
  }

  model<T extends PNode | PProp>(n: T): T {
    const done = this.copies.get(n);
    if (done) return done as T;
    if ('keySpan' in n) {
      const p: PProp = { ...n, keySpan: this.span(n.keySpan), span: this.span(n.span) };
      this.copies.set(n, p);
      p.value = this.model(n.value);
      return p as T;
    }
    const c = { ...n, span: this.span(n.span) } as PNode;
    this.copies.set(n, c);
    if (c.kind === 'object' && n.kind === 'object') c.props = n.props.map((p) => this.model(p));
    else if (c.kind === 'array' && n.kind === 'array') c.items = n.items.map((i) => this.model(i));
    return c as T;
  }

  /** Plain data in which every number is an offset (the bindings of a policy document). */
  data(x: unknown): unknown {
    if (typeof x === 'number') return x + this.delta;
    if (!x || typeof x !== 'object') return x;
    const done = this.copies.get(x);
    if (done) return done;
    const out: Record<string, unknown> | unknown[] = Array.isArray(x) ? [] : {};
    this.copies.set(x, out);
    for (const k of Object.keys(x)) (out as Record<string, unknown>)[k] = this.data((x as Record<string, unknown>)[k]);
    return out;
  }
}
