import type { Node } from 'web-tree-sitter';
import { core, stringLiteral, traversal, unquote } from './hcl';

/**
 * What a local's expression reads as, without its syntax tree: a constant (undefined when it is not
 * statically known), a reference to resolve, or a quoted template of literal text and such parts. Lets a
 * local of another file of the module be resolved after that file's tree is gone.
 */
export type LiteralForm = { k: 'const'; v: string | undefined } | { k: 'ref'; names: string[] } | { k: 'tpl'; parts: (string | LiteralForm)[] };

const UNKNOWN: LiteralForm = { k: 'const', v: undefined };

/** The form of a literal, a reference, or a quoted template of literals and such interpolations. */
export function literalForm(expr: Node): LiteralForm {
  const e = core(expr);
  if (e.type === 'literal_value') {
    const lit = e.namedChildren[0];
    if (lit?.type === 'string_lit') return { k: 'const', v: stringLiteral(e) };
    if (lit?.type === 'numeric_lit' || lit?.type === 'bool_lit') return { k: 'const', v: lit.text };
    return UNKNOWN;
  }
  const t = traversal(e);
  if (t) return { k: 'ref', names: t };
  if (e.type === 'template_expr' && e.namedChildren[0]?.type === 'quoted_template') {
    const parts: (string | LiteralForm)[] = [];
    for (const p of e.namedChildren[0].namedChildren) {
      if (p.type === 'template_literal') parts.push(unquote(p.text));
      else if (p.type === 'template_interpolation') {
        const inner = p.namedChildren.find((k) => k.type === 'expression');
        parts.push(inner ? literalForm(inner) : UNKNOWN);
      } else if (p.type !== 'quoted_template_start' && p.type !== 'quoted_template_end') return UNKNOWN;
    }
    return { k: 'tpl', parts };
  }
  return UNKNOWN;
}

/** The text a form stands for, resolving its references (left to right, stopping at the first unknown). */
export function evalForm(form: LiteralForm, resolve: (names: string[]) => string | undefined): string | undefined {
  if (form.k === 'const') return form.v;
  if (form.k === 'ref') return resolve(form.names);
  let out = '';
  for (const p of form.parts) {
    if (typeof p === 'string') out += p;
    else {
      const r = evalForm(p, resolve);
      if (r === undefined) return undefined;
      out += r;
    }
  }
  return out;
}
