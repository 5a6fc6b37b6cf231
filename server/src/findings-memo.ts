import type { EditOp, PNode, PProp, PolicySource, Span } from './policy/model';
import type { Report } from './rules/types';
import type { KeyscopeSettings } from './settings';
import { BoundedMap } from './cache';
import { instanceState } from './state';
import { DOCUMENT_CHARS_KEPT, DOCUMENTS_KEPT } from './terraform';

/**
 * What the policy rules reported on each policy of a document, kept from one analysis of the document to the
 * next. A keystroke in a .tf file with a hundred policies changes one of them (or none): the rules and the
 * access evaluator then run only for that one, and the reports of the others are replayed.
 *
 * A policy rule sees its source, the settings and the document text inside the source (for sizes and
 * characters); nothing else. Two sources that agree in all of that, with every offset taken relative to the
 * start of the source, get the same reports with every offset moved by the difference of their starts. That
 * is what the fingerprint captures. Fixes are kept as model edits and written again by the new source's
 * writer, since how a fix is written depends on the whole file (its indentation step, its key style).
 */

interface Kept {
  reports: Report[];
  /** Some report carries a number in its data, which may be an offset: replayed only where nothing moved. */
  positional: boolean;
}

interface Entry {
  start: number;
  /** The source the reports were made on, to map the nodes their fixes name. */
  source: PolicySource;
  byRule: Map<string, Kept>;
}

interface DocMemo {
  settings: KeyscopeSettings;
  entries: Map<string, Entry>;
}

// The same documents as the Terraform extraction tables (see there why these bounds).
// Per engine instance: the documents of one workspace folder are never replayed into another's.
const docs = instanceState(() => new BoundedMap<string, DocMemo>({ max: DOCUMENTS_KEPT, maxWeight: DOCUMENT_CHARS_KEPT, name: 'findings.docs' }));

/** What one source of this analysis has: its entry, and the previous analysis's for an equivalent source. */
interface Slot {
  entry: Entry;
  previous?: Entry;
}

/** The memo of one analysis of the document at `path`: reads the last analysis, collects this one. */
export class FindingsMemo {
  private readonly previous?: Map<string, Entry>;
  private readonly current = new Map<string, Entry>();
  /** Looked up once per source: fingerprints are long, and every rule asks. */
  private readonly slots = new Map<PolicySource, Slot | null>();
  private readonly maps = new Map<PolicySource, Map<object, PNode | PProp>>();

  constructor(private readonly path: string, private readonly settings: KeyscopeSettings) {
    const last = docs().peek(path);
    if (last && sameSettings(last.settings, settings)) this.previous = last.entries;
  }

  /** The reports `ruleId` made on an equivalent source last time, moved onto `source`; undefined when none. */
  replay(ruleId: string, source: PolicySource, text: string): Report[] | undefined {
    const slot = this.slotOf(source, text);
    const from = slot?.previous;
    const kept = from?.byRule.get(ruleId);
    if (!slot || !from || !kept) return undefined;
    const delta = source.span.start - from.start;
    if (kept.positional && delta !== 0) return undefined;
    const reports = moveReports(kept.reports, () => this.nodesBetween(from.source, source), delta);
    if (reports) slot.entry.byRule.set(ruleId, { reports, positional: kept.positional });
    return reports;
  }

  /** Keeps what `ruleId` reported on `source` for the next analysis. */
  store(ruleId: string, source: PolicySource, text: string, reports: Report[]): void {
    this.slotOf(source, text)?.entry.byRule.set(ruleId, { reports, positional: reports.some((r) => hasNumber(r.data, 0)) });
  }

  /** Makes this analysis the one the next analysis of the document replays from. */
  commit(text: string): void {
    docs().set(this.path, { settings: this.settings, entries: this.current }, text.length);
  }

  /** The node map from the source of the previous analysis that `source` replays, made once per analysis. */
  private nodesBetween(from: PolicySource, source: PolicySource): Map<object, PNode | PProp> {
    let m = this.maps.get(source);
    if (!m) this.maps.set(source, (m = nodeMap(from, source)));
    return m;
  }

  private slotOf(source: PolicySource, text: string): Slot | null {
    let slot = this.slots.get(source);
    if (slot === undefined) {
      const key = fingerprint(source, text);
      slot = null;
      if (key !== undefined) {
        // Identical sources within one document share the fingerprint: the last one analysed is kept.
        const entry: Entry = { start: source.span.start, source, byRule: new Map() };
        this.current.set(key, entry);
        slot = { entry, previous: this.previous?.get(key) };
      }
      this.slots.set(source, slot);
    }
    return slot;
  }
}

function sameSettings(a: KeyscopeSettings, b: KeyscopeSettings): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Everything a policy rule can read of a source, offsets relative to its start, as one string (every piece
 * of text length-prefixed, so no two different sources can give the same string). Undefined for a policy
 * read from another file: its offsets are in that file.
 */
function fingerprint(source: PolicySource, text: string): string | undefined {
  if (source.reportAt || source.filePath) return undefined;
  const base = source.span.start;
  let out = `${str(source.kind)}${str(source.name)}${str(source.owner ?? '')}${source.keyPolicy ? 1 : 0}${source.partial ? 1 : 0}${source.feeds ? (source.feeds.outside ? 2 : 1) : 0}${str(source.feeds?.by ?? '')}|${source.byteLength ?? ''}|${source.span.end - base}|`;
  for (const e of source.syntaxErrors) out += `E${e.span.start - base}:${e.span.end - base}${str(e.message)}`;
  if (source.policy.root) out = writeNode(source.policy.root, base, out);
  return out + str(text.slice(source.span.start, source.span.end));
}

function str(s: string): string {
  return `${s.length}:${s}`;
}

const KIND = { object: 'O', array: 'A', string: 'S', number: 'N', boolean: 'B', null: 'Z', symbolic: 'Y' } as const;

function writeNode(n: PNode, base: number, out: string): string {
  out += `${KIND[n.kind]}${n.span.start - base}:${n.span.end - base}`;
  // What a Terraform composition says of a node changes what rules conclude from it.
  if (n.optionalIf !== undefined) out += `?${str(n.optionalIf)}`;
  switch (n.kind) {
    case 'object':
      if (n.composedAs) out += `c${n.composedAs.role}${str(n.composedAs.from)}`;
      out += `{${n.props.length}`;
      for (const p of n.props) {
        out += `${str(p.key)}${p.keySymbolic ? '~' : '.'}${p.keySpan.start - base}:${p.keySpan.end - base}:${p.span.start - base}:${p.span.end - base}`;
        out = writeNode(p.value, base, out);
      }
      return out;
    case 'array':
      out += `[${n.items.length}`;
      for (const i of n.items) out = writeNode(i, base, out);
      return out;
    case 'string':
      return `${out}${str(n.value)}${n.template ? 't' : 'f'}${n.resolved === undefined ? '-' : str(n.resolved)}`;
    case 'symbolic':
      return `${out}${str(n.expr)}${n.resolved === undefined ? '-' : str(n.resolved)}`;
    case 'null':
      return out;
    default:
      return out + str(String(n.value));
  }
}

/** Every node and member of a model, in a fixed order: equal fingerprints give equal lists. */
function nodesOf(n: PNode, out: (PNode | PProp)[]): (PNode | PProp)[] {
  out.push(n);
  if (n.kind === 'object') {
    for (const p of n.props) {
      out.push(p);
      nodesOf(p.value, out);
    }
  } else if (n.kind === 'array') for (const i of n.items) nodesOf(i, out);
  return out;
}

/** Each node of `from`'s model with the node at the same place in `to`'s (an equivalent source). */
function nodeMap(from: PolicySource, to: PolicySource): Map<object, PNode | PProp> {
  const a = from.policy.root ? nodesOf(from.policy.root, []) : [];
  const b = to.policy.root ? nodesOf(to.policy.root, []) : [];
  return new Map(a.map((n, i) => [n, b[i]]));
}

/** `reports` restated on an equivalent source `delta` further on; undefined if a fix names a node not in the model. */
function moveReports(reports: Report[], nodes: () => Map<object, PNode | PProp>, delta: number): Report[] | undefined {
  const out: Report[] = [];
  for (const r of reports) {
    const at = 'span' in r.at ? r.at.span : r.at;
    // A node written in another file keeps saying where (its `home`): the same node of the new model, not a span.
    const same = 'span' in r.at && 'home' in r.at && r.at.home ? nodes().get(r.at) : undefined;
    const moved: Report = { ...r, at: same ?? shift(at, delta) };
    if (r.fixes) {
      const fixes = [];
      for (const f of r.fixes) {
        const ops = f.ops && moveOps(f.ops, nodes());
        if (f.ops && !ops) return undefined;
        fixes.push({ ...f, ...(ops ? { ops } : {}), ...(f.edits ? { edits: f.edits.map((e) => ({ ...shift(e, delta), newText: e.newText })) } : {}) });
      }
      moved.fixes = fixes;
    }
    out.push(moved);
  }
  return out;
}

function moveOps(ops: EditOp[], nodes: Map<object, PNode | PProp>): EditOp[] | undefined {
  const out: EditOp[] = [];
  for (const op of ops) {
    const copy: Record<string, unknown> = { ...op };
    for (const k of ['node', 'prop', 'array', 'item', 'object'] as const) {
      if (!(k in op)) continue;
      const m = nodes.get((op as unknown as Record<string, object>)[k]);
      if (!m) return undefined;
      copy[k] = m;
    }
    out.push(copy as EditOp);
  }
  return out;
}

function shift(s: Span, delta: number): Span {
  return { start: s.start + delta, end: s.end + delta };
}

function hasNumber(x: unknown, depth: number): boolean {
  if (typeof x === 'number') return true;
  if (depth > 8 || !x || typeof x !== 'object') return false;
  return Object.values(x).some((v) => hasNumber(v, depth + 1));
}
