import { setAttribute } from '../terraform/write/hcl-attributes';
import { isKey, setting } from '../terraform/module/keys';
import type { FixSpec, TerraformRule } from './types';

const MIN = 7;
const MAX = 30;

export const tfDeletionWindow: TerraformRule = {
  meta: {
    id: 'tf-deletion-window',
    severity: 'warning',
    appliesTo: 'terraform',
    fixable: true,
    summary: 'deletion_window_in_days outside 7..30 (error: AWS rejects it), or shorter than the recommended 30 (info).',
  },
  check(ctx) {
    for (const block of ctx.file.resources) {
      if (!isKey(block)) continue;
      const s = setting(block, 'deletion_window_in_days');
      // Absent means AWS's default of 30 days; a variable is not known before plan.
      if (s.state !== 'literal') continue;
      const days = typeof s.value === 'number' ? s.value : typeof s.value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(s.value) ? Number(s.value) : NaN;
      // What the author meant by a window of their own is not known: the longest window is a suggestion.
      const fixes: FixSpec[] = [
        {
          kind: 'suggestion',
          title: `Set deletion_window_in_days = ${MAX}`,
          change: `a scheduled deletion can then be cancelled for ${MAX} days`,
          edits: setAttribute(ctx.text, block, 'deletion_window_in_days', String(MAX)),
        },
      ];
      if (!Number.isInteger(days) || days < MIN || days > MAX) {
        ctx.report({
          at: s.attr.valueSpan,
          severity: 'error',
          message: `deletion_window_in_days must be a whole number of days from ${MIN} to ${MAX}; AWS rejects ${s.attr.expr}. ${MAX} (the default) gives the most time to cancel a deletion made by mistake.`,
          fixes,
        });
      } else if (days < MAX) {
        ctx.report({
          at: s.attr.valueSpan,
          severity: 'info',
          message: `A ${days}-day deletion window: once it ends, the key and everything encrypted under it are lost for good. ${MAX} days (the default) gives the most time to notice and cancel a deletion made by mistake.`,
          fixes,
        });
      }
    }
  },
};
