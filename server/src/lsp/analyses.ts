import type { Analysis } from '../service';
import { BoundedMap } from '../cache';

/**
 * Analyses kept for hovers, lenses and code actions: the most recently used documents'. With a thousand
 * documents open, keeping every analysis (its model, findings and Terraform extraction) costs tens of MB,
 * while only the documents in view are asked for hovers, lenses and code actions; 64 covers every visible
 * editor and the recently visited ones. A document whose analysis was dropped is analysed again when asked.
 */
export const ANALYSES_KEPT = 64;

/** The server's cache of analyses, by document URI. */
export function analysisCache<V extends { version: number; analysis: Analysis }>(): BoundedMap<string, V> {
  return new BoundedMap({ max: ANALYSES_KEPT, name: 'lsp.analyses' });
}
