import { findConditionKey } from '../catalog';
import { conditionEntries } from '../policy/values';
import type { PolicyRule } from './types';

export const iamOnlyConditionKey: PolicyRule = {
  meta: {
    id: 'iam-only-condition-key',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: false,
    summary: 'A condition key that only works in IAM policies (kms:ResourceAliases): in a key policy it never matches.',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      for (const c of conditionEntries(s)) {
        const info = findConditionKey(c.key);
        if (!info || info.keyPolicy) continue;
        ctx.report({ at: { span: c.keyProp.keySpan }, message: explain(info.key) });
      }
    }
  },
};

function explain(key: string): string {
  if (key === 'kms:ResourceAliases') {
    return 'kms:ResourceAliases only works in IAM policies: in a key policy it is never set, so this condition does not do what it says. To control access by the alias named in a request use kms:RequestAlias here; to control access by the aliases a key has, put the condition in an IAM policy.';
  }
  return `${key} only works in IAM policies: in a key policy it is never set, so this condition does not do what it says. Move it to an IAM policy.`;
}
