import { unknown, type Value } from '../value';
import { COLLECTION_FUNCTIONS } from './collections';
import { CONVERSION_FUNCTIONS } from './conversion';
import { ENCODING_FUNCTIONS } from './encoding';
import { STRING_FUNCTIONS } from './strings';

import type { TfFunction } from './args';

export type { TfFunction };

/** The functions evaluated, by name. Any other function evaluates to an unknown, never to a guess. */
export const FUNCTIONS: ReadonlyMap<string, TfFunction> = new Map([...STRING_FUNCTIONS, ...COLLECTION_FUNCTIONS, ...CONVERSION_FUNCTIONS, ...ENCODING_FUNCTIONS]);

/** Functions whose arguments are evaluated by the function itself (errors caught): the evaluator runs them. */
export const LAZY_FUNCTIONS: ReadonlySet<string> = new Set(['try', 'can']);

export function callFunction(name: string, args: Value[], label: string): Value {
  const f = FUNCTIONS.get(name);
  return f ? f(args, label) : unknown('any', label);
}
