import { renderHcl, renderHclValue } from './hcl';
import { policyJson, renderPolicy, statementBlock, statementJson, statementObject } from './render';
import type { Format, InsertionForm, InsertionPoint, PolicySpec } from './types';

/*
 * The generated policy written into an existing document at a place the language server found: only the form
 * that fits there (statements in a statement list, blocks at the top level of a .tf file, a whole policy in an
 * empty JSON document), indented as its neighbours are.
 */

/**
 * Whether a format's output can go at a place of `form`: statements fit whatever format was chosen (the
 * statements are the same; the place decides how they are written), blocks are Terraform's, a whole policy
 * JSON's.
 */
export function insertionFits(form: InsertionForm, format: Format): boolean {
  if (form === 'blocks') return format !== 'json';
  if (form === 'policy') return format === 'json';
  return true;
}

/**
 * The text that replaces `point.range`: for blocks, the caret's blank line (its line break stays); for
 * statements, the white space between the neighbouring items or brackets.
 */
export function renderInsertion(spec: PolicySpec, format: Format, point: InsertionPoint): string {
  const { indent } = point;
  const reindent = (text: string) => text.replace(/\n(?=.)/g, `\n${indent}`);
  switch (point.form) {
    case 'policy':
      return JSON.stringify(policyJson(spec), null, point.unit || 2) + '\n';
    case 'blocks': {
      // Terraform blocks keep `terraform fmt`'s layout; the JSON key policy format has no block form.
      const text = renderPolicy(spec, format === 'json' ? 'tf' : format).replace(/\n+$/, '');
      return `${point.blankBefore ? '\n' : ''}${indent}${reindent(text)}${point.blankAfter ? '\n' : ''}`;
    }
    case 'document-statements': {
      const text = spec.statements.map((s) => renderHcl([statementBlock(s)]).replace(/\n+$/, '')).join('\n\n');
      return `${point.blankBefore ? '\n' : ''}${indent}${reindent(text)}${point.blankAfter ? '\n' : ''}`;
    }
    case 'json-statements':
    case 'hcl-statements': {
      const one = point.form === 'json-statements' ? (s: PolicySpec['statements'][number]) => JSON.stringify(statementJson(s), null, point.unit || 2) : (s: PolicySpec['statements'][number]) => renderHclValue(statementObject(s));
      const items = spec.statements.map((s) => reindent(one(s))).join(`,\n${indent}`);
      return `${point.commaBefore ? ',' : ''}\n${indent}${items}${point.commaAfter ? ',' : ''}\n${point.closeIndent}`;
    }
  }
}
