import type { Evaluated } from '../syntax/hcl-value';
import { LIMITS, shapeText, type Hole, type Value } from './value';
import { THIS_ACCOUNT_TEMPLATE } from '../../policy/principal-view';
import { PARTITION, REGION, THIS_ACCOUNT_ID } from './references';

/** How a hole is written in a policy-model template: the reference a reader recognises, else its label. */
function holeExpr(h: Hole): string {
  if (h.text === THIS_ACCOUNT_ID.label) return THIS_ACCOUNT_TEMPLATE;
  if (h.text === PARTITION.label) return '${data.aws_partition.current.partition}';
  if (h.text === REGION.label) return '${data.aws_region.current.name}';
  return '${' + h.text + '}';
}

/**
 * A value in the terms of the policy model: a known string (numbers and bools as Terraform writes them), a
 * partly known string as a template (`arn:aws:iam::${var.account_id}:role/admin`), a list of these with
 * possibly an unknown rest, or unknown. Maps and objects are not principals or actions: unknown here.
 */
export function evaluatedOf(v: Value, depth = 0): Evaluated {
  if (depth > LIMITS.depth) return { k: 'unknown' };
  switch (v.t) {
    case 'string':
      return { k: 'text', text: v.v };
    case 'number':
      return { k: 'text', text: String(v.v) };
    case 'bool':
      return { k: 'text', text: v.v ? 'true' : 'false' };
    case 'list': {
      const items = v.items.map((i) => evaluatedOf(i, depth + 1));
      return v.more ? { k: 'list', items, rest: evaluatedOf(v.more, depth + 1) } : { k: 'list', items };
    }
    case 'unknown':
      if (v.parts) return { k: 'shape', text: shapeText(v.parts, holeExpr), label: v.label };
      if (v.type === 'list' && v.element) {
        const rest = evaluatedOf(v.element, depth + 1);
        return rest.k === 'unknown' ? { k: 'unknown' } : { k: 'list', items: [], rest };
      }
      return { k: 'unknown' };
    default:
      return { k: 'unknown' };
  }
}
