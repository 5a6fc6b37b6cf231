import { wildcardMatch } from '../catalog/wildcard';
import { actionRemovalFixes, literalActions } from './helpers';
import type { PolicyRule } from './types';

export const nonKmsAction: PolicyRule = {
  meta: {
    id: 'non-kms-action',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: true,
    summary: 'An action of another service in a key policy: it has no effect there (fix: remove it).',
  },
  check(ctx) {
    for (const { item, list } of literalActions(ctx)) {
      if (item.value === '*') continue;
      const v = item.value;
      const colon = v.indexOf(':');
      if (colon < 0) {
        // "Decrypt" without its prefix is not an action at all: KMS rejects the policy.
        const named = `kms:${v}`;
        const known = !/[*?]/.test(v) && /^[A-Za-z]+$/.test(v);
        ctx.report({
          at: item,
          severity: 'error',
          message: `"${v}" is not an action: actions are written "service:Name", e.g. "kms:Decrypt".`,
          fixes: known ? [{ title: `Change to "${named}"`, ops: [{ op: 'replace', node: item, value: named }], preferred: true }] : [],
        });
        continue;
      }
      const service = v.slice(0, colon);
      // `kms` itself (the usual case) needs no glob; `k*s`, `*` and the like do.
      if ((colon === 3 && service.toLowerCase() === 'kms') || wildcardMatch(service, 'kms', { ignoreCase: true })) continue;
      ctx.report({
        at: item,
        message: `"${v}" is a ${service} action: a key policy only controls kms: actions on this key, so it has no effect here. Grant it in an IAM policy or in that service's resource policy.`,
        fixes: actionRemovalFixes(list, item, v),
      });
    }
  },
};
