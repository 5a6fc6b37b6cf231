import { effectOf } from '../policy/values';
import type { PolicyRule } from './types';

export const notactionAllow: PolicyRule = {
  meta: {
    id: 'notaction-allow',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: false,
    summary: 'Allow with NotAction grants every other KMS action, including future ones.',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (effectOf(s) !== 'Allow' || !s.notAction) continue;
      ctx.report({
        at: { span: s.notAction.keySpan },
        message:
          'Allow with NotAction grants every KMS action except the listed ones, PutKeyPolicy and ScheduleKeyDeletion included, ' +
          'and every action AWS adds later. List the actions to allow in "Action" instead.',
      });
    }
  },
};
