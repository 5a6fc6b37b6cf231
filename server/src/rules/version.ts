import { isPlaceholder } from '../policy/values';
import { openingOf } from './helpers';
import type { FixSpec, PolicyRule } from './types';

const CURRENT = '2012-10-17';

export const version: PolicyRule = {
  meta: {
    id: 'version',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: true,
    accessAnalyzer: 'MISSING_VERSION',
    summary: 'The policy has no "Version" or one other than "2012-10-17" (fix: set it).',
  },
  check(ctx) {
    const { policy } = ctx;
    // A lone statement has no policy around it; statement-shape reports that once.
    if (!policy.root || policy.fragment || ctx.source.feeds) return;
    const v = policy.version;
    if (!v) {
      ctx.report({
        at: openingOf(policy.root),
        message: `The policy has no "Version": AWS then reads it as version 2008-10-17, in which policy variables such as \${aws:username} are plain text. Add "Version": "${CURRENT}".`,
        fixes: [{ kind: 'safe', title: `Add "Version": "${CURRENT}"`, ops: [{ op: 'addProp', object: policy.root, key: 'Version', value: CURRENT }] }],
      });
      return;
    }
    const value = v.value;
    if (isPlaceholder(value) || (value.kind === 'string' && value.value === CURRENT)) return;
    const fixes: FixSpec[] = [{ kind: 'safe', title: `Set "Version" to "${CURRENT}"`, ops: [{ op: 'replace', node: value, value: CURRENT }] }];
    if (value.kind === 'string' && value.value === '2008-10-17') {
      ctx.report({ at: value, message: `Version "2008-10-17" is the old policy language: policy variables such as \${aws:username} are not expanded. Use "${CURRENT}".`, fixes });
      return;
    }
    // Any other value is rejected by KMS (MalformedPolicyDocument), so this one is an error.
    const shown = value.kind === 'string' ? `"${value.value}"` : value.kind === 'number' || value.kind === 'boolean' ? String(value.value) : `a ${value.kind}`;
    ctx.report({ at: value, severity: 'error', message: `${shown} is not a policy language version: KMS rejects the policy. Use "${CURRENT}".`, fixes });
  },
};
