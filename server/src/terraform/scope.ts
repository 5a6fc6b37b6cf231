import { basename, dirname, join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { Host } from '../host';
import { parseCached } from './cache';
import { topBlocks, type HeadTable } from './top-blocks';
import { blockAttribute, core, stringLiteral, traversal, unquote, type HclAttribute, type HclBlock } from './hcl';

/** One parsed .tf file of a module. */
export interface ModuleFile {
  path: string;
  text: string;
  root: Node;
  blocks: HclBlock[];
}

export function moduleFile(path: string, text: string, heads?: HeadTable): ModuleFile {
  const parsed = parseCached(path, text);
  const root = parsed.tree.rootNode;
  return { path, text, root, blocks: topBlocks(root, text, heads) };
}

/** What `data.aws_caller_identity.<any>.account_id` reads as. */
export const THIS_ACCOUNT = 'this account';

/**
 * The Terraform module a .tf file belongs to: the file itself and, read through the host on first need, the
 * other .tf files of its folder. Looks up blocks and locals across them and resolves references to what the
 * module defines.
 */
export class ModuleScope {
  private siblings?: ModuleFile[];
  private resolving = new Set<string>();
  private answers = new Map<string, string | undefined>();

  constructor(readonly current: ModuleFile, private readonly host?: Host) {}

  /** The other .tf files of the folder (empty without a host). */
  others(): ModuleFile[] {
    if (this.siblings) return this.siblings;
    this.siblings = [];
    if (!this.host) return this.siblings;
    const dir = dirname(this.current.path);
    const self = basename(this.current.path);
    let names: string[] = [];
    try {
      names = this.host.listDir(dir);
    } catch {
      return this.siblings;
    }
    for (const name of [...names].sort()) {
      if (name === self || !/\.tf$/i.test(name)) continue;
      const p = join(dir, name);
      let text: string | undefined;
      try {
        text = this.host.readFile(p);
      } catch {
        text = undefined;
      }
      if (text !== undefined && text.length <= 4_000_000) this.siblings.push(moduleFile(p, text));
    }
    return this.siblings;
  }

  /** A `resource`/`data` block by type and name: in this file first, then in the module's other files. */
  find(blockType: 'resource' | 'data', type: string, name: string): { file: ModuleFile; block: HclBlock } | undefined {
    const match = (b: HclBlock) => b.type === blockType && b.labels[0] === type && b.labels[1] === name;
    const here = this.current.blocks.find(match);
    if (here) return { file: this.current, block: here };
    for (const f of this.others()) {
      const b = f.blocks.find(match);
      if (b) return { file: f, block: b };
    }
    return undefined;
  }

  /** A `locals { name = ... }` entry: in this file first, then in the others. */
  local(name: string): { file: ModuleFile; attr: HclAttribute } | undefined {
    for (const f of [this.current, ...this.others()]) {
      for (const b of f.blocks) {
        if (b.type !== 'locals') continue;
        const a = blockAttribute(b, name);
        if (a) return { file: f, attr: a };
      }
    }
    return undefined;
  }

  /**
   * A readable value for a reference, where the module defines one: `local.x` -> its literal,
   * `aws_iam_role.app.arn` -> the role's `name`, `data.aws_caller_identity.current.account_id` -> "this account".
   */
  resolve = (names: string[]): string | undefined => {
    // Answers are kept for the extraction (one scope), except those given while another reference is being
    // resolved: inside a cycle of locals an answer depends on where the cycle was entered.
    if (this.resolving.size > 0) return this.lookup(names);
    const key = names.join('\u0000');
    if (this.answers.has(key)) return this.answers.get(key);
    const answer = this.lookup(names);
    this.answers.set(key, answer);
    return answer;
  };

  private lookup(names: string[]): string | undefined {
    const [head, a, b, c] = names;
    if (head === 'data' && a === 'aws_caller_identity' && c === 'account_id') return THIS_ACCOUNT;
    if (head === 'local' && a && names.length === 2) return this.resolveLocal(a);
    if (head === 'aws_iam_role' || head === 'aws_iam_user') {
      if (!a || (b !== undefined && !['arn', 'name', 'id', 'unique_id'].includes(b))) return undefined;
      const found = this.find('resource', head, a);
      return stringLiteral(blockAttribute(found?.block, 'name')?.value);
    }
    return undefined;
  }

  private resolveLocal(name: string): string | undefined {
    if (this.resolving.has(name)) return undefined; // a cycle: Terraform rejects it too
    const found = this.local(name);
    if (!found) return undefined;
    this.resolving.add(name);
    try {
      return literalText(found.attr.value, this.resolve);
    } finally {
      this.resolving.delete(name);
    }
  }

  /** Source text of a node of any file of the module (a slice of that file's text: no tree walk). */
  textOf(n: Node): string {
    const file = n.tree === this.current.root.tree ? this.current : this.others().find((f) => f.root.tree === n.tree);
    return (file ?? this.current).text.slice(n.startIndex, n.endIndex);
  }

  /** Every `resource` block of the module, with its file. */
  *resources(): Generator<{ file: ModuleFile; block: HclBlock }> {
    for (const f of [this.current, ...this.others()]) for (const b of f.blocks) if (b.type === 'resource') yield { file: f, block: b };
  }
}

/** The text of a literal or fully resolvable template/reference expression. */
function literalText(expr: Node, resolve: (names: string[]) => string | undefined): string | undefined {
  const e = core(expr);
  if (e.type === 'literal_value') {
    const lit = e.namedChildren[0];
    if (lit?.type === 'string_lit') return stringLiteral(e);
    if (lit?.type === 'numeric_lit' || lit?.type === 'bool_lit') return lit.text;
    return undefined;
  }
  const t = traversal(e);
  if (t) return resolve(t);
  if (e.type === 'template_expr' && e.namedChildren[0]?.type === 'quoted_template') {
    let out = '';
    for (const p of e.namedChildren[0].namedChildren) {
      if (p.type === 'template_literal') out += unquote(p.text);
      else if (p.type === 'template_interpolation') {
        const inner = p.namedChildren.find((k) => k.type === 'expression');
        const r = inner && literalText(inner, resolve);
        if (r === undefined) return undefined;
        out += r;
      } else if (p.type !== 'quoted_template_start' && p.type !== 'quoted_template_end') return undefined;
    }
    return out;
  }
  return undefined;
}
