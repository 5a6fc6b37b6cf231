import { EvalError, asText, list, type Value } from '../value';
import { arity, listArg, mapArg, type TfFunction } from './args';
import { distinctItems } from './collections';

function tolist(args: Value[], label: string): Value {
  arity('tolist', args, 1);
  const a = args[0];
  if (a.t === 'unknown') return { ...a, type: 'list', label };
  const l = listArg('tolist', a);
  return list(l.items, l.more);
}

/**
 * `toset(list)`: without repeats; a set of strings iterates in lexical order (numbers in numeric order), so
 * that is the order kept.
 */
function toset(args: Value[], label: string): Value {
  arity('toset', args, 1);
  const a = args[0];
  if (a.t === 'unknown') return { ...a, type: 'list', label };
  const l = listArg('toset', a);
  const items = distinctItems(l.items);
  if (items.every((i) => i.t === 'string')) items.sort((x, y) => (asText(x)! < asText(y)! ? -1 : asText(x)! > asText(y)! ? 1 : 0));
  else if (items.every((i) => i.t === 'number')) items.sort((x, y) => (x as { v: number }).v - (y as { v: number }).v);
  const out = list(items, l.more);
  out.set = true;
  return out;
}

function tomap(args: Value[], label: string): Value {
  arity('tomap', args, 1);
  const a = args[0];
  if (a.t === 'unknown') return { ...a, type: 'map', label };
  if (a.t === 'null') throw new EvalError('tomap: null');
  return mapArg('tomap', a);
}

export const CONVERSION_FUNCTIONS: [string, TfFunction][] = [
  ['tolist', tolist],
  ['toset', toset],
  ['tomap', tomap],
];
