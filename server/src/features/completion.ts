import type { Analysis } from '../analyze';
import type { CompletionResult } from './types';

/** Completions at `offset` in an analysed document. */
export function completeAt(_analysis: Analysis, _offset: number): CompletionResult[] {
  return [];
}
