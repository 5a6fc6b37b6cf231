import type { Node } from 'web-tree-sitter';
import { unquote } from '../syntax/hcl';
import type { ExpressionWalker as Evaluator, Locals } from './context';
import { EvalError, LIMITS, asBool, joinParts, num, partsOf, str, unknown, type Hole, type Value } from './value';

/**
 * A string template: literal text, `${...}` interpolations, and `%{ if }` / `%{ for }` directives, with `~`
 * strip markers. A quoted template that is one interpolation and nothing else is that expression's value
 * unconverted, as Terraform reads `"${var.list}"`. A heredoc's `<<-` form loses its common indentation.
 */
export function evalTemplate(ev: Evaluator, node: Node, locals: Locals, depth: number): Value {
  const t = node.namedChildren[0];
  if (!t) return str('');
  const quoted = t.type === 'quoted_template';
  const parts = t.namedChildren.filter(isPart);
  if (quoted && parts.length === 1 && parts[0].type === 'template_interpolation') {
    const inner = parts[0].namedChildren.find((c) => c.type === 'expression');
    if (inner) return ev.value(inner, locals, depth + 1);
  }
  const label = node.text.length > 120 ? `${node.text.slice(0, 117)}...` : node.text;
  const ctx: Ctx = { ev, locals, depth, quoted, label, out: [], chars: 0 };
  const kids = t.children;
  if (quoted) {
    const open = kids.find((c) => c.type === 'quoted_template_start');
    const close = kids.find((c) => c.type === 'quoted_template_end' && !c.isMissing);
    range(ctx, t, kids, open ? open.endIndex : t.startIndex, open, close ? close.startIndex : t.endIndex, close, locals);
    return joinParts(ctx.out, label);
  }
  // A heredoc: its text runs from the line after the opening marker to the end of the line before the closing one.
  const markers = kids.filter((c) => c.type === 'heredoc_identifier');
  const text = t.text;
  const base = t.startIndex;
  const openEnd = markers[0] ? markers[0].endIndex : base;
  const nl = text.indexOf('\n', openEnd - base);
  const from = nl < 0 ? t.endIndex : base + nl + 1;
  const closing = markers.length > 1 ? markers[markers.length - 1] : undefined;
  const lastNl = closing ? text.lastIndexOf('\n', closing.startIndex - base - 1) : -1;
  const to = closing && lastNl >= 0 && base + lastNl + 1 >= from ? base + lastNl + 1 : closing ? from : t.endIndex;
  range(ctx, t, kids, from, undefined, to, undefined, locals);
  let out = ctx.out;
  if (kids.some((c) => c.type === 'heredoc_start' && c.text.startsWith('<<-'))) out = dedent(out);
  return joinParts(out, label);
}

interface Ctx {
  ev: Evaluator;
  locals: Locals;
  depth: number;
  quoted: boolean;
  label: string;
  out: (string | Hole)[];
  chars: number;
}

function isPart(c: Node): boolean {
  return c.type === 'template_literal' || c.type === 'template_interpolation' || c.type === 'template_directive';
}

const stripsLeft = (n: Node | undefined) => !!n && (n.text.startsWith('${~') || n.text.startsWith('%{~'));
const stripsRight = (n: Node | undefined) => !!n && n.text.endsWith('~}');

function emit(ctx: Ctx, p: string | Hole): void {
  ctx.chars += typeof p === 'string' ? p.length : 1;
  if (ctx.chars > LIMITS.chars) throw new EvalError(`a string longer than ${LIMITS.chars} characters`);
  ctx.out.push(p);
}

/** Literal text between two offsets of a template, escapes decoded and strip markers applied. */
function literal(ctx: Ctx, container: Node, start: number, end: number, before: Node | undefined, after: Node | undefined): void {
  if (end <= start) return;
  const raw = container.text.slice(start - container.startIndex, end - container.startIndex);
  let s = ctx.quoted ? unquote(raw) : raw.split('$${').join('${').split('%%{').join('%{');
  if (stripsRight(before)) s = s.replace(/^\s+/, '');
  if (stripsLeft(after)) s = s.replace(/\s+$/, '');
  if (s) emit(ctx, s);
}

/**
 * Emits what lies between offsets `start` and `end` of a container's children: literal text (the grammar
 * leaves spaces out of its literal tokens, so text is read from the gaps between the other parts),
 * interpolations and directives. `before`/`after` are the markers around the range (for `~`).
 */
function range(ctx: Ctx, container: Node, kids: Node[], start: number, before: Node | undefined, end: number, after: Node | undefined, locals: Locals): void {
  let cursor = start;
  let prev = before;
  for (const k of kids) {
    if (k.startIndex < start || k.endIndex > end) continue;
    if (k.type !== 'template_interpolation' && k.type !== 'template_directive') continue;
    literal(ctx, container, cursor, k.startIndex, prev, k);
    if (k.type === 'template_interpolation') interpolation(ctx, k, locals);
    else directive(ctx, k, locals);
    cursor = k.endIndex;
    prev = k;
  }
  literal(ctx, container, cursor, end, prev, after);
}

function interpolation(ctx: Ctx, n: Node, locals: Locals): void {
  const inner = n.namedChildren.find((c) => c.type === 'expression');
  const v = inner ? ctx.ev.value(inner, locals, ctx.depth + 1) : unknown('any', n.text);
  const parts = partsOf(v);
  if (!parts) {
    if (v.t === 'null') throw new EvalError('a null value in a template');
    throw new EvalError(`a ${v.t === 'unknown' ? v.type : v.t} cannot be interpolated into a string`);
  }
  for (const p of parts) emit(ctx, p);
}

function directive(ctx: Ctx, n: Node, locals: Locals): void {
  const d = n.namedChildren[0];
  if (d?.type === 'template_if') {
    const kids = d.children;
    const intro = kids.find((c) => c.type === 'template_if_intro');
    const other = kids.find((c) => c.type === 'template_else_intro');
    const close = kids.find((c) => c.type === 'template_if_end');
    const cond = intro?.namedChildren.find((c) => c.type === 'expression');
    const c = cond ? ctx.ev.value(cond, locals, ctx.depth + 1) : unknown('bool', n.text);
    if (c.t === 'unknown' || !intro) {
      emit(ctx, { text: n.text });
      return;
    }
    const stop = other ?? close;
    if (asBool(c, 'if directive')) range(ctx, d, kids, intro.endIndex, intro, stop ? stop.startIndex : d.endIndex, stop, locals);
    else if (other) range(ctx, d, kids, other.endIndex, other, close ? close.startIndex : d.endIndex, close, locals);
    return;
  }
  if (d?.type === 'template_for') {
    const kids = d.children;
    const start = kids.find((c) => c.type === 'template_for_start');
    const close = kids.find((c) => c.type === 'template_for_end');
    const ids = start?.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text) ?? [];
    const collNode = start?.namedChildren.find((c) => c.type === 'expression');
    const coll = collNode ? ctx.ev.value(collNode, locals, ctx.depth + 1) : unknown('any', n.text);
    if (!start || coll.t === 'unknown' || (coll.t === 'list' && coll.more)) {
      emit(ctx, { text: n.text });
      return;
    }
    if (coll.t !== 'list' && coll.t !== 'object') throw new EvalError(`cannot iterate over a ${coll.t}`);
    const pairs: [Value, Value][] = coll.t === 'list' ? coll.items.map((v, i) => [coll.set ? v : num(i), v]) : [...coll.props].map(([k, v]) => [str(k), v]);
    const [keyName, valueName] = ids.length === 2 ? ids : [undefined, ids[0]];
    for (const [k, v] of pairs) {
      const scope = new Map(locals);
      if (keyName) scope.set(keyName, k);
      if (valueName) scope.set(valueName, v);
      range(ctx, d, kids, start.endIndex, start, close ? close.startIndex : d.endIndex, close, scope);
    }
    return;
  }
  emit(ctx, { text: n.text });
}

/** Removes the indentation common to every line (`<<-EOT`), counting the literal text only. */
function dedent(parts: (string | Hole)[]): (string | Hole)[] {
  const text = parts.map((p) => (typeof p === 'string' ? p : 'x')).join('');
  let min = Infinity;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (indent < min) min = indent;
  }
  if (!Number.isFinite(min) || min === 0) return parts;
  let atLineStart = true;
  return parts.map((p) => {
    if (typeof p !== 'string') {
      atLineStart = false;
      return p;
    }
    const lines = p.split('\n');
    const out = lines.map((l, i) => ((i > 0 || atLineStart) ? stripIndent(l, min) : l));
    atLineStart = p.endsWith('\n');
    return out.join('\n');
  });
}

function stripIndent(line: string, n: number): string {
  let i = 0;
  while (i < n && i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(i);
}
