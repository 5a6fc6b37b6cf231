import type { Node } from 'web-tree-sitter';
import { unquote, type HclBlock } from './hcl';
import type { GenerationMap } from '../../cache';
import { PAUSE, UNITS_PER_STEP, type Steps } from '../../steps';
import type { TfAttribute, TfBlock } from '../model';

/** Blocks read last time, by their text and what precedes them on their first line (the indentation). */
export type BlockTable = GenerationMap<string, { start: number; block: TfBlock | undefined }>;

/**
 * Reads every top-level `resource` and `data` block of a parsed .tf file: type, name, spans and attributes, with
 * the value of each attribute that is a literal. The tree may hold errors while the user types; whatever is
 * recognisable is read, the rest skipped.
 */
export function readBlocks(root: Node, text: string): TfBlock[] {
  const out: TfBlock[] = [];
  for (const body of root.namedChildren) {
    if (body?.type !== 'body') continue;
    for (const child of body.namedChildren) {
      const block = child?.type === 'block' ? readBlock(child, text) : undefined;
      if (block) out.push(block);
    }
  }
  return out;
}

/**
 * The same as `readBlocks`, from the top-level blocks of the file already found (those of another type are
 * not looked at again), reusing what `kept` holds for blocks whose text has not changed; in steps (steps.ts).
 */
export function* resourceBlocks(blocks: HclBlock[], text: string, kept: BlockTable): Steps<TfBlock[]> {
  const out: TfBlock[] = [];
  let read = 0;
  for (const b of blocks) {
    if (b.type !== 'resource' && b.type !== 'data') continue;
    if (++read % UNITS_PER_STEP === 0) yield PAUSE;
    const block = keptBlock(b.node, text, kept);
    if (block) out.push(block);
  }
  return out;
}

/** A block read from the syntax tree, or the one read last time from the same text, moved to where it is now. */
function keptBlock(node: Node, text: string, kept: BlockTable): TfBlock | undefined {
  if (node.hasError) return readBlock(node, text);
  const start = node.startIndex;
  const key = text.slice(text.lastIndexOf('\n', start - 1) + 1, node.endIndex);
  const hit = kept.get(key);
  if (hit) {
    kept.set(key, hit);
    return hit.block && movedBlock(hit.block, start - hit.start);
  }
  const block = readBlock(node, text);
  kept.set(key, { start, block });
  return block;
}

function movedBlock(b: TfBlock, d: number): TfBlock {
  const span = (s: { start: number; end: number }) => ({ start: s.start + d, end: s.end + d });
  return {
    ...b,
    span: span(b.span),
    headerSpan: span(b.headerSpan),
    nameSpan: span(b.nameSpan),
    bodyStart: b.bodyStart + d,
    bodyEnd: b.bodyEnd + d,
    attributes: b.attributes.map((a) => ({ ...a, span: span(a.span), nameSpan: span(a.nameSpan), valueSpan: span(a.valueSpan), ...(a.traversal ? { traversal: [...a.traversal] } : {}) })),
  };
}

function readBlock(node: Node, text: string): TfBlock | undefined {
  const kids = node.namedChildren.filter((k): k is Node => k !== null);
  const kind = kids[0]?.type === 'identifier' ? kids[0].text : '';
  if (kind !== 'resource' && kind !== 'data') return undefined;
  const labels = kids.slice(1).filter((k) => k.type === 'string_lit' || k.type === 'identifier');
  if (labels.length < 2) return undefined;
  const open = node.children.find((k) => k?.type === 'block_start');
  const close = node.children.find((k) => k?.type === 'block_end' && !k.isMissing);
  if (!open) return undefined;
  const body = kids.find((k) => k.type === 'body');
  const attributes: TfAttribute[] = [];
  let firstItem: Node | undefined;
  for (const item of body?.namedChildren ?? []) {
    if (!item || item.type === 'comment') continue;
    firstItem ??= item;
    if (item.type === 'attribute') {
      const a = readAttribute(item);
      if (a) attributes.push(a);
    }
  }
  return {
    blockType: kind,
    type: labelText(labels[0]),
    name: labelText(labels[1]),
    span: { start: node.startIndex, end: node.endIndex },
    headerSpan: { start: node.startIndex, end: labels[labels.length - 1].endIndex },
    nameSpan: { start: labels[1].startIndex, end: labels[1].endIndex },
    bodyStart: open.endIndex,
    bodyEnd: close ? close.startIndex : node.endIndex,
    indent: itemIndent(text, node.startIndex, firstItem?.startIndex),
    attributes,
    ...(node.hasError ? { broken: true as const } : {}),
  };
}

function labelText(n: Node): string {
  return n.type === 'string_lit' ? unquote(n.text) : n.text;
}

function readAttribute(node: Node): TfAttribute | undefined {
  const name = node.namedChildren[0];
  const value = node.namedChildren[1];
  if (name?.type !== 'identifier' || value?.type !== 'expression') return undefined;
  const attr: TfAttribute = {
    name: name.text,
    span: { start: node.startIndex, end: node.endIndex },
    nameSpan: { start: name.startIndex, end: name.endIndex },
    valueSpan: { start: value.startIndex, end: value.endIndex },
    expr: value.text,
  };
  const literal = literalOf(value);
  if (literal !== undefined) attr.literal = literal;
  const traversal = traversalOf(value);
  if (traversal) attr.traversal = traversal;
  return attr;
}

/** The value of a literal expression (`"x"`, `30`, `-1`, `true`); undefined for `null` and anything symbolic. */
function literalOf(expr: Node): string | number | boolean | undefined {
  const inner = expr.namedChildren[0];
  if (!inner || expr.namedChildren.length !== 1) return undefined;
  if (inner.type === 'operation') {
    // `-1`: a unary minus on a number literal is still a literal.
    const un = inner.namedChildren[0];
    const operand = un?.type === 'unary_operation' ? un.namedChildren[0] : undefined;
    const v = operand?.type === 'literal_value' && un?.text.trimStart().startsWith('-') ? literalValue(operand) : undefined;
    return typeof v === 'number' ? -v : undefined;
  }
  return inner.type === 'literal_value' ? literalValue(inner) : undefined;
}

function literalValue(node: Node): string | number | boolean | undefined {
  const lit = node.namedChildren[0];
  switch (lit?.type) {
    case 'bool_lit':
      return lit.text === 'true';
    case 'numeric_lit': {
      const n = Number(lit.text);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'string_lit':
      return unquote(lit.text);
    default:
      return undefined;
  }
}

/** `a.b[0].c` -> `['a', 'b', 'c']`; undefined when the expression is not a plain reference. */
function traversalOf(expr: Node): string[] | undefined {
  const parts = expr.namedChildren;
  if (parts[0]?.type !== 'variable_expr') return undefined;
  const names = [parts[0].text];
  for (const p of parts.slice(1)) {
    if (!p) return undefined;
    if (p.type === 'get_attr') names.push(p.text.replace(/^\s*\.\s*/, ''));
    else if (p.type !== 'index' && p.type !== 'splat') return undefined;
  }
  return names;
}

/**
 * Indentation of a block's attributes: that of its first item when the item starts its line, otherwise the
 * block's own indentation plus one step (a tab when the file indents with tabs, else two spaces).
 */
function itemIndent(text: string, blockStart: number, itemStart: number | undefined): string {
  if (itemStart !== undefined) {
    const lead = leadingSpace(text, itemStart);
    if (lead !== undefined) return lead;
  }
  const own = leadingSpace(text, blockStart) ?? '';
  return own + (own.includes('\t') ? '\t' : '  ');
}

/** The whitespace between the start of the line and `offset`, or undefined if other text precedes it. */
export function leadingSpace(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lead = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(lead) ? lead : undefined;
}
