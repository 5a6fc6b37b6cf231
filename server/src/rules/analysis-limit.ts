import { fewBrackets, nestingDepth } from '../limits';
import type { KeyscopeSettings } from '../settings';
import type { Finding, PolicyRule } from './types';

/**
 * Reported by `analyze` before any parsing, when a document is beyond the limits: one clear finding instead
 * of an analysis that could take unbounded time or memory. The rule exists so it is documented and its
 * severity can be set (or turned off) like any other.
 */
export const analysisLimit: PolicyRule = {
  meta: {
    id: 'analysis-limit',
    severity: 'warning',
    appliesTo: 'any-policy',
    fixable: false,
    summary: 'The file is too large or nested too deeply to analyse; it is reported once instead.',
  },
  check() {
    // Nothing to do per policy: see limitFinding, which runs before parsing.
  },
};

/** The finding for a document beyond the limits, or undefined when it may be analysed. */
export function limitFinding(text: string, settings: KeyscopeSettings): Omit<Finding, 'severity'> | undefined {
  const firstLine = { start: 0, end: Math.max(0, Math.min(text.length, (text.indexOf('\n') + 1 || text.length + 1) - 1, 200)) };
  const kb = text.length / 1024; // UTF-16 units; close enough to bytes for a limit that is about time
  const maxKB = settings.limits.maxFileSizeKB;
  if (kb > maxKB) {
    return {
      ruleId: analysisLimit.meta.id,
      message: `Not analysed: this file is ${size(kb)}, over the ${size(maxKB)} limit (setting keyscope.limits.maxFileSizeKB). A key policy is at most 32 KB.`,
      span: firstLine,
      fixes: [],
    };
  }
  const maxDepth = settings.limits.maxNestingDepth;
  if (!fewBrackets(text, maxDepth) && nestingDepth(text, maxDepth) > maxDepth) {
    return {
      ruleId: analysisLimit.meta.id,
      message: `Not analysed: brackets nest more than ${maxDepth} levels deep (setting keyscope.limits.maxNestingDepth). A key policy nests only a few levels.`,
      span: firstLine,
      fixes: [],
    };
  }
  return undefined;
}

function size(kb: number): string {
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.round(kb)} KB`;
}
