import type { Node } from 'web-tree-sitter';
import { attributesOf, references, stringLiteral, type HclBlock } from '../syntax/hcl';

/**
 * What consumes a policy document or a local without a key's `policy` naming it: another document's
 * composing argument, a module call's argument, an output, a local (a `concat` of statements). Such a
 * document is a **fragment**: its statements are checked, but only the policy that reaches a key is judged as
 * a whole (lockout, an empty Statement, size, version).
 */
export interface Feed {
  /** The consumer, for messages: `data.aws_iam_policy_document.key (source_policy_documents)`, `module.kms`. */
  by: string;
  /** The consumer is outside the workspace: an output, or a module call whose source is not a local folder. */
  outside: boolean;
}

const COMPOSING = new Set(['source_json', 'source_policy_documents', 'override_policy_documents', 'override_json']);
/** Meta-arguments of a module call: none of them takes a policy. */
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** The key of a feedable reference: `data.aws_iam_policy_document.<name>` or `local.<name>`. */
function fedKey(r: string[]): string | undefined {
  if (r[0] === 'data' && r[1] === 'aws_iam_policy_document' && r[2]) return `data.aws_iam_policy_document.${r[2]}`;
  if (r[0] === 'local' && r[1]) return `local.${r[1]}`;
  return undefined;
}

/** The consumers of the documents and locals of one file, by `fedKey`; a consumer inside the workspace first. */
export function documentFeeds(blocks: readonly HclBlock[]): Map<string, Feed> {
  const out = new Map<string, Feed>();
  const add = (value: Node, self: string | undefined, feed: Feed) => {
    for (const r of references(value)) {
      const key = fedKey(r);
      if (!key || key === self) continue;
      const had = out.get(key);
      if (!had || (had.outside && !feed.outside)) out.set(key, feed);
    }
  };
  for (const b of blocks) {
    const [type, name] = b.labels;
    if (b.type === 'data' && type === 'aws_iam_policy_document' && name) {
      for (const a of attributesOf(b.body)) if (COMPOSING.has(a.name)) add(a.value, `data.aws_iam_policy_document.${name}`, { by: `data.aws_iam_policy_document.${name} (${a.name})`, outside: false });
    } else if (b.type === 'module' && type) {
      const attrs = attributesOf(b.body);
      const source = stringLiteral(attrs.find((a) => a.name === 'source')?.value);
      const local = !!source && (source.startsWith('./') || source.startsWith('../'));
      for (const a of attrs) if (!MODULE_META.has(a.name)) add(a.value, undefined, { by: `module.${type} (argument ${a.name})`, outside: !local });
    } else if (b.type === 'output' && type) {
      for (const a of attributesOf(b.body)) if (a.name === 'value') add(a.value, undefined, { by: `output.${type}`, outside: true });
    } else if (b.type === 'locals') {
      for (const a of attributesOf(b.body)) add(a.value, `local.${a.name}`, { by: `local.${a.name}`, outside: false });
    }
  }
  return out;
}
