import type { PNode } from '../policy/model';
import { isPlaceholder } from '../policy/values';
import type { PolicyRule } from './types';

export const duplicateSid: PolicyRule = {
  meta: {
    id: 'duplicate-sid',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: false,
    accessAnalyzer: 'DUPLICATE_SID',
    summary: 'Two statements share a Sid (spaces in a Sid are fine in key policies).',
  },
  check(ctx) {
    const first = new Map<string, PNode>();
    for (const s of ctx.policy.statements) {
      const v = s.sid?.value;
      // Symbolic Sids and empty ones identify nothing; spaces are valid in key policy Sids and not judged.
      if (v?.kind !== 'string' || isPlaceholder(v) || v.value === '') continue;
      const earlier = first.get(v.value);
      if (!earlier) {
        first.set(v.value, v);
        continue;
      }
      ctx.report({
        at: v,
        message: `Sid "${v.value}" is already used by an earlier statement: Sids identify statements (in CloudTrail, Access Analyzer findings and reviews), so give each its own.`,
        data: { firstAt: earlier.span.start },
      });
    }
  },
};
