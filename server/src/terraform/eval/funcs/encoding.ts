import { EvalError, LIMITS, NULL, bool, isWhollyKnown, list, num, numberText, object, str, unknown, type Value } from '../value';
import { arity, type TfFunction } from './args';

/** JSON text of a known value, object keys in lexical order (as Terraform writes them). */
export function jsonText(v: Value, depth = 0): string {
  if (depth > LIMITS.depth) throw new EvalError('jsonencode: nested too deeply');
  switch (v.t) {
    case 'string':
      return JSON.stringify(v.v);
    case 'number':
      return numberText(v.v);
    case 'bool':
      return String(v.v);
    case 'null':
      return 'null';
    case 'list':
      return `[${v.items.map((i) => jsonText(i, depth + 1)).join(',')}]`;
    case 'object':
      return `{${[...v.props].map(([k, i]) => `${JSON.stringify(k)}:${jsonText(i, depth + 1)}`).join(',')}}`;
    default:
      throw new EvalError('jsonencode: an unknown value');
  }
}

function jsonencode(args: Value[], label: string): Value {
  arity('jsonencode', args, 1);
  if (!isWhollyKnown(args[0])) return unknown('string', label);
  const t = jsonText(args[0]);
  if (t.length > LIMITS.chars) throw new EvalError('jsonencode: the text is too long');
  return str(t);
}

/** A JSON value as a Terraform value: objects become objects (keys in lexical order), arrays tuples. */
export function fromJson(x: unknown, depth = 0): Value {
  if (depth > LIMITS.depth) throw new EvalError('jsondecode: nested too deeply');
  if (x === null) return NULL;
  if (typeof x === 'string') return str(x);
  if (typeof x === 'number') return num(x);
  if (typeof x === 'boolean') return bool(x);
  if (Array.isArray(x)) {
    if (x.length > LIMITS.items) throw new EvalError('jsondecode: too many elements');
    return list(x.map((i) => fromJson(i, depth + 1)));
  }
  const entries = Object.entries(x as Record<string, unknown>);
  if (entries.length > LIMITS.items) throw new EvalError('jsondecode: too many keys');
  return object(entries.map(([k, v]) => [k, fromJson(v, depth + 1)]));
}

function jsondecode(args: Value[], label: string): Value {
  arity('jsondecode', args, 1);
  const a = args[0];
  if (a.t === 'unknown') return unknown('any', label);
  if (a.t !== 'string') throw new EvalError('jsondecode: a string is required');
  if (a.v.length > LIMITS.chars) throw new EvalError('jsondecode: the text is too long');
  let parsed: unknown;
  try {
    parsed = JSON.parse(a.v);
  } catch {
    throw new EvalError('jsondecode: not valid JSON');
  }
  return fromJson(parsed);
}

export const ENCODING_FUNCTIONS: [string, TfFunction][] = [
  ['jsonencode', jsonencode],
  ['jsondecode', jsondecode],
];
