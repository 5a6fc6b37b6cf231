import type { Node } from 'web-tree-sitter';
import type { Span } from '../../policy/model';

/**
 * Small readers over the HCL syntax tree (tree-sitter-hcl). The tree may hold ERROR nodes while the user
 * types: every reader skips what it does not recognise instead of failing.
 */

export function spanOf(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

/** The meaningful node of an expression: `expression` wrappers and parentheses removed. */
export function core(n: Node): Node {
  let cur = n;
  for (let i = 0; i < 64 && cur.type === 'expression'; i++) {
    const named = cur.namedChildren.filter((c) => c.type !== 'comment');
    if (named.length !== 1 || named[0].type === 'variable_expr') break;
    cur = named[0];
  }
  return cur;
}

/** A `block` of a body: its type, labels and body. */
export interface HclBlock {
  node: Node;
  type: string;
  labels: string[];
  labelNodes: Node[];
  body?: Node;
  /** The `{` and `}` tokens (the closing one may be missing while typing). */
  open?: Node;
  close?: Node;
  /** The same as `attribute(body, name)`, for blocks that remember where their attributes are. */
  attribute?(name: string): HclAttribute | undefined;
}

export function readBlock(n: Node): HclBlock | undefined {
  if (n.type !== 'block') return undefined;
  const kids = n.namedChildren;
  if (kids[0]?.type !== 'identifier') return undefined;
  const labelNodes = kids.slice(1).filter((k) => k.type === 'string_lit' || k.type === 'identifier');
  return {
    node: n,
    type: kids[0].text,
    labels: labelNodes.map((l) => (l.type === 'string_lit' ? unquote(l.text) : l.text)),
    labelNodes,
    body: kids.find((k) => k.type === 'body'),
    open: n.children.find((k) => k.type === 'block_start'),
    close: n.children.find((k) => k.type === 'block_end' && !k.isMissing),
  };
}

/**
 * The blocks of a body (or of the file, given the root node). `where`, when given, is asked first about each
 * block node: those it rejects are not read.
 */
export function blocksOf(body: Node | undefined | null, where?: (n: Node) => boolean): HclBlock[] {
  if (!body) return [];
  if (body.type === 'config_file') return body.namedChildren.flatMap((c) => (c.type === 'body' ? blocksOf(c, where) : []));
  return body.namedChildren.flatMap((c) => {
    const b = !where || where(c) ? readBlock(c) : undefined;
    return b ? [b] : [];
  });
}

export interface HclAttribute {
  node: Node;
  name: string;
  nameNode: Node;
  value: Node;
}

/** The attributes of a body; with `where`, only those whose node it accepts (the others are not read). */
export function attributesOf(body: Node | undefined | null, where?: (n: Node) => boolean): HclAttribute[] {
  if (!body) return [];
  const out: HclAttribute[] = [];
  for (const c of body.namedChildren) {
    if (c.type !== 'attribute' || (where && !where(c))) continue;
    const [nameNode, value] = c.namedChildren;
    if (nameNode?.type === 'identifier' && value?.type === 'expression') out.push({ node: c, name: nameNode.text, nameNode, value });
  }
  return out;
}

/** An attribute of a block's body by name. */
export function blockAttribute(b: HclBlock | undefined, name: string): HclAttribute | undefined {
  return b?.attribute ? b.attribute(name) : attribute(b?.body, name);
}

export function attribute(body: Node | undefined | null, name: string): HclAttribute | undefined {
  if (!body) return undefined;
  // The first attribute of that name, as in attributesOf, without reading the values of the others.
  for (const c of body.namedChildren) {
    if (c.type !== 'attribute') continue;
    const nameNode = c.namedChild(0);
    if (nameNode?.type !== 'identifier' || nameNode.text !== name) continue;
    const value = c.namedChild(1);
    if (value?.type === 'expression') return { node: c, name, nameNode, value };
  }
  return undefined;
}

/**
 * The names of a plain reference (`data.x.y[0].json` -> `['data', 'x', 'y', 'json']`; index and splat steps
 * skipped), or undefined when the expression is not one.
 */
export function traversal(expr: Node): string[] | undefined {
  const e = core(expr);
  if (e.type !== 'expression') return undefined;
  const parts = e.namedChildren;
  if (parts[0]?.type !== 'variable_expr') return undefined;
  const names = [parts[0].text];
  for (const p of parts.slice(1)) {
    if (p.type === 'get_attr') names.push(p.text.replace(/^\s*\.\s*/, ''));
    else if (p.type !== 'index' && p.type !== 'splat' && p.type !== 'comment') return undefined;
  }
  return names;
}

/** Every plain reference inside an expression (through function calls, conditionals, lists). */
export function references(expr: Node): string[][] {
  const out: string[][] = [];
  const visit = (n: Node, depth: number) => {
    if (depth > 64) return;
    if (n.type === 'expression') {
      const t = traversal(n);
      if (t) {
        out.push(t);
        return;
      }
    }
    for (const c of n.namedChildren) visit(c, depth + 1);
  };
  visit(expr, 0);
  return out;
}

/** The function name and argument expressions of a call, when `expr` is one. */
export function callOf(expr: Node): { name: string; args: Node[] } | undefined {
  const e = core(expr);
  if (e.type !== 'function_call') return undefined;
  const name = e.namedChildren[0]?.type === 'identifier' ? e.namedChildren[0].text : '';
  const argList = e.namedChildren.find((c) => c.type === 'function_arguments');
  return { name, args: argList ? argList.namedChildren.filter((c) => c.type === 'expression') : [] };
}

/** A literal string expression's value (`"x"`), or undefined for anything else (templates included). */
export function stringLiteral(expr: Node | undefined): string | undefined {
  if (!expr) return undefined;
  const e = core(expr);
  const lit = e.type === 'literal_value' ? e.namedChildren[0] : e;
  return lit?.type === 'string_lit' ? unquote(lit.text) : undefined;
}

/** Syntax errors of the HCL itself: ERROR and MISSING nodes, one per place. */
export function hclErrors(root: Node, limit = 20): { message: string; span: Span }[] {
  const out: { message: string; span: Span }[] = [];
  if (!root.hasError) return out;
  const visit = (n: Node) => {
    if (out.length >= limit) return;
    if (n.isMissing) out.push({ message: `HCL syntax: missing ${n.type}.`, span: { start: n.startIndex, end: n.startIndex } });
    else if (n.isError) {
      out.push({ message: 'HCL syntax error.', span: spanOf(n) });
      return;
    }
    if (n.hasError) for (const c of n.children) visit(c);
  };
  visit(root);
  return out;
}

/** The text of a quoted HCL string literal, with its escapes decoded. */
export function unquote(raw: string): string {
  const body = raw.replace(/^"/, '').replace(/"$/, '');
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (m, esc?: string) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    if (!esc) return m;
    if (esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[esc] ?? esc;
  });
}

/** `"${expr}"`: Terraform reads a template that is one interpolation as the expression itself. */
export function soleInterpolation(e: Node): Node | undefined {
  const t = e.type === 'template_expr' ? e.namedChildren[0] : undefined;
  if (t?.type !== 'quoted_template') return undefined;
  const parts = t.namedChildren.filter((c) => c.type === 'template_literal' || c.type === 'template_interpolation' || c.type === 'template_directive');
  if (parts.length !== 1 || parts[0].type !== 'template_interpolation') return undefined;
  return parts[0].namedChildren.find((c) => c.type === 'expression');
}
