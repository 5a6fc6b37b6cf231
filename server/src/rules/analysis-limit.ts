import { basename, dirname, relative, sep } from 'node:path';
import type { SkippedRead } from '../host';
import { fewBrackets, nestingDepth } from '../limits';
import type { Span } from '../policy/model';
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

/** The first line of a text (at most 200 characters of it): where whole-file findings sit. */
export function firstLine(text: string): Span {
  return { start: 0, end: Math.max(0, Math.min(text.length, (text.indexOf('\n') + 1 || text.length + 1) - 1, 200)) };
}

/** Why a file of `kb` KB is not analysed. */
export function tooLargeMessage(kb: number, maxKB: number): string {
  return `this file is ${size(kb)}, over the ${size(maxKB)} limit (setting keyscope.limits.maxFileSizeKB). A key policy is at most 32 KB.`;
}

/** The finding for a document beyond the limits, or undefined when it may be analysed. */
export function limitFinding(text: string, settings: KeyscopeSettings): Omit<Finding, 'severity'> | undefined {
  const kb = text.length / 1024; // UTF-16 units; close enough to bytes for a limit that is about time
  const maxKB = settings.limits.maxFileSizeKB;
  if (kb > maxKB) {
    return {
      ruleId: analysisLimit.meta.id,
      message: `Not analysed: ${tooLargeMessage(kb, maxKB)}`,
      span: firstLine(text),
      fixes: [],
    };
  }
  const maxDepth = settings.limits.maxNestingDepth;
  if (!fewBrackets(text, maxDepth) && nestingDepth(text, maxDepth) > maxDepth) {
    return {
      ruleId: analysisLimit.meta.id,
      message: `Not analysed: brackets nest more than ${maxDepth} levels deep (setting keyscope.limits.maxNestingDepth). A key policy nests only a few levels.`,
      span: firstLine(text),
      fixes: [],
    };
  }
  return undefined;
}

/**
 * The note for another file the analysis of `docPath` did not read (a `file()` target, another .tf file of the
 * module): at `at`, where the document names it, else on the first line. Informational: what the file would
 * have contributed is missing from the analysis, and the user should know why.
 */
export function skippedReadFinding(skip: SkippedRead, docPath: string, text: string, settings: KeyscopeSettings, at?: Span): Omit<Finding, 'severity'> {
  const shown = displayPath(skip.path, docPath);
  const what = at ? shown : `${shown} (another file of this module)`;
  const why =
    skip.skipped === 'too-large'
      ? `too large (${size(skip.bytes / 1024)}, over the ${size(settings.limits.maxFileSizeKB)} limit of the setting keyscope.limits.maxFileSizeKB)`
      : skip.skipped === 'not-regular'
        ? `not a regular file (it is ${skip.kind}); only regular files are read`
        : 'the Terraform parser failed on it before (out of memory); it is parsed again once it changes';
  return {
    ruleId: analysisLimit.meta.id,
    message: `Skipped ${what}: ${why}. The analysis goes on without it.`,
    span: at ?? firstLine(text),
    fixes: [],
  };
}

/** A path as the user wrote it relative to the document's folder, `/`-separated. */
function displayPath(path: string, docPath: string): string {
  const rel = relative(dirname(docPath), path);
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : basename(path);
}

function size(kb: number): string {
  if (kb >= 1024 * 1024) return `${(kb / 1024 / 1024).toFixed(1)} GB`;
  return kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${Math.round(kb)} KB`;
}
