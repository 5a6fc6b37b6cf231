import type { EditOp, JsonValue, Span, TextEdit } from '../../policy/model';
import { removeFromList } from '../../policy/json-writer';

/** Writing HCL text: literals, lists and objects in the file's style, and removal of list/object elements. */

/** How object keys are written: bare identifiers or quoted, with `=` or `:`. */
export interface KeyStyle {
  quoted: boolean;
  sep: '=' | ':';
}

const KEYWORDS = new Set(['for', 'in', 'if', 'null', 'true', 'false', 'endfor', 'endif', 'else']);

/** An HCL string literal. `${` and `%{` are escaped so the value stays literal. */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, () => '$${').replace(/%\{/g, '%%{');
}

export function hclKey(key: string, style: KeyStyle): string {
  return !style.quoted && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !KEYWORDS.has(key) ? key : JSON.stringify(key);
}

/** HCL text for a JSON value: lists of scalars inline, objects one member per line with `=` aligned. */
export function hclValue(value: JsonValue, indent: string, unit: string, style: KeyStyle): string {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => hclValue(v, indent, unit, style)).join(', ')}]`;
    const inner = indent + unit;
    return `[\n${value.map((v) => inner + hclValue(v, inner, unit, style)).join(',\n')},\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = indent + unit;
    const keys = entries.map(([k]) => hclKey(k, style));
    const width = Math.max(...keys.map((k) => k.length));
    const sep = style.sep === ':' ? ' : ' : ' = ';
    return `{\n${entries.map(([, v], i) => `${inner}${keys[i].padEnd(style.sep === '=' ? width : 0)}${sep}${hclValue(v, inner, unit, style)}`).join('\n')}\n${indent}}`;
  }
  return typeof value === 'string' ? hclString(value) : JSON.stringify(value);
}

/** Leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** The indentation step of a text: the smallest increase of indentation from one level to the next. */
export function indentUnit(text: string): string {
  const levels = new Set<string>();
  for (const m of text.matchAll(/^([ \t]*)\S/gm)) levels.add(m[1]);
  if ([...levels].some((l) => l.startsWith('\t'))) return '\t';
  const sorted = [...levels].map((l) => l.length).sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i] - sorted[i - 1];
    if (d > 0 && d <= 8) return ' '.repeat(d);
  }
  return '  ';
}

/** True when the element at `span` is alone on its line(s): only whitespace before, and a comma, comment or nothing after. */
function ownLine(text: string, span: Span): { start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  if (!/^[ \t]*$/.test(text.slice(lineStart, span.start))) return undefined;
  const nl = text.indexOf('\n', span.end);
  const lineEnd = nl === -1 ? text.length : nl;
  // Blanks, then an optional comma with its blanks (one run of blanks each: two runs side by side would
  // backtrack quadratically on a long line of spaces), then an optional comment.
  if (!/^[ \t]*(?:,[ \t]*)?(?:(?:#|\/\/).*)?\r?$/.test(text.slice(span.end, lineEnd))) return undefined;
  return { start: lineStart, end: nl === -1 ? lineEnd : nl + 1 };
}

/**
 * Removes element `index` of an HCL list or object. An element alone on its line goes with its line (HCL
 * accepts the trailing comma that may remain); otherwise it goes with its separator.
 */
export function removeElement(text: string, spans: Span[], index: number): TextEdit {
  const own = ownLine(text, spans[index]);
  if (own && spans.length > 1) return { ...own, newText: '' };
  return removeFromList(text, spans, index);
}

/** Where and how to append an element after the last one of a list or object, in the file's style. */
export function appendAfter(text: string, elements: Span[], rendered: (indent: string) => string, commas: boolean): TextEdit {
  const last = elements[elements.length - 1];
  const first = elements[0];
  const multiline = text.slice(first.start, last.end).includes('\n') || ownLine(text, last) !== undefined;
  const after = /^[ \t]*,/.exec(text.slice(last.end));
  if (!multiline) return { start: last.end, end: last.end, newText: `, ${rendered('')}` };
  const ind = indentAt(text, last.start);
  if (after) {
    const at = last.end + after[0].length;
    return { start: at, end: at, newText: `\n${ind}${rendered(ind)},` };
  }
  return { start: last.end, end: last.end, newText: `${commas ? ',' : ''}\n${ind}${rendered(ind)}` };
}

/** The edits of every operation, or undefined when one of them cannot be written in this syntax. */
export function writeAll(ops: EditOp[], one: (op: EditOp) => TextEdit | TextEdit[] | undefined): TextEdit[] | undefined {
  const out: TextEdit[] = [];
  for (const op of ops) {
    // A value evaluated from an expression is not written where it stands: the expression is.
    const targets = op.op === 'replace' ? [op.node] : op.op === 'removeItem' ? [op.array, op.item] : op.op === 'addItem' ? [op.array] : op.op === 'addProp' ? [op.object] : op.op === 'removeProp' ? [op.object] : [];
    if (targets.some((t) => t.evaluated)) return undefined;
    const e = one(op);
    if (!e) return undefined;
    out.push(...(Array.isArray(e) ? e : [e]));
  }
  return out;
}
