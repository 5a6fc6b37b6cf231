import type { Analysis } from '../analyze';
import type { HoverResult } from './types';

/** Hover at `offset` in an analysed document. */
export function hoverAt(_analysis: Analysis, _offset: number): HoverResult | undefined {
  return undefined;
}
