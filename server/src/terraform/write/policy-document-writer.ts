import type { EditOp, JsonValue, PArray, PNode, PolicyWriter, Span, TextEdit } from '../../policy/model';
import { STATEMENT_ATTRIBUTES, type BlockInfo, type Binding, type Bindings } from './doc-binding';
import type { CallLists } from '../syntax/hcl-value';
import { appendAfter, hclString, hclValue, indentAt, indentUnit, removeElement, writeAll } from './hcl-text';
import { documentBlocks, isObject, principalBlocks, conditionBlocks, statementBlock, type Line } from './policy-document-blocks';

/** Statement elements written as attributes, and whether HCL needs a list there. */
const ELEMENT_ATTR: Record<string, [string, boolean]> = Object.fromEntries(STATEMENT_ATTRIBUTES.map(([el, attr, list]) => [el, [attr, list]]));

/**
 * Writes model edits into an `aws_iam_policy_document` data source: an element becomes the attribute or
 * blocks the provider reads (`actions = [...]`, `principals { }`, `condition { test variable values }`), a
 * scalar where HCL needs a list becomes a one-element list, a key added to a Condition operator becomes
 * another `condition` block. An edit with no HCL equivalent (renaming an element to one the data source does
 * not have, editing statements merged from another file) yields no fix.
 */
export class PolicyDocumentWriter implements PolicyWriter {
  private unitCache?: string;

  constructor(private readonly text: string, private readonly bindings: Bindings, private readonly lists: CallLists) {}

  /** The file's indentation step, read on first use (most sources are never edited). */
  private get unit(): string {
    return (this.unitCache ??= indentUnit(this.text));
  }

  write(ops: EditOp[]): TextEdit[] | undefined {
    return writeAll(ops, (op) => this.one(op));
  }

  private bound(x: object | undefined): Binding | undefined {
    return x ? this.bindings.get(x) : undefined;
  }

  private one(op: EditOp): TextEdit[] | undefined {
    const targets: (object | undefined)[] = op.op === 'replace' ? [op.node] : op.op === 'renameKey' ? [op.prop] : op.op === 'addProp' ? [op.object] : op.op === 'addItem' ? [op.array] : op.op === 'removeItem' ? [op.array, op.item] : [op.object, op.prop];
    if (targets.some((t) => this.bound(t)?.kind === 'foreign')) return undefined;
    switch (op.op) {
      case 'replace':
        return this.replace(op.node, op.value);
      case 'renameKey':
        return this.rename(this.bound(op.prop), op.key);
      case 'removeItem':
        return this.removeItem(op.array, op.item);
      case 'removeProp': {
        const b = this.bound(op.prop);
        if (!b) return undefined;
        if (b.kind === 'attr') return [this.removeLines(b.attr.span)];
        if (b.kind === 'blocks') return b.blocks.map((x) => this.removeLines(x.span));
        if (b.kind === 'principalType' || b.kind === 'conditionKey') return [this.removeLines(b.block.span)];
        if (b.kind === 'conditionOp') return b.blocks.map((x) => this.removeLines(x.block.span));
        return undefined;
      }
      case 'addProp':
        return this.addProp(this.bound(op.object), op.key, op.value);
      case 'addItem': {
        const b = this.bound(op.array);
        if (b?.kind === 'statements') {
          const lines = isObject(op.value) ? statementBlock(op.value) : undefined;
          return lines && [this.insertLines(b.block, lines)];
        }
        const list = this.lists.tuples.has(op.array) ? this.lists.tuples.get(op.array)!.at(-1) : op.array;
        if (!list || !this.text.startsWith('[', list.span.start)) return undefined;
        const value = (ind: string) => hclValue(op.value, ind, this.unit, { quoted: true, sep: '=' });
        if (list.items.length === 0) return [{ ...list.span, newText: `[${value(indentAt(this.text, list.span.start))}]` }];
        return [appendAfter(this.text, list.items.map((i) => i.span), value, true)];
      }
    }
  }

  private replace(node: PNode, value: JsonValue): TextEdit[] | undefined {
    const b = this.bound(node);
    const ind = indentAt(this.text, node.span.start);
    switch (b?.kind) {
      case 'default':
        return [this.insertLines(b.parent, [{ depth: 0, text: `${b.name} = ${hclValue(value, '', this.unit, { quoted: true, sep: '=' })}` }])];
      case 'listValue':
        return [{ ...node.span, newText: hclValue(Array.isArray(value) ? value : [value], ind, this.unit, { quoted: true, sep: '=' }) }];
      case 'principalsObj': {
        const lines = principalBlocks(b.blockType, value);
        return lines && this.replaceBlocks(b.blocks, lines);
      }
      case 'conditionObj': {
        const lines = isObject(value) ? conditionBlocks(value) : undefined;
        return lines && this.replaceBlocks(b.blocks, lines);
      }
      case 'statement': {
        const lines = isObject(value) ? statementBlock(value) : undefined;
        return lines && this.replaceBlocks([b.block], lines);
      }
      case undefined:
        if (node.kind === 'object' || (isObject(value) && node.kind !== 'array')) return undefined;
        return [{ ...node.span, newText: hclValue(value, ind, this.unit, { quoted: true, sep: '=' }) }];
      default:
        return undefined;
    }
  }

  private rename(b: Binding | undefined, key: string): TextEdit[] | undefined {
    switch (b?.kind) {
      case 'attr': {
        const target = ELEMENT_ATTR[key];
        const from = Object.values(ELEMENT_ATTR).find(([name]) => name === this.text.slice(b.attr.nameSpan.start, b.attr.nameSpan.end));
        if (!target || !from || target[1] !== from[1]) return undefined;
        return [{ ...b.attr.nameSpan, newText: target[0] }];
      }
      case 'blocks': {
        if (b.blockType === 'condition' || (key !== 'Principal' && key !== 'NotPrincipal')) return undefined;
        const kw = key === 'Principal' ? 'principals' : 'not_principals';
        return b.blocks.map((x) => ({ ...x.keywordSpan, newText: x.dynamic ? `dynamic "${kw}"` : kw }));
      }
      case 'principalType':
        return b.type ? [{ ...b.type.valueSpan, newText: hclString(key) }] : undefined;
      case 'conditionOp':
        return b.blocks.every((x) => x.test) ? b.blocks.map((x) => ({ ...x.test!.valueSpan, newText: hclString(key) })) : undefined;
      case 'conditionKey':
        return b.variable ? [{ ...b.variable.valueSpan, newText: hclString(key) }] : undefined;
      default:
        return undefined;
    }
  }

  private removeItem(array: PArray, item: PNode): TextEdit[] | undefined {
    const b = this.bound(array);
    if (b?.kind === 'statements') {
      const s = this.bound(item);
      return s?.kind === 'statement' ? [this.removeLines(s.block.span)] : undefined;
    }
    const list = this.lists.tuples.has(array) ? this.lists.owner.get(item) : array;
    if (!list || !list.items.includes(item) || !this.text.startsWith('[', list.span.start)) return undefined;
    return [removeElement(this.text, list.items.map((i) => i.span), list.items.indexOf(item))];
  }

  private addProp(b: Binding | undefined, key: string, value: JsonValue): TextEdit[] | undefined {
    switch (b?.kind) {
      case 'statement': {
        const attr = ELEMENT_ATTR[key];
        if (attr) return [this.insertLines(b.block, [{ depth: 0, text: `${attr[0]} = ${hclValue(attr[1] && !Array.isArray(value) ? [value] : value, '', this.unit, { quoted: true, sep: '=' })}` }])];
        if (key === 'Principal' || key === 'NotPrincipal') {
          const lines = principalBlocks(key === 'Principal' ? 'principals' : 'not_principals', value);
          return lines && [this.insertLines(b.block, lines)];
        }
        if (key === 'Condition' && isObject(value)) {
          const lines = conditionBlocks(value);
          return lines && [this.insertLines(b.block, lines)];
        }
        return undefined;
      }
      case 'doc': {
        const lines = documentBlocks(key, value);
        return lines && [this.insertLines(b.block, lines)];
      }
      case 'principalsObj': {
        const lines = principalBlocks(b.blockType, { [key]: value });
        return lines && [this.insertLines(b.parent, lines)];
      }
      case 'conditionObj': {
        const lines = isObject(value) ? conditionBlocks({ [key]: value }) : undefined;
        return lines && [this.insertLines(b.parent, lines)];
      }
      case 'conditionOpObj': {
        const lines = conditionBlocks({ [b.test]: { [key]: value } });
        return lines && [this.insertLines(b.parent, lines)];
      }
      default:
        return undefined;
    }
  }

  /** Inserts lines (relative indentation in `unit` steps of two spaces) as the last items of a block. */
  private insertLines(block: BlockInfo, lines: Line[]): TextEdit {
    const text = this.text;
    const outer = indentAt(text, block.span.start);
    const ind = block.lastItemEnd !== undefined ? indentAt(text, block.lastItemEnd) || outer + this.unit : outer + this.unit;
    const aligned = alignAttributes(lines, text, block);
    const body = aligned.map((l) => (l.text === '' ? '' : ind + this.unit.repeat(l.depth) + l.text)).join('\n');
    if (block.lastItemEnd !== undefined) return { start: block.lastItemEnd, end: block.lastItemEnd, newText: `\n${body}` };
    return { start: block.bodyStart, end: block.bodyEnd, newText: `\n${body}\n${outer}` };
  }

  private replaceBlocks(blocks: BlockInfo[], lines: Line[]): TextEdit[] {
    const [first, ...rest] = blocks;
    const ind = indentAt(this.text, first.span.start);
    const newText = lines.map((l, i) => (i === 0 ? '' : l.text === '' ? '' : ind + this.unit.repeat(l.depth)) + l.text).join('\n');
    return [{ ...first.span, newText }, ...rest.map((b) => this.removeLines(b.span))];
  }

  /** Removes a span with the whole line(s) it occupies when nothing else is on them. */
  private removeLines(span: Span): TextEdit {
    const text = this.text;
    const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
    const nl = text.indexOf('\n', span.end);
    const lineEnd = nl === -1 ? text.length : nl;
    if (/^[ \t]*$/.test(text.slice(lineStart, span.start)) && /^[ \t]*\r?$/.test(text.slice(span.end, lineEnd))) {
      return { start: lineStart, end: nl === -1 ? lineEnd : nl + 1, newText: '' };
    }
    return { ...span, newText: '' };
  }
}

/**
 * A single new attribute line is aligned with the attribute line above it when that one is aligned
 * (`name   = value`, terraform fmt style).
 */
function alignAttributes(lines: Line[], text: string, block: BlockInfo): Line[] {
  if (lines.length !== 1 || block.lastItemEnd === undefined) return lines;
  const lineStart = text.lastIndexOf('\n', block.lastItemEnd - 1) + 1;
  const m = /^([ \t]*)([A-Za-z_][\w-]*)( {2,})= /.exec(text.slice(lineStart, block.lastItemEnd));
  const own = /^([A-Za-z_][\w-]*) = /.exec(lines[0].text);
  if (!m || !own) return lines;
  const col = m[2].length + m[3].length;
  return own[1].length < col ? [{ ...lines[0], text: own[1].padEnd(col - 1) + lines[0].text.slice(own[1].length) }] : lines;
}
