import { EvalError, type Value, type VList, type VObject } from '../value';

/** Checks the number of arguments of a function. */
export function arity(name: string, args: Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw new EvalError(`${name} takes ${min === max ? min : `${min} to ${max === Infinity ? 'any number of' : max}`} arguments, not ${args.length}`);
}

/** A list (or set or tuple) argument; throws for another known value. */
export function listArg(name: string, v: Value): VList {
  if (v.t === 'list') return v;
  throw new EvalError(`${name}: a list is required, not a ${v.t}`);
}

/** A map (or object) argument; throws for another known value. */
export function mapArg(name: string, v: Value): VObject {
  if (v.t === 'object') return v;
  throw new EvalError(`${name}: a map is required, not a ${v.t}`);
}

/** A Terraform function over evaluated arguments; `label` is the call as written (what an unknown result is called). */
export type TfFunction = (args: Value[], label: string) => Value;
