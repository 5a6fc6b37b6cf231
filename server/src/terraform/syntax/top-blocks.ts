import type { Node } from 'web-tree-sitter';
import { attribute, blocksOf, readBlock, type HclAttribute, type HclBlock } from './hcl';
import type { GenerationMap } from '../../cache';
import { finish, PAUSE, UNITS_PER_STEP, type Steps } from '../../steps';

/**
 * The type and labels of top-level blocks read before, by the block's text (null: not a block we read), and
 * where in the block its body and the attributes looked up so far are (indices of named children).
 */
export type HeadTable = GenerationMap<string, Head | null>;

interface Head {
  type: string;
  labels: string[];
  body?: number;
  attributes?: Map<string, number | null>;
}

/**
 * The top-level blocks of a file. With `heads`, a block whose text was seen before is not read again: its
 * type and labels (all that most blocks are asked for) come from the table, the rest of it is read from the
 * syntax tree when first asked for. A block with syntax errors is always read.
 */
export function topBlocks(root: Node, text: string, heads?: HeadTable): HclBlock[] {
  return heads ? finish(topBlockSteps(root, text, heads)) : blocksOf(root);
}

/** `topBlocks` in steps (see steps.ts): a pause every few blocks read. */
export function* topBlockSteps(root: Node, text: string, heads: HeadTable): Steps<HclBlock[]> {
  const out: HclBlock[] = [];
  let read = 0;
  for (const body of root.namedChildren) {
    if (body.type !== 'body') continue;
    for (const c of body.namedChildren) {
      if (c.type !== 'block') continue;
      if (++read % UNITS_PER_STEP === 0) yield PAUSE;
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
      if (head) out.push(new HeadedBlock(c, head));
    }
  }
  return out;
}

/** A block whose type and labels are known: its nodes are found when first asked for. */
class HeadedBlock implements HclBlock {
  readonly type: string;
  readonly labels: string[];
  private nodes?: HclBlock;
  private bodyNode?: Node | null;

  constructor(readonly node: Node, private readonly head: Head) {
    this.type = head.type;
    this.labels = [...head.labels];
  }

  private get read(): HclBlock {
    return (this.nodes ??= readBlock(this.node)!);
  }

  get body(): Node | undefined {
    if (this.bodyNode === undefined) {
      // Where the body is was learnt from a block of the same text, read the first time it was needed.
      this.head.body ??= this.node.namedChildren.findIndex((k) => k.type === 'body');
      this.bodyNode = this.head.body >= 0 ? this.node.namedChild(this.head.body) : null;
    }
    return this.bodyNode ?? undefined;
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

  /** As `attribute(body, name)`; the attribute's place in the body is learnt once per block text. */
  attribute(name: string): HclAttribute | undefined {
    const body = this.body;
    if (!body) return undefined;
    const known = (this.head.attributes ??= new Map());
    let at = known.get(name);
    if (at === undefined) {
      const a = attribute(body, name);
      known.set(name, (at = a ? body.namedChildren.indexOf(a.node) : null));
      return a;
    }
    const node = at === null ? null : body.namedChild(at);
    const nameNode = node?.namedChild(0);
    const value = node?.namedChild(1);
    return node && nameNode && value ? { node, name, nameNode, value } : undefined;
  }
}
