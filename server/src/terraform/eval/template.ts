import type { Node } from 'web-tree-sitter';
import { unquote } from '../syntax/hcl';
import type { Evaluator, Locals } from './evaluator';
import { EvalError, LIMITS, asBool, joinParts, partsOf, str, unknown, type Hole, type Value } from './value';

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
  sequence(ctx, parts);
  let out = ctx.out;
  if (!quoted && t.namedChildren.some((c) => c.type === 'heredoc_start' && c.text.startsWith('<<-'))) out = dedent(out);
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

function literalText(ctx: Ctx, n: Node, prev: Node | undefined, next: Node | undefined): string {
  let s = ctx.quoted ? unquote(n.text) : n.text.split('$${').join('${').split('%%{').join('%{');
  if (stripsRight(prev)) s = s.replace(/^\s+/, '');
  if (stripsLeft(next)) s = s.replace(/\s+$/, '');
  return s;
}

function emit(ctx: Ctx, p: string | Hole): void {
  ctx.chars += typeof p === 'string' ? p.length : 1;
  if (ctx.chars > LIMITS.chars) throw new EvalError(`a string longer than ${LIMITS.chars} characters`);
  ctx.out.push(p);
}

/** Emits a sequence of template parts (the template itself, or the body of a directive). */
function sequence(ctx: Ctx, nodes: Node[], locals = ctx.locals): void {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.type === 'template_literal') emit(ctx, literalText(ctx, n, nodes[i - 1], nodes[i + 1]));
    else if (n.type === 'template_interpolation') {
      const inner = n.namedChildren.find((c) => c.type === 'expression');
      const v = inner ? ctx.ev.value(inner, locals, ctx.depth + 1) : unknown('any', n.text);
      const parts = partsOf(v);
      if (!parts) {
        if (v.t === 'null') throw new EvalError('a null value in a template');
        throw new EvalError(`a ${v.t === 'unknown' ? v.type : v.t} cannot be interpolated into a string`);
      }
      for (const p of parts) emit(ctx, p);
    } else if (n.type === 'template_directive') directive(ctx, n, locals);
  }
}

function directive(ctx: Ctx, n: Node, locals: Locals): void {
  const d = n.namedChildren[0];
  if (d?.type === 'template_if') {
    const kids = d.namedChildren;
    const intro = kids.find((c) => c.type === 'template_if_intro');
    const elseAt = kids.findIndex((c) => c.type === 'template_else_intro');
    const endAt = kids.findIndex((c) => c.type === 'template_if_end');
    const introAt = intro ? kids.indexOf(intro) : -1;
    const cond = intro?.namedChildren.find((c) => c.type === 'expression');
    const thenPart = kids.slice(introAt, elseAt >= 0 ? elseAt + 1 : endAt >= 0 ? endAt + 1 : kids.length);
    const elsePart = elseAt >= 0 ? kids.slice(elseAt, endAt >= 0 ? endAt + 1 : kids.length) : [];
    const c = cond ? ctx.ev.value(cond, locals, ctx.depth + 1) : unknown('bool', n.text);
    if (c.t === 'unknown') {
      emit(ctx, { text: n.text });
      return;
    }
    sequence(ctx, asBool(c, 'if directive') ? thenPart : elsePart, locals);
    return;
  }
  if (d?.type === 'template_for') {
    const start = d.namedChildren.find((c) => c.type === 'template_for_start');
    const endAt = d.namedChildren.findIndex((c) => c.type === 'template_for_end');
    const body = d.namedChildren.slice(start ? d.namedChildren.indexOf(start) : 0, endAt >= 0 ? endAt + 1 : undefined);
    const ids = start?.namedChildren.filter((c) => c.type === 'identifier').map((c) => c.text) ?? [];
    const collNode = start?.namedChildren.find((c) => c.type === 'expression');
    const coll = collNode ? ctx.ev.value(collNode, locals, ctx.depth + 1) : unknown('any', n.text);
    if (coll.t === 'unknown' || (coll.t === 'list' && coll.more)) {
      emit(ctx, { text: n.text });
      return;
    }
    const pairs: [Value, Value][] =
      coll.t === 'list' ? coll.items.map((v, i) => [coll.set ? v : { t: 'number', v: i }, v]) : coll.t === 'object' ? [...coll.props].map(([k, v]) => [str(k), v]) : [];
    if (coll.t !== 'list' && coll.t !== 'object') throw new EvalError(`cannot iterate over a ${coll.t}`);
    const [keyName, valueName] = ids.length === 2 ? ids : [undefined, ids[0]];
    for (const [k, v] of pairs) {
      const scope = new Map(locals);
      if (keyName) scope.set(keyName, k);
      if (valueName) scope.set(valueName, v);
      sequence(ctx, body, scope);
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
