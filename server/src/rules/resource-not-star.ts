import { isSymbolic } from '../policy/values';
import type { PolicyRule } from './types';

export const resourceNotStar: PolicyRule = {
  meta: {
    id: 'resource-not-star',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: true,
    summary: 'In a key policy Resource means this key and should be "*".',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (s.notResource) {
        ctx.report({
          at: { span: s.notResource.keySpan },
          message: 'NotResource in a key policy: the only resource is the key itself, so write "Resource": "*".',
          fixes: [
            {
              kind: 'suggestion',
              title: 'Replace NotResource with "Resource": "*"',
              change: 'the statement then applies to this key, whatever NotResource excluded',
              ops: [{ op: 'renameKey', prop: s.notResource, key: 'Resource' }, { op: 'replace', node: s.notResource.value, value: '*' }],
            },
          ],
        });
      }
      const r = s.resource?.value;
      if (!r) continue;
      if (r.kind === 'string' && r.value === '*') continue;
      if (r.kind === 'array' && r.items.length === 1 && r.items[0].kind === 'string' && r.items[0].value === '*') continue;
      // A Terraform reference to the key's own ARN is a common, working alternative; not flagged.
      if (isSymbolic(r) || (r.kind === 'array' && r.items.length > 0 && r.items.every(isSymbolic))) continue;
      ctx.report({
        at: r,
        message: 'In a key policy, Resource refers to the key the policy is attached to: use "*". Naming an ARN here either matches this key anyway or makes the statement do nothing.',
        fixes: [{ kind: 'safe', title: 'Set Resource to "*"', ops: [{ op: 'replace', node: r, value: '*' }] }],
      });
    }
  },
};
