import { accountName, classifyPrincipals } from '../policy/principal-kind';
import { actionItems, isFullKms } from '../policy/statement-actions';
import { effectOf } from '../policy/values';
import type { PolicyRule } from './types';

export const rootDelegation: PolicyRule = {
  meta: {
    id: 'root-delegation',
    severity: 'info',
    appliesTo: 'key-policy',
    fixable: false,
    summary: 'The account root is granted: IAM policies in that account decide who may use the key.',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (effectOf(s) !== 'Allow' || !s.principal) continue;
      const { items } = actionItems(s);
      const what = items.some((a) => isFullKms(a.item)) ? 'every KMS action' : 'these actions';
      for (const p of classifyPrincipals(s.principal)) {
        if (p.kind !== 'root') continue;
        const account = p.account ? `account ${accountName(p.account, ctx.settings)}` : `the account of ${p.text}`;
        ctx.report({
          at: p.entry.node,
          message:
            `Root delegation: ${account} is granted ${what}. This does not mean the root user alone: any user or role in that ` +
            'account whose IAM policy allows it may use the key (this is the AWS default key policy). Review the IAM ' +
            'policies of that account, or name roles here instead.',
        });
      }
    }
  },
};
