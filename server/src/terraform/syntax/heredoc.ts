import type { Node } from 'web-tree-sitter';
import { parseJsonValue } from '../../policy/json';
import type { PNode, Span, SyntaxProblem } from '../../policy/model';
import { core, spanOf, traversal } from './hcl';
import type { Resolver } from './hcl-value';

/** A template part (`${...}` or `%{...}`) inside JSON text, in document offsets. */
export interface TemplatePart {
  span: Span;
  /** Source text of the interpolated expression (`var.x`), for `${...}`. */
  expr?: string;
  names?: string[];
  directive: boolean;
}

export interface EmbeddedJson {
  root?: PNode;
  errors: SyntaxProblem[];
  /** The JSON text's span in the document. */
  span: Span;
}

/** The content of a heredoc (`<<EOF` / `<<-EOF`): the lines between its markers, in document offsets. */
export function heredocContent(heredoc: Node, text: string): { span: Span; parts: TemplatePart[] } | undefined {
  const ids = heredoc.namedChildren.filter((c) => c.type === 'heredoc_identifier');
  if (ids.length < 1) return undefined;
  const nl = text.indexOf('\n', ids[0].endIndex);
  const start = nl === -1 ? ids[0].endIndex : nl + 1;
  let end = ids.length > 1 ? ids[ids.length - 1].startIndex : heredoc.endIndex;
  if (ids.length > 1) end = text.lastIndexOf('\n', end - 1) + 1;
  if (end < start) end = start;
  return { span: { start, end }, parts: templateParts(heredoc) };
}

/**
 * The `${...}` and `%{...}` parts of a template node. A directive's body (`%{ for }...%{ endfor }`) is text
 * like any other: only its markers are parts, so a statement written inside a loop is read once.
 */
export function templateParts(template: Node): TemplatePart[] {
  const out: TemplatePart[] = [];
  const visit = (n: Node, depth: number) => {
    for (const c of n.namedChildren) {
      if (c.type === 'template_interpolation') {
        const inner = c.namedChildren.find((k) => k.type === 'expression');
        out.push({ span: spanOf(c), expr: inner ? core(inner).text : undefined, names: inner ? traversal(inner) : undefined, directive: false });
      } else if (/^template_(for_start|for_end|if_intro|if_end|else_intro)$/.test(c.type)) out.push({ span: spanOf(c), directive: true });
      else if (depth < 16 && /^template_(directive|for|if)$/.test(c.type)) visit(c, depth + 1);
    }
  };
  visit(template, 0);
  return out;
}

/**
 * Parses JSON that holds Terraform template parts, keeping every offset in the document. Each part is masked
 * with text of the same length before the JSON is read: inside a string it stays part of the string (which
 * becomes a template string); standing for a whole value (`"AWS": ${jsonencode(var.x)}`) it becomes a
 * placeholder string that is then turned into a symbolic value, so it is never a syntax error.
 */
export function parseTemplatedJson(text: string, span: Span, parts: TemplatePart[], resolve: Resolver): EmbeddedJson {
  const src = text.slice(span.start, span.end);
  const chars = src.split('');
  const wholeValue = new Map<number, TemplatePart>();
  const inString: TemplatePart[] = [];
  for (const p of parts) {
    const s = p.span.start - span.start;
    const e = p.span.end - span.start;
    if (s < 0 || e > src.length || e - s < 3) continue;
    if (insideString(src, s)) {
      inString.push(p);
      for (let i = s + 2; i < e - 1; i++) chars[i] = 'x';
    } else if (p.directive) {
      for (let i = s; i < e; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
    } else {
      wholeValue.set(p.span.start, p);
      chars[s] = '"';
      for (let i = s + 1; i < e - 1; i++) chars[i] = '_';
      chars[e - 1] = '"';
    }
  }
  const { root, errors } = parseJsonValue(chars.join(''), span.start);
  const fixed = root && restore(root, wholeValue, inString, resolve);
  return { root: fixed, errors, span };
}

/** True when offset `at` of `src` lies inside a JSON string (scanning from the start). */
function insideString(src: string, at: number): boolean {
  let inStr = false;
  for (let i = 0; i < at; i++) {
    const c = src[i];
    if (inStr && c === '\\') i++;
    else if (c === '"') inStr = !inStr;
    else if (c === '\n') inStr = false; // JSON strings cannot span lines: recover at the line end
  }
  return inStr;
}

function restore(n: PNode, whole: Map<number, TemplatePart>, inString: TemplatePart[], resolve: Resolver): PNode {
  switch (n.kind) {
    case 'object':
      for (const p of n.props) p.value = restore(p.value, whole, inString, resolve);
      return n;
    case 'array':
      n.items = n.items.map((i) => restore(i, whole, inString, resolve));
      return n;
    case 'string': {
      const w = whole.get(n.span.start);
      if (w && w.span.end === n.span.end) {
        const resolved = w.names && resolve(w.names);
        return { kind: 'symbolic', span: n.span, expr: w.expr ?? '', ...(resolved !== undefined ? { resolved } : {}) };
      }
      const mine = inString.filter((p) => p.span.start >= n.span.start && p.span.end <= n.span.end);
      if (mine.length === 0) return n;
      if (mine.length === 1 && mine[0].span.start === n.span.start + 1 && mine[0].span.end === n.span.end - 1 && !mine[0].directive) {
        // "${x}": the string is the interpolated value itself.
        const resolved = mine[0].names && resolve(mine[0].names);
        return { kind: 'symbolic', span: n.span, expr: mine[0].expr ?? '', ...(resolved !== undefined ? { resolved } : {}) };
      }
      // Split on the masks: odd pieces are the parts, in order.
      const pieces = n.value.split(/(\$\{x*\})/);
      let value = '';
      let resolved: string | undefined = '';
      pieces.forEach((piece, k) => {
        const p = k % 2 === 1 ? mine[(k - 1) / 2] : undefined;
        if (!p) {
          value += piece;
          if (resolved !== undefined) resolved += piece;
          return;
        }
        value += `\${${p.expr ?? ''}}`;
        const r = p.names && resolve(p.names);
        resolved = r === undefined || resolved === undefined ? undefined : resolved + r;
      });
      n.value = value;
      if (resolved !== undefined) n.resolved = resolved;
      n.template = true;
      return n;
    }
    default:
      return n;
  }
}
