import { findAction, matchActions } from '../catalog';
import { actionRemovalFixes, literalActions } from './helpers';
import type { PolicyRule } from './types';

export const iamOnlyAction: PolicyRule = {
  meta: {
    id: 'iam-only-action',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: true,
    summary: 'A kms: action with no key resource (CreateKey, ListKeys, GenerateRandom...): it only works in IAM policies (fix: remove it).',
  },
  check(ctx) {
    for (const { item, list } of literalActions(ctx)) {
      if (!/^kms:/i.test(item.value)) continue;
      const v = item.value;
      let names: string[];
      if (/[*?]/.test(v)) {
        // A wildcard that also matches key actions (kms:List*, kms:*) is how people write them: fine.
        const matched = matchActions(v);
        if (matched.length === 0 || matched.some((a) => a.keyPolicy)) continue;
        names = matched.map((a) => a.name);
      } else {
        const a = findAction(v);
        if (!a || a.keyPolicy) continue;
        names = [a.name];
      }
      const what = names.length === 1 ? `kms:${names[0]} is not performed on a key` : `"${v}" only matches actions not performed on a key (${names.map((n) => `kms:${n}`).join(', ')})`;
      ctx.report({
        at: item,
        message: `${what}, so a key policy cannot grant it: it has no effect here. Allow it in an IAM policy instead.`,
        fixes: actionRemovalFixes(list, item, v),
      });
    }
  },
};
