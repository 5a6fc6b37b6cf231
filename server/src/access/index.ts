/** The effective-access evaluator: policy -> AccessMatrix (DESIGN.md §4, docs/access-matrix.md). */
export { evaluate, type EvaluateOptions } from './evaluate';
export { grants, publicAccess, summarize } from './summary';
export type * from './types';
