import type { TextEdit } from '../../policy/model';
import type { TfAttribute, TfBlock } from '../model';
import { leadingSpace } from '../syntax/resources';

/**
 * Text edits that add, change or remove a top-level attribute of a Terraform block, written the way
 * `terraform fmt` would leave them: one attribute per line at the block's indentation, and the `=` signs of a
 * run of single-line attributes on consecutive lines aligned (when the run was aligned before).
 */

/** Sets `name = valueText`: replaces the value when the attribute exists, inserts it otherwise. */
export function setAttribute(text: string, block: TfBlock, name: string, valueText: string): TextEdit[] {
  const existing = block.attributes.find((a) => a.name === name);
  if (existing) return [{ start: existing.valueSpan.start, end: existing.valueSpan.end, newText: valueText }];
  return insertAttribute(text, block, name, valueText);
}

/** Inserts `name = valueText` after the block's last attribute (or as its first line). */
export function insertAttribute(text: string, block: TfBlock, name: string, valueText: string): TextEdit[] {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const attrs = block.attributes;
  const last = attrs[attrs.length - 1];
  const closeOnOwnLine = leadingSpace(text, block.bodyEnd) !== undefined;
  if (last && leadingSpace(text, last.span.start) !== undefined && closeOnOwnLine) {
    const lineEnd = endOfLine(text, last.span.end);
    const group = isSingleLine(text, last) ? groupOf(text, attrs, attrs.length - 1) : [];
    const edits = alignTo(text, group, Math.max(name.length, ...group.map((a) => a.name.length)));
    const pad = aligned(text, group) ? ' '.repeat(Math.max(name.length, ...group.map((a) => a.name.length)) - name.length) : '';
    edits.push({ start: lineEnd, end: lineEnd, newText: `${eol}${block.indent}${name}${pad} = ${valueText}` });
    return edits;
  }
  const outer = leadingSpace(text, block.span.start) ?? '';
  if (!last && closeOnOwnLine) {
    return [{ start: block.bodyStart, end: block.bodyStart, newText: `${eol}${block.indent}${name} = ${valueText}` }];
  }
  // A one-line block (`{}` or `{ name = "x" }`): written out over several lines.
  const lines = attrs.map((a) => [a.name, text.slice(a.valueSpan.start, a.valueSpan.end)]);
  lines.push([name, valueText]);
  const width = Math.max(...lines.map(([n]) => n.length));
  const body = lines.map(([n, v]) => `${block.indent}${n.padEnd(width)} = ${v}${eol}`).join('');
  return [{ start: block.bodyStart, end: block.bodyEnd, newText: `${eol}${body}${outer}` }];
}

/**
 * Removes attributes: each its whole line(s) with a trailing comment, or just itself in a one-line block. An
 * aligned run they belonged to is re-aligned to its longest remaining name.
 */
export function removeAttributes(text: string, block: TfBlock, remove: TfAttribute[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const groups = new Set<TfAttribute[]>();
  for (const attr of remove) {
    const lineStart = text.lastIndexOf('\n', attr.span.start - 1) + 1;
    const lineEnd = endOfLine(text, attr.span.end);
    const rest = text.slice(attr.span.end, lineEnd);
    if (leadingSpace(text, attr.span.start) !== undefined && /^[ \t]*((#|\/\/).*)?\r?$/.test(rest)) {
      const group = isSingleLine(text, attr) ? groupOf(text, block.attributes, block.attributes.indexOf(attr)) : [];
      if (![...groups].some((g) => g[0] === group[0])) groups.add(group);
      const next = lineEnd < text.length ? lineEnd + 1 : lineEnd;
      // A blank line left right before the closing brace goes too.
      const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
      const blankBefore = lineStart > 0 && /^[ \t]*\r?\n$/.test(text.slice(prevStart, lineStart)) && prevStart > block.bodyStart;
      const closeNext = /^[ \t]*$/.test(text.slice(next, block.bodyEnd));
      edits.push({ start: blankBefore && closeNext ? prevStart : lineStart, end: next, newText: '' });
      continue;
    }
    let end = attr.span.end;
    while (end < block.bodyEnd && (text[end] === ' ' || text[end] === '\t')) end++;
    edits.push({ start: attr.span.start, end, newText: '' });
  }
  for (const group of groups) {
    const others = group.filter((a) => !remove.includes(a));
    if (aligned(text, group) && others.length > 0) edits.push(...alignTo(text, others, Math.max(...others.map((a) => a.name.length)), true));
  }
  return edits;
}

/** Offset of the end of the line `offset` lies on (before `\r\n` / `\n`). */
function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** True when `b` starts on the line after the one single-line attribute `a` is on. */
function nextLine(text: string, a: TfAttribute, b: TfAttribute): boolean {
  const between = text.slice(a.span.end, b.span.start);
  return between.indexOf('\n') === between.lastIndexOf('\n') && between.includes('\n');
}

function isSingleLine(text: string, a: TfAttribute): boolean {
  return !text.slice(a.span.start, a.span.end).includes('\n');
}

/**
 * The run of attributes `terraform fmt` aligns together with `attrs[index]`: single-line attributes, each
 * starting its line, on consecutive lines (a multi-line value ends a run).
 */
function groupOf(text: string, attrs: TfAttribute[], index: number): TfAttribute[] {
  const fits = (a: TfAttribute) => isSingleLine(text, a) && leadingSpace(text, a.span.start) !== undefined;
  if (!fits(attrs[index])) return [];
  let lo = index;
  while (lo > 0 && fits(attrs[lo - 1]) && nextLine(text, attrs[lo - 1], attrs[lo])) lo--;
  let hi = index;
  while (hi + 1 < attrs.length && fits(attrs[hi + 1]) && nextLine(text, attrs[hi], attrs[hi + 1])) hi++;
  return attrs.slice(lo, hi + 1);
}

/** The whitespace between an attribute's name and its `=`, as offsets. */
function gapOf(text: string, a: TfAttribute): { start: number; end: number } {
  const eq = text.indexOf('=', a.nameSpan.end);
  return { start: a.nameSpan.end, end: eq === -1 || eq > a.valueSpan.start ? a.nameSpan.end : eq };
}

/** True when the run is laid out as `terraform fmt` does: every `=` one space after the longest name. */
function aligned(text: string, group: TfAttribute[]): boolean {
  if (group.length === 0) return false;
  const width = Math.max(...group.map((a) => a.name.length));
  return group.every((a) => {
    const g = gapOf(text, a);
    return text.slice(g.start, g.end) === ' '.repeat(width - a.name.length + 1);
  });
}

/** Edits that move the `=` of an aligned run so the longest name is `width` long. */
function alignTo(text: string, group: TfAttribute[], width: number, known = false): TextEdit[] {
  if (!known && !aligned(text, group)) return [];
  const edits: TextEdit[] = [];
  for (const a of group) {
    const g = gapOf(text, a);
    const want = ' '.repeat(width - a.name.length + 1);
    if (text.slice(g.start, g.end) !== want) edits.push({ start: g.start, end: g.end, newText: want });
  }
  return edits;
}
