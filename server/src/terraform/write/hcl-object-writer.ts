import type { EditOp, PArray, PObject, PolicyWriter, TextEdit } from '../../policy/model';
import type { CallLists } from '../syntax/hcl-value';
import { appendAfter, hclKey, hclValue, indentAt, indentUnit, removeElement, writeAll, type KeyStyle } from './hcl-text';

/**
 * Writes model edits into a Terraform `jsonencode({...})` policy as HCL object syntax, in the file's style:
 * keys bare or quoted and `=` or `:` as the object already writes them, `=` aligned with the member above,
 * members separated by newlines or commas as they are, lists as HCL tuples. Lists built with
 * `concat([...], ...)` are edited in the tuple that holds the item.
 */
export class HclObjectWriter implements PolicyWriter {
  private unitCache?: string;

  constructor(private readonly text: string, private readonly lists: CallLists) {}

  /** The file's indentation step, read on first use (most sources are never edited). */
  private get unit(): string {
    return (this.unitCache ??= indentUnit(this.text));
  }

  write(ops: EditOp[]): TextEdit[] | undefined {
    return writeAll(ops, (op) => this.one(op));
  }

  private one(op: EditOp): TextEdit | undefined {
    const text = this.text;
    switch (op.op) {
      case 'replace':
        return { ...op.node.span, newText: hclValue(op.value, indentAt(text, op.node.span.start), this.unit, this.style(undefined)) };
      case 'renameKey': {
        const bare = !text.startsWith('"', op.prop.keySpan.start);
        return { ...op.prop.keySpan, newText: hclKey(op.key, { quoted: !bare, sep: '=' }) };
      }
      case 'removeItem': {
        const list = this.tupleOf(op.array, op.item);
        if (!list) return undefined;
        return removeElement(text, list.items.map((i) => i.span), list.items.indexOf(op.item));
      }
      case 'removeProp':
        return removeElement(text, op.object.props.map((p) => p.span), op.object.props.indexOf(op.prop));
      case 'addProp':
        return this.addProp(op.object, op.key, op.value);
      case 'addItem': {
        const list = this.lists.tuples.has(op.array) ? this.lists.tuples.get(op.array)!.at(-1) : op.array;
        if (!list || !text.startsWith('[', list.span.start)) return undefined;
        const style = this.style(undefined);
        if (list.items.length === 0) return { ...list.span, newText: `[${hclValue(op.value, indentAt(text, list.span.start), this.unit, style)}]` };
        return appendAfter(text, list.items.map((i) => i.span), (ind) => hclValue(op.value, ind, this.unit, style), true);
      }
    }
  }

  private addProp(obj: PObject, key: string, value: Parameters<typeof hclValue>[0]): TextEdit | undefined {
    const text = this.text;
    if (!text.startsWith('{', obj.span.start)) return undefined;
    const style = this.style(obj);
    const sep = style.sep === ':' ? ' : ' : ' = ';
    const k = hclKey(key, style);
    if (obj.props.length === 0) {
      const ind = indentAt(text, obj.span.start);
      const inner = ind + this.unit;
      return { ...obj.span, newText: `{\n${inner}${k}${sep}${hclValue(value, inner, this.unit, style)}\n${ind}}` };
    }
    const last = obj.props[obj.props.length - 1];
    const commas = obj.props.slice(1).some((p, i) => text.slice(obj.props[i].span.end, p.span.start).includes(','));
    // Keep `=` aligned with the member above when it is (terraform fmt style).
    const lastSep = text.slice(last.keySpan.end, last.value.span.start);
    const eqCol = last.keySpan.end - (text.lastIndexOf('\n', last.keySpan.start - 1) + 1) + lastSep.indexOf(style.sep);
    return appendAfter(text, obj.props.map((p) => p.span), (ind) => {
      const pad = style.sep === '=' && lastSep.trimEnd().length > 2 ? Math.max(0, eqCol - ind.length - k.length) : 1;
      return `${k}${' '.repeat(Math.max(1, pad))}${style.sep} ${hclValue(value, ind, this.unit, style)}`;
    }, commas);
  }

  /** The key style of an object (or of the document when it has no members): bare or quoted, `=` or `:`. */
  private style(obj: PObject | undefined): KeyStyle {
    const props = obj?.props.length ? obj.props : [];
    if (props.length === 0) {
      const quoted = /\n[ \t]*"[A-Za-z]+"\s*[:=]/.test(this.text);
      return { quoted, sep: /"\s*:\s/.test(this.text) && quoted ? ':' : '=' };
    }
    const quoted = props.some((p) => this.text.startsWith('"', p.keySpan.start));
    const colon = props.some((p) => this.text.slice(p.keySpan.end, p.value.span.start).includes(':'));
    return { quoted, sep: colon ? ':' : '=' };
  }

  /** The literal tuple an item is written in: the array itself, or for `concat(...)`, the argument holding it. */
  private tupleOf(array: PArray, item: PArray['items'][number]): PArray | undefined {
    const list = this.lists.tuples.has(array) ? this.lists.owner.get(item) : array;
    return list && list.items.includes(item) && this.text.startsWith('[', list.span.start) ? list : undefined;
  }
}
