import { findAction } from '../catalog';
import { withArticle } from '../text';
import { wildcardMatch } from '../catalog/wildcard';
import type { PNode, PString, Statement } from '../policy/model';
import { actionRemovalFixes, actionSpellingFixes, literalActions } from './helpers';
import type { FixSpec, PolicyRule } from './types';

export const nonKmsAction: PolicyRule = {
  meta: {
    id: 'non-kms-action',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: true,
    summary: 'An action of another service in a key policy: it has no effect there (fix: remove it).',
  },
  check(ctx) {
    for (const { item, list, statement } of literalActions(ctx)) {
      if (item.value === '*') continue;
      const v = item.value;
      const colon = v.indexOf(':');
      if (colon < 0) {
        // "Decrypt" without its prefix is not an action at all: KMS rejects the policy.
        ctx.report({
          at: item,
          severity: 'error',
          message: `"${v}" is not an action: actions are written "service:Name", e.g. "kms:Decrypt".`,
          fixes: prefixFixes(item, list, statement),
        });
        continue;
      }
      const service = v.slice(0, colon);
      // `kms` itself (the usual case) needs no glob; `k*s`, `*` and the like do.
      if ((colon === 3 && service.toLowerCase() === 'kms') || wildcardMatch(service, 'kms', { ignoreCase: true })) continue;
      ctx.report({
        at: item,
        message: `"${v}" is ${withArticle(service)} action: a key policy only controls kms: actions on this key, so it has no effect here. Grant it in an IAM policy or in that service's resource policy.`,
        fixes: actionRemovalFixes(list, item, v),
      });
    }
  },
};

/**
 * Fixes for an action written without its service: `kms:X` only when X is a KMS action (in any case) or a
 * misspelling of exactly one (then that action); several did-you-means are suggestions. A word that is no KMS
 * action (`GetObject`) grants nothing, so removing it is safe; `kms:` is never put before it.
 */
function prefixFixes(item: PString, list: PNode, s: Statement): FixSpec[] {
  const v = item.value;
  if (/[*?]/.test(v)) return [];
  const known = findAction(`kms:${v}`);
  if (known) return [{ kind: 'safe', title: `Change to "kms:${known.name}"`, ops: [{ op: 'replace', node: item, value: `kms:${known.name}` }] }];
  const { fixes } = actionSpellingFixes(item, `kms:${v}`, s);
  return fixes.length ? fixes : actionRemovalFixes(list, item, v);
}
