/** The effective-access evaluator: policy -> AccessMatrix (DESIGN.md §4, docs/access-matrix.md). */
export { evaluate, type EvaluateOptions } from './evaluate';
export { describeCondition, grants, publicAccess, summarize, unconditional } from './summary';
export { TERRAFORM_CONDITION } from './conditions';
export type * from './types';
export { accessFor, type AccessView, type RowAccess } from './cache';
export { decisionSite, namedIn, principalNodeFor } from './locate';
export { changeWeight, describeChange, diffMatrices, givesAccess, missingRows, type CellChange } from './diff';
export type { KeyIam } from './identity';
