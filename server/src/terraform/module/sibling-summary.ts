import { basename, dirname } from 'node:path';
import { documentFeeds, type Feed } from './feeds';
import { readFolder } from './folder';
import { BoundedMap } from '../../cache';
import type { FileReads } from '../../host';
import { instanceState } from '../../state';
import type { Node } from 'web-tree-sitter';
import { blockAttribute, blocksOf, callOf, references, stringLiteral, traversal, type HclBlock } from '../syntax/hcl';
import { literalForm, type LiteralForm } from '../syntax/literal-form';
import type { TerraformFile } from '../model';
import { freeTree, parseHcl, ParserFailure, parserFailures } from '../syntax/parser';
import { readBlocks } from '../syntax/resources';
import { topBlocks } from '../syntax/top-blocks';

/**
 * Resource types whose `policy` is a KMS key policy: the keys (`KEY_RESOURCE_TYPES` in `keys.ts`) and
 * `aws_kms_key_policy`, which sets the policy of a key declared elsewhere.
 */
export const KEY_POLICY_RESOURCE_TYPES: ReadonlySet<string> = new Set(['aws_kms_key', 'aws_kms_key_policy', 'aws_kms_replica_key', 'aws_kms_external_key', 'aws_kms_replica_external_key']);

/** Roles and users whose `name` a reference to them reads as. */
export const NAMED_TYPES = new Set(['aws_iam_role', 'aws_iam_user']);

/**
 * What the analysis of another file of a module needs from one .tf file, read from one parse whose tree is
 * freed at once: a large module then costs a few small maps per file instead of a syntax tree each.
 */
export interface SiblingSummary {
  path: string;
  text: string;
  /** Its resources, for the resource rules (`ModuleIndex`). */
  file: TerraformFile;
  /** `locals` entries: the first of each name. */
  locals: Map<string, LiteralForm>;
  /** Names of the `variable` blocks. */
  variables: Set<string>;
  /** Names of the `module` blocks (calls of other modules). */
  modules: Set<string>;
  /** The file configures a provider or a backend: its folder is a root module. */
  rootMarker: boolean;
  /** `resource`/`data` blocks present, as `blockType\0type\0name`. */
  blocks: Set<string>;
  /** The literal `name` of the first `aws_iam_role`/`aws_iam_user` of each `type\0name`. */
  names: Map<string, string | undefined>;
  /** Variable name -> the first KMS key resource whose `policy` is `jsonencode(var.<name>)`. */
  varPolicies: Map<string, string>;
  /** What consumes each document and local of the file without a key naming it (see `feeds.ts`). */
  feeds: Map<string, Feed>;
  /** Policy document name -> the first KMS key resource whose `policy` references it. */
  docUsers: Map<string, string>;
}

/** A `provider` block, or a `terraform` block with a `backend`/`cloud` block: only a root module has one. */
export function isRootMarker(b: HclBlock): boolean {
  if (b.type === 'provider') return true;
  return b.type === 'terraform' && blocksOf(b.body).some((x) => x.type === 'backend' || x.type === 'cloud');
}

/** Key of a block in `SiblingSummary.blocks`. */
export function blockKey(blockType: string, type: string, name: string): string {
  return `${blockType}\u0000${type}\u0000${name}`;
}

function summarize(path: string, text: string): SiblingSummary {
  const parsed = parseHcl(text);
  try {
    const root = parsed.tree.rootNode;
    const s: SiblingSummary = { path, text, file: { path, resources: readBlocks(root, text) }, locals: new Map(), variables: new Set(), modules: new Set(), rootMarker: false, blocks: new Set(), names: new Map(), docUsers: new Map(), feeds: new Map(), varPolicies: new Map() };
    const blocks = topBlocks(root, text);
    s.feeds = documentFeeds(blocks);
    for (const b of blocks) {
      const [type, name] = b.labels;
      if (b.type === 'locals') {
        for (const c of b.body?.namedChildren ?? []) {
          if (c.type !== 'attribute') continue;
          // As `attribute()` finds them: an identifier and an expression.
          const id = c.namedChild(0);
          const value = c.namedChild(1);
          if (id?.type === 'identifier' && value?.type === 'expression' && !s.locals.has(id.text)) s.locals.set(id.text, literalForm(value));
        }
      }
      if (b.type === 'variable' && type !== undefined) s.variables.add(type);
      if (b.type === 'module' && type !== undefined) s.modules.add(type);
      if (isRootMarker(b)) s.rootMarker = true;
      if ((b.type !== 'resource' && b.type !== 'data') || type === undefined || name === undefined) continue;
      s.blocks.add(blockKey(b.type, type, name));
      if (b.type !== 'resource') continue;
      if (NAMED_TYPES.has(type) && !s.names.has(`${type}\u0000${name}`)) s.names.set(`${type}\u0000${name}`, stringLiteral(blockAttribute(b, 'name')?.value));
      const policy = KEY_POLICY_RESOURCE_TYPES.has(type) && name ? blockAttribute(b, 'policy') : undefined;
      if (!policy) continue;
      const fromVar = policyVariable(policy.value);
      if (fromVar && !s.varPolicies.has(fromVar)) s.varPolicies.set(fromVar, `${type}.${name}`);
      for (const r of references(policy.value)) {
        if (r[0] === 'data' && r[1] === 'aws_iam_policy_document' && r[2] && !s.docUsers.has(r[2])) s.docUsers.set(r[2], `${type}.${name}`);
      }
    }
    return s;
  } finally {
    freeTree(parsed);
  }
}

/**
 * Summaries kept, by path, valid while the text is the same: the most recently used go first. Every analysis
 * of a .tf file reads the summaries of its module's other files, so the count covers a module of a few
 * thousand files, or many modules being worked on; the text they keep (their largest part) is bounded apart:
 * 40 million characters, about 80 MB, however many files a workspace has.
 */
export const SUMMARIES_KEPT = 5000;
export const SUMMARY_CHARS_KEPT = 40_000_000;

// Per engine instance (one workspace folder's): the bounds hold for each.
const kept = instanceState(() => new BoundedMap<string, SiblingSummary>({ max: SUMMARIES_KEPT, maxWeight: SUMMARY_CHARS_KEPT, weigh: (s) => s.text.length, name: 'terraform.summaries' }));

/** The summary of `text` at `path`, computed once per text. */
export function summaryOf(path: string, text: string): SiblingSummary {
  const summaries = kept();
  const hit = summaries.get(path);
  if (hit && hit.text === text) return hit;
  const s = summarize(path, text);
  summaries.set(path, s);
  return s;
}

/**
 * The summaries of the other .tf files of the folder `path` lies in (a Terraform module), in name order.
 * Files the host does not read (missing, not regular, over the size limit) are left out: `host` notes why.
 */
export function siblingSummaries(path: string, host: FileReads): SiblingSummary[] {
  const self = basename(path);
  const out: SiblingSummary[] = [];
  for (const f of readFolder(dirname(path), host, (name) => name !== self && /\.tf$/i.test(name))) {
    if (unparsable.get(f.path) === f.text) {
      host.skip({ path: f.path, skipped: 'unparsable' });
      continue;
    }
    const failures = parserFailures();
    try {
      out.push(summaryOf(f.path, f.text));
    } catch (e) {
      // This analysis fails (the parser is down until it is restarted); the next ones go on without the file.
      if (e instanceof ParserFailure && parserFailures() !== failures) remember(f.path, f.text);
      throw e;
    }
  }
  return out;
}

/**
 * Texts of other files the parser failed on, by path: each failure costs a parser restart and the analysis of
 * every file of the module, so such a file is not parsed again while its text is unchanged. A few are kept.
 */
const unparsable = new Map<string, string>();

function remember(path: string, text: string): void {
  unparsable.delete(path);
  unparsable.set(path, text);
  for (const oldest of unparsable.keys()) {
    if (unparsable.size <= 8) break;
    unparsable.delete(oldest);
  }
}

/** `jsonencode(var.NAME)`: the policy is a variable's value (written in a variable file). */
export function policyVariable(expr: Node): string | undefined {
  const c = callOf(expr);
  const t = c?.name === 'jsonencode' && c.args.length === 1 ? traversal(c.args[0]) : undefined;
  return t && t.length === 2 && t[0] === 'var' ? t[1] : undefined;
}
