import type { Node } from 'web-tree-sitter';
import { blocksOf, readBlock, type HclBlock } from './hcl';
import type { Generation } from './memo';

/** The type and labels of top-level blocks read before, by the block's text (null: not a block we read). */
export type HeadTable = Generation<{ type: string; labels: string[] } | null>;

/**
 * The top-level blocks of a file. With `heads`, a block whose text was seen before is not read again: its
 * type and labels (all that most blocks are asked for) come from the table, the rest of it is read from the
 * syntax tree when first asked for. A block with syntax errors is always read.
 */
export function topBlocks(root: Node, text: string, heads?: HeadTable): HclBlock[] {
  if (!heads) return blocksOf(root);
  const out: HclBlock[] = [];
  for (const body of root.namedChildren) {
    if (body.type !== 'body') continue;
    for (const c of body.namedChildren) {
      if (c.type !== 'block') continue;
      if (c.hasError) {
        const b = readBlock(c);
        if (b) out.push(b);
        continue;
      }
      const key = text.slice(c.startIndex, c.endIndex);
      let head = heads.get(key);
      if (head === undefined) {
        const b = readBlock(c);
        head = b ? { type: b.type, labels: b.labels } : null;
        heads.set(key, head);
        if (b) out.push(b);
        continue;
      }
      heads.set(key, head);
      if (head) out.push(new HeadedBlock(c, head.type, [...head.labels]));
    }
  }
  return out;
}

/** A block whose type and labels are known: its nodes are found when first asked for. */
class HeadedBlock implements HclBlock {
  private nodes?: HclBlock;

  constructor(readonly node: Node, readonly type: string, readonly labels: string[]) {}

  private get read(): HclBlock {
    return (this.nodes ??= readBlock(this.node)!);
  }

  get body(): Node | undefined {
    return this.nodes ? this.nodes.body : this.node.namedChildren.find((k) => k.type === 'body');
  }

  get labelNodes(): Node[] {
    return this.read.labelNodes;
  }

  get open(): Node | undefined {
    return this.read.open;
  }

  get close(): Node | undefined {
    return this.read.close;
  }
}
