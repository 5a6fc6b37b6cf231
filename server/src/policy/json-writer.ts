import type { EditOp, JsonValue, PolicyWriter, Span, TextEdit } from './model';

/**
 * Writes model edits as JSON text, in the document's own style: its indentation unit, and inline or
 * one-per-line arrays as the array being edited already is.
 */
export class JsonWriter implements PolicyWriter {
  private readonly unit: string;

  /** `unit` overrides the indentation step detected from the text (JSON embedded in another document). */
  constructor(private readonly text: string, unit?: string) {
    this.unit = unit ?? detectIndentUnit(text);
  }

  write(ops: EditOp[]): TextEdit[] {
    return ops.map((op) => this.one(op));
  }

  private one(op: EditOp): TextEdit {
    switch (op.op) {
      case 'replace':
        return { ...op.node.span, newText: this.serialize(op.value, this.indentAt(op.node.span.start)) };
      case 'renameKey':
        return { ...op.prop.keySpan, newText: JSON.stringify(op.key) };
      case 'removeItem':
        return removeFromList(this.text, op.array.items.map((i) => i.span), op.array.items.indexOf(op.item));
      case 'removeProp':
        return removeFromList(this.text, op.object.props.map((p) => p.span), op.object.props.indexOf(op.prop));
      case 'addProp': {
        const obj = op.object;
        const member = `${JSON.stringify(op.key)}: `;
        if (obj.props.length === 0) {
          const ind = this.indentAt(obj.span.start);
          const value = this.serialize(op.value, ind + this.unit);
          return { start: obj.span.start, end: obj.span.end, newText: `{\n${ind}${this.unit}${member}${value}\n${ind}}` };
        }
        const last = obj.props[obj.props.length - 1];
        const multiline = this.isMultiline(obj.span);
        const ind = multiline ? this.indentAt(last.span.start) : '';
        const value = this.serialize(op.value, ind);
        return { start: last.span.end, end: last.span.end, newText: multiline ? `,\n${ind}${member}${value}` : `, ${member}${value}` };
      }
      case 'addItem': {
        const arr = op.array;
        if (arr.items.length === 0) return { ...arr.span, newText: `[${this.serialize(op.value, this.indentAt(arr.span.start))}]` };
        const last = arr.items[arr.items.length - 1];
        const multiline = this.isMultiline(arr.span);
        const ind = multiline ? this.indentAt(last.span.start) : '';
        return { start: last.span.end, end: last.span.end, newText: (multiline ? `,\n${ind}` : ', ') + this.serialize(op.value, ind) };
      }
    }
  }

  private isMultiline(span: Span): boolean {
    return this.text.slice(span.start, span.end).includes('\n');
  }

  /** Leading whitespace of the line holding `offset`. */
  private indentAt(offset: number): string {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(lineStart, offset))![0];
  }

  serialize(value: JsonValue, indent: string): string {
    return serializeJson(value, indent, this.unit);
  }
}

/** JSON text for `value`: objects one member per line, arrays of scalars inline. */
export function serializeJson(value: JsonValue, indent: string, unit: string): string {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    const inner = indent + unit;
    return `[\n${value.map((v) => inner + serializeJson(v, inner, unit)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = indent + unit;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${serializeJson(v, inner, unit)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export function detectIndentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  if (!m) return '  ';
  return m[1].startsWith('\t') ? '\t' : m[1].length >= 4 && m[1].length % 4 === 0 ? '    ' : '  ';
}

/**
 * Removes element `index` of a comma-separated list whose element spans are given, with its separator and,
 * when it sat on a line of its own, that line.
 */
export function removeFromList(text: string, spans: Span[], index: number): TextEdit {
  const cur = spans[index];
  if (index + 1 < spans.length) return { start: cur.start, end: spans[index + 1].start, newText: '' };
  if (index > 0) return { start: spans[index - 1].end, end: cur.end, newText: '' };
  // The only element: remove it and the blank line it leaves.
  const lineStart = text.lastIndexOf('\n', cur.start - 1) + 1;
  const before = text.slice(lineStart, cur.start);
  let end = cur.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (/^[ \t]*$/.test(before) && text[end] === '\n' && lineStart > 0) return { start: lineStart - 1, end, newText: '' };
  return { start: cur.start, end: cur.end, newText: '' };
}

/** Applies non-overlapping edits to a text (used by tests, the CLI `--fix` and fix-all). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) continue; // overlapping edit: skipped, the caller re-runs analysis
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}
