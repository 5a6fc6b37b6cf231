import { dirname, isAbsolute, relative, resolve as resolvePath } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { buildPolicy } from '../../policy/build';
import { parseJsonValue } from '../../policy/json';
import type { PolicySource } from '../../policy/model';
import { JsonWriter } from '../../policy/json-writer';
import type { FileReads } from '../../host';
import { core, spanOf, traversal, unquote, type HclAttribute } from '../syntax/hcl';
import { parseTemplatedJson, templateParts } from '../syntax/heredoc';
import { freeTree, parseHcl } from '../syntax/parser';
import type { ModuleFile } from '../module/scope';

/**
 * `policy = file("${path.module}/key-policy.json")` or `templatefile(...)`: the referenced JSON, read through
 * the host, only inside the workspace (no absolute paths, no `..` out of it), and only when it is a regular
 * file within the size limit (a skipped file is noted at the attribute). Every finding is reported at the
 * attribute in the .tf (`reportAt`); fixes would edit the other file, so none are offered from here.
 */
export function fileRefSource(file: ModuleFile, fn: string, args: Node[], attr: HclAttribute, owner: string, host?: FileReads): PolicySource | undefined {
  if (!host || !args[0]) return undefined;
  const path = referencedPath(args[0], dirname(file.path), host.workspaceRoot);
  if (!path) return undefined;
  const content = host.readFile(path, spanOf(attr.node));
  if (content === undefined) return undefined;
  const { root, errors } = fn === 'templatefile' ? parseTemplate(content) : parseJsonValue(content);
  const policy = buildPolicy(root);
  return {
    kind: 'tf-file-ref',
    name: owner,
    owner,
    policy,
    span: spanOf(attr.value),
    keyPolicy: true,
    syntaxErrors: errors,
    writer: new JsonWriter(content),
    reportAt: spanOf(attr.node),
    filePath: path,
    byteLength: Buffer.byteLength(content, 'utf8'),
  };
}

/**
 * The file a path argument names: a literal or a template whose only interpolations are `path.module`,
 * `path.root` or `path.cwd` (all taken as the folder of the .tf file). Undefined for anything else, for an
 * absolute path, or for a path outside the workspace.
 */
export function referencedPath(arg: Node, moduleDir: string, workspaceRoot?: string): string | undefined {
  const e = core(arg);
  let rel = '';
  const lit = e.type === 'literal_value' ? e.namedChildren[0] : undefined;
  if (lit?.type === 'string_lit') rel = unquote(lit.text);
  else if (e.type === 'template_expr' && e.namedChildren[0]?.type === 'quoted_template') {
    for (const p of e.namedChildren[0].namedChildren) {
      if (p.type === 'template_literal') rel += unquote(p.text);
      else if (p.type === 'template_interpolation') {
        const inner = p.namedChildren.find((c) => c.type === 'expression');
        const t = inner && traversal(inner);
        if (!t || t.length !== 2 || t[0] !== 'path' || !['module', 'root', 'cwd'].includes(t[1])) return undefined;
        rel += '\u0000'; // the module folder
      } else if (p.type !== 'quoted_template_start' && p.type !== 'quoted_template_end') return undefined;
    }
  } else return undefined;
  if (rel.includes('\u0000')) {
    if (!rel.startsWith('\u0000') || rel.indexOf('\u0000', 1) !== -1) return undefined;
    rel = '.' + rel.slice(1);
  }
  if (rel === '' || isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.startsWith('~')) return undefined;
  const abs = resolvePath(moduleDir, rel);
  const root = workspaceRoot ?? moduleDir;
  const r = relative(root, abs);
  if (r === '' || r.startsWith('..') || isAbsolute(r)) return undefined;
  return abs;
}

const MARK = 'KEYSCOPE_TEMPLATE_END';

/** A template file: JSON with `${...}` parts, read with the HCL parser's template grammar (via a heredoc). */
function parseTemplate(content: string) {
  if (content.includes(MARK)) return parseJsonValue(content);
  const prefix = `x = <<${MARK}\n`;
  const parsed = parseHcl(`${prefix}${content}\n${MARK}\n`);
  try {
    const heredoc = parsed.tree.rootNode.descendantsOfType('heredoc_template')[0];
    const parts = heredoc ? templateParts(heredoc).map((p) => ({ ...p, span: { start: p.span.start - prefix.length, end: p.span.end - prefix.length } })) : [];
    // Template variables are not module references: nothing resolves them.
    return parseTemplatedJson(content, { start: 0, end: content.length }, parts, () => undefined);
  } finally {
    freeTree(parsed);
  }
}
