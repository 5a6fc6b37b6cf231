import { basename, dirname, isAbsolute, relative, resolve as resolvePath } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { buildPolicy } from '../../policy/build';
import { parseJsonValue } from '../../policy/json';
import type { PNode, PolicySource, RelatedPlace, Span } from '../../policy/model';
import { LineIndex, utf8Length } from '../../text';
import { JsonWriter } from '../../policy/json-writer';
import type { FileReads } from '../../host';
import { core, spanOf, traversal, unquote, type HclAttribute } from '../syntax/hcl';
import { parseTemplatedJson, templateParts } from '../syntax/heredoc';
import { conditionLabel, type Resolver } from '../syntax/hcl-value';
import { freeTree, parseHcl } from '../syntax/parser';
import type { ModuleFile } from '../module/scope';

/**
 * `policy = file("${path.module}/key-policy.json")` or `templatefile(...)`: the referenced JSON, read through
 * the host, only inside the workspace (no absolute paths, no `..` out of it), and only when it is a regular
 * file within the size limit (a skipped file is noted at the attribute). Every finding is reported at the
 * attribute in the .tf (`reportAt`); fixes would edit the other file, so none are offered from here.
 */
/** The variables a `templatefile(path, vars)` call (or a `template_file`'s `vars`) sets, as far as they are known. */
export interface TemplateVars {
  resolve: Resolver;
  /** The names it sets, when the whole map is known: a name the template uses outside it is Terraform's error. */
  keys?: ReadonlySet<string>;
  /** The expression the call writes for a name (`var.enable_logs`), as the caller reads it: labels use it. */
  exprOf?: (name: string) => string | undefined;
}

export function fileRefSource(file: ModuleFile, fn: string, args: Node[], attr: HclAttribute, owner: string, host?: FileReads, vars?: TemplateVars, evaluatedPath?: string): PolicySource | undefined {
  if (!host || !args[0]) return undefined;
  const path = referencedPath(args[0], dirname(file.path), host.workspaceRoot) ?? (evaluatedPath === undefined ? undefined : pathInside(evaluatedPath, dirname(file.path), host.workspaceRoot));
  if (!path) return undefined;
  const content = host.readFile(path, spanOf(attr.node));
  if (content === undefined) return undefined;
  const { root, errors, used } = fn === 'templatefile' ? parseTemplate(content, vars?.resolve, vars?.exprOf) : { ...parseJsonValue(content), used: [] as string[] };
  // Terraform renders the template with exactly the call's vars: a variable it does not set stops the plan.
  const keys = vars?.keys;
  const missing = keys ? [...new Set(used)].filter((n) => !keys.has(n)) : [];
  if (missing.length) {
    errors.push({
      span: { start: 0, end: 0 },
      message: `The template uses ${missing.map((n) => `\${${n}}`).join(', ')}, which the call's variables do not set: Terraform stops with "vars map does not contain key ${JSON.stringify(missing[0])}". Add ${missing.length > 1 ? 'them' : 'it'} to the vars argument.`,
    });
  }
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
    relatedAt: placesIn(path, content, fn === 'templatefile' ? 'the template' : 'the policy file'),
    byteLength: utf8Length(content),
  };
}

/** Where a span of a referenced file's text is, as a related place (its line index made once, on first need). */
function placesIn(path: string, content: string, what: string): (at: Span) => RelatedPlace | undefined {
  let index: LineIndex | undefined;
  return (at) => {
    if (at.start < 0 || at.start > content.length) return undefined;
    index ??= new LineIndex(content);
    return { path, ...index.positionAt(at.start), message: `here in ${what} ${basename(path)}` };
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
  return pathInside(rel, moduleDir, workspaceRoot);
}

/**
 * A path relative to the module folder (`path.module`, `path.root` and the working directory are all taken as
 * that folder), when it stays inside the workspace; undefined for an absolute path or one that leaves it.
 */
export function pathInside(rel: string, moduleDir: string, workspaceRoot?: string): string | undefined {
  if (rel.startsWith('./') && rel.length > 2) rel = rel.slice(2);
  if (rel === '' || isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.startsWith('~')) return undefined;
  const abs = resolvePath(moduleDir, rel);
  const root = workspaceRoot ?? moduleDir;
  const r = relative(root, abs);
  if (r === '' || r.startsWith('..') || isAbsolute(r)) return undefined;
  return abs;
}

const MARK = 'KEYSCOPE_TEMPLATE_END';

/**
 * A template file: JSON with `${...}` parts and `%{ if }`/`%{ for }` directives, read with the HCL parser's
 * template grammar (via a heredoc). `vars` answers a template variable (`${account_id}`) when the call that
 * renders the template sets it; without it every variable stays symbolic.
 */
export function parseTemplate(content: string, vars: Resolver = () => undefined, exprOf: (name: string) => string | undefined = () => undefined) {
  if (content.includes(MARK)) return { ...parseJsonValue(content), used: [] as string[] };
  const prefix = `x = <<${MARK}\n`;
  const parsed = parseHcl(`${prefix}${content}\n${MARK}\n`);
  try {
    const heredoc = parsed.tree.rootNode.descendantsOfType('heredoc_template')[0];
    const parts = heredoc ? templateParts(heredoc).map((p) => ({ ...p, span: { start: p.span.start - prefix.length, end: p.span.end - prefix.length } })) : [];
    // Names a `%{ for x in ... }` binds are the loop's, not the call's.
    const bound = new Set<string>();
    const directiveNames: string[] = [];
    for (const p of parts) {
      if (!p.directive) continue;
      const head = content.slice(p.span.start, Math.min(p.span.end, p.span.start + 200));
      const loop = /^%\{~?\s*for\s+(\w+)(?:\s*,\s*(\w+))?\s+in\s+([A-Za-z_]\w*)/.exec(head);
      if (loop) {
        for (const n of [loop[1], loop[2]]) if (n) bound.add(n);
        directiveNames.push(loop[3]);
      }
      const cond = /^%\{~?\s*if\s+!?\s*([A-Za-z_]\w*)/.exec(head);
      if (cond) directiveNames.push(cond[1]);
    }
    const used = [...directiveNames, ...parts.flatMap((p) => (p.names?.[0] ? [p.names[0]] : []))].filter((n) => !bound.has(n) && n !== 'true' && n !== 'false');
    // `%{ if }` with a condition the call's vars decide: the branch not taken is not part of the text.
    const ifs = heredoc ? ifBranches(heredoc, prefix.length, vars, exprOf) : { dropped: [], optional: [] };
    const masked = maskRanges(content, ifs.dropped);
    const kept = parts.filter((p) => !ifs.dropped.some((d) => p.span.start >= d.start && p.span.end <= d.end));
    // Template variables are not module references: only the call's vars resolve them.
    const json = parseTemplatedJson(masked, { start: 0, end: masked.length }, kept, vars);
    const root = json.root && rendered(json.root);
    // Under a condition not known, what a branch writes is there only if the branch is taken.
    if (root) for (const o of ifs.optional) markOptional(root, o.span, o.condition);
    return { ...json, root, used };
  } finally {
    freeTree(parsed);
  }
}

/** A branch of a template's `%{ if }`: the text between its markers, in the template's offsets. */
interface Branch {
  span: { start: number; end: number };
  condition: string;
}

/**
 * The branches of every `%{ if }` of a template: a condition the call's vars decide (`%{ if strict }`,
 * `%{ if !strict }` with `strict` set to true or false) drops the branch not taken; any other leaves both,
 * each optional under its condition (`strict`, `!(strict)`; the caller's expression for `strict` when it sets it).
 */
function ifBranches(heredoc: Node, shift: number, vars: Resolver, exprOf: (name: string) => string | undefined): { dropped: { start: number; end: number }[]; optional: Branch[] } {
  const dropped: { start: number; end: number }[] = [];
  const optional: Branch[] = [];
  for (const n of heredoc.descendantsOfType('template_if')) {
    const intro = n.namedChildren.find((c) => c.type === 'template_if_intro');
    const otherwise = n.namedChildren.find((c) => c.type === 'template_else_intro');
    const end = n.namedChildren.find((c) => c.type === 'template_if_end');
    const cond = intro?.namedChildren.find((c) => c.type === 'expression');
    if (!intro || !end || !cond) continue;
    const then = { start: intro.endIndex - shift, end: (otherwise ?? end).startIndex - shift };
    const other = otherwise ? { start: otherwise.endIndex - shift, end: end.startIndex - shift } : undefined;
    const simple = /^(!?)\s*([A-Za-z_]\w*)$/.exec(cond.text.trim());
    const value = simple ? vars([simple[2]]) : undefined;
    if (value === 'true' || value === 'false') {
      const taken = (value === 'true') !== (simple![1] === '!');
      const drop = taken ? other : then;
      if (drop) dropped.push(drop);
      continue;
    }
    // Named as the caller writes it (`var.enable_logs`) when the condition is one variable the call sets.
    const written = simple ? exprOf(simple[2]) : undefined;
    const label = written === undefined ? conditionLabel(cond.text) : simple![1] === '!' ? `!(${conditionLabel(written)})` : conditionLabel(written);
    optional.push({ span: then, condition: label });
    if (other) optional.push({ span: other, condition: `!(${label})` });
  }
  return { dropped, optional };
}

/** The text with each range blanked (newlines kept: offsets and lines stay). */
function maskRanges(text: string, ranges: { start: number; end: number }[]): string {
  if (ranges.length === 0) return text;
  const chars = text.split('');
  for (const r of ranges) for (let i = r.start; i < r.end && i < chars.length; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  return chars.join('');
}

/** Marks every list element written within `span` optional under `condition` (statements, principals). */
function markOptional(n: PNode, span: { start: number; end: number }, condition: string, depth = 0): void {
  if (depth > 64) return;
  if (n.kind === 'object') for (const p of n.props) markOptional(p.value, span, condition, depth + 1);
  if (n.kind !== 'array') return;
  for (const i of n.items) {
    if (i.span.start >= span.start && i.span.end <= span.end) i.optionalIf = i.optionalIf ? `${condition} && ${i.optionalIf}` : condition;
    else markOptional(i, span, condition, depth + 1);
  }
}

/**
 * The template as Terraform renders it, as far as the call's vars are known: a string or a whole value whose
 * every part is set is that text (judged by every rule, like any literal); the rest stays symbolic.
 */
function rendered(n: PNode, depth = 0): PNode {
  if (depth > 64) return n;
  switch (n.kind) {
    case 'object':
      for (const p of n.props) p.value = rendered(p.value, depth + 1);
      return n;
    case 'array':
      n.items = n.items.map((i) => rendered(i, depth + 1));
      return n;
    case 'string':
      return n.template && n.resolved !== undefined ? { kind: 'string', span: n.span, value: n.resolved, evaluated: true } : n;
    case 'symbolic': {
      if (n.resolved === undefined) return n;
      // A whole value (`"AWS": ${reader_arns}`) is JSON text: what it renders to is read as JSON.
      const { root, errors } = parseJsonValue(n.resolved);
      return root && errors.length === 0 ? atSpan(root, n.span) : { kind: 'string', span: n.span, value: n.resolved, evaluated: true };
    }
    default:
      return n;
  }
}

/** A value read from rendered text, placed at the span of the placeholder that produced it. */
function atSpan(n: PNode, span: PNode['span'], depth = 0): PNode {
  if (depth > 64) return { kind: 'null', span };
  if (n.kind === 'object') return { kind: 'object', span, evaluated: true, props: n.props.map((p) => ({ ...p, keySpan: span, span, value: atSpan(p.value, span, depth + 1) })) };
  if (n.kind === 'array') return { kind: 'array', span, evaluated: true, items: n.items.map((i) => atSpan(i, span, depth + 1)) };
  return { ...n, span, evaluated: true };
}
