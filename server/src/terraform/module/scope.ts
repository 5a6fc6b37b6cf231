import { dirname } from 'node:path';
import { documentFeeds, type Feed } from './feeds';
import type { Node } from 'web-tree-sitter';
import type { FileReads } from '../../host';
import { parseCached } from '../syntax/cache';
import { topBlocks, topBlockSteps, type HeadTable } from '../syntax/top-blocks';
import type { Steps } from '../../steps';
import { blockAttribute, references, stringLiteral, type HclAttribute, type HclBlock } from '../syntax/hcl';
import { evalForm, literalForm } from '../syntax/literal-form';
import { siblingIndex, type SiblingIndex } from './sibling-index';
import { THIS_ACCOUNT } from '../../policy/principal-view';
import { blockKey, isRootMarker, KEY_POLICY_RESOURCE_TYPES, siblingSummaries } from './sibling-summary';

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

/** `moduleFile` in steps (steps.ts): the parse is one step, the blocks are read a few at a time. */
export function* moduleFileSteps(path: string, text: string, heads: HeadTable): Steps<ModuleFile> {
  const root = parseCached(path, text).tree.rootNode;
  return { path, text, root, blocks: yield* topBlockSteps(root, text, heads) };
}

/**
 * The Terraform module a .tf file belongs to: the file itself and, read through the host on first need, the
 * other .tf files of its folder. Looks up blocks and locals across them and resolves references to what the
 * module defines. The other files are known by their summaries (no syntax tree); a file is parsed again only
 * when a block of it is needed whole (a policy document merged from there).
 */
export class ModuleScope {
  private siblings?: SiblingIndex;
  private parsed = new Map<string, ModuleFile>();
  private resolving = new Set<string>();
  private answers = new Map<string, string | undefined>();

  constructor(readonly current: ModuleFile, private readonly host?: FileReads) {}

  /** What the other .tf files of the folder define (nothing without a host). */
  private others(): SiblingIndex {
    return (this.siblings ??= siblingIndex(this.current.path, this.host ? siblingSummaries(this.current.path, this.host) : []));
  }

  /** A `resource`/`data` block by type and name: in this file first, then in the module's other files. */
  find(blockType: 'resource' | 'data', type: string, name: string): { file: ModuleFile; block: HclBlock } | undefined {
    const match = (b: HclBlock) => b.type === blockType && b.labels[0] === type && b.labels[1] === name;
    const here = this.current.blocks.find(match);
    if (here) return { file: this.current, block: here };
    const summary = this.others().blocks.get(blockKey(blockType, type, name));
    if (!summary) return undefined;
    const f = this.fileOf(summary);
    const b = f.blocks.find(match);
    return b ? { file: f, block: b } : undefined;
  }

  /** A file of the module by path: this one, or another parsed on first need (kept for the extraction). */
  private fileOf(summary: { path: string; text: string }): ModuleFile {
    let f = this.parsed.get(summary.path);
    if (!f) this.parsed.set(summary.path, (f = moduleFile(summary.path, summary.text)));
    return f;
  }

  /**
   * True when the module is a root module, one Terraform runs in: a file configures a provider or a backend,
   * or the folder has variable files Terraform loads by itself, or a `.terraform` folder (`terraform init`
   * ran there). Only then are variable defaults the values: a module that others call gets theirs.
   */
  isRoot(varFiles: number): boolean {
    if (varFiles > 0 || this.current.blocks.some(isRootMarker) || this.others().rootMarker) return true;
    try {
      return !!this.host?.listDir(dirname(this.current.path)).includes('.terraform');
    } catch {
      return false;
    }
  }

  /** The `variable "name"` block of the module: in this file first, then in its other files. */
  variable(name: string): { file: ModuleFile; block: HclBlock } | undefined {
    return this.named('variable', name, this.others().variableFiles);
  }

  /** A block of one label by type and name, in this file first, then in the file `files` says defines it. */
  private named(type: string, name: string, files: Map<string, { path: string; text: string }>): { file: ModuleFile; block: HclBlock } | undefined {
    const match = (b: HclBlock) => b.type === type && b.labels[0] === name;
    const here = this.current.blocks.find(match);
    if (here) return { file: this.current, block: here };
    const summary = files.get(name);
    const f = summary && this.fileOf(summary);
    const b = f?.blocks.find(match);
    return f && b ? { file: f, block: b } : undefined;
  }

  /** The `module "name"` block (a call of another module): in this file first, then in its other files. */
  moduleBlock(name: string): { file: ModuleFile; block: HclBlock } | undefined {
    return this.named('module', name, this.others().moduleFiles);
  }

  /** A `locals { name = ... }` entry of the module: in this file first, then in its other files. */
  local(name: string): { file: ModuleFile; attr: HclAttribute } | undefined {
    const own = this.ownLocal(name);
    if (own) return { file: this.current, attr: own };
    const summary = this.others().localFiles.get(name);
    if (!summary) return undefined;
    const f = this.fileOf(summary);
    for (const b of f.blocks) {
      if (b.type !== 'locals') continue;
      const a = blockAttribute(b, name);
      if (a) return { file: f, attr: a };
    }
    return undefined;
  }

  /** A `locals { name = ... }` entry of this file (which the module's other files cannot override). */
  ownLocal(name: string): HclAttribute | undefined {
    for (const b of this.current.blocks) {
      if (b.type !== 'locals') continue;
      const a = blockAttribute(b, name);
      if (a) return a;
    }
    return undefined;
  }

  /**
   * What consumes a document or local (`data.aws_iam_policy_document.<name>`, `local.<name>`) in the module
   * without a key naming it: in this file first, then in the others; one inside the workspace preferred.
   */
  feedOf(key: string): Feed | undefined {
    const here = (this.ownFeeds ??= documentFeeds(this.current.blocks)).get(key);
    if (here && !here.outside) return here;
    const there = this.others().feeds.get(key);
    return there && (!here || !there.outside) ? there : here;
  }

  private ownFeeds?: Map<string, Feed>;

  /** The KMS key of the module whose `policy` is `jsonencode(var.<name>)`, in the module's .tf files. */
  keyWithPolicyVariable(name: string): string | undefined {
    return this.others().varPolicies.get(name);
  }

  /** The KMS key resource of the module whose policy uses `data.aws_iam_policy_document.<name>`. */
  keyUsing(name: string): string | undefined {
    for (const block of this.current.blocks) {
      if (block.type !== 'resource' || !KEY_POLICY_RESOURCE_TYPES.has(block.labels[0])) continue;
      const policy = blockAttribute(block, 'policy');
      const text = policy && this.current.text.slice(policy.value.startIndex, policy.value.endIndex);
      if (policy && text?.includes(name) && references(policy.value).some((r) => r[0] === 'data' && r[1] === 'aws_iam_policy_document' && r[2] === name)) return `${block.labels[0]}.${block.labels[1]}`;
    }
    return this.others().docUsers.get(name);
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
      const match = (x: HclBlock) => x.type === 'resource' && x.labels[0] === head && x.labels[1] === a;
      const here = this.current.blocks.find(match);
      return here ? stringLiteral(blockAttribute(here, 'name')?.value) : this.others().names.get(`${head}\u0000${a}`);
    }
    return undefined;
  }

  private resolveLocal(name: string): string | undefined {
    if (this.resolving.has(name)) return undefined; // a cycle: Terraform rejects it too
    const own = this.ownLocal(name);
    const form = own ? literalForm(own.value) : this.others().locals.get(name);
    if (!form) return undefined;
    this.resolving.add(name);
    try {
      return evalForm(form, this.resolve);
    } finally {
      this.resolving.delete(name);
    }
  }
}
