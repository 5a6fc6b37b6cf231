import { classifyPrincipals } from '../policy/principal-kind';
import { accountPhrase } from '../policy/principal-view';
import { actionItems, isFullKms } from '../policy/statement-actions';
import type { Statement } from '../policy/model';
import { namesAnAccount, splitArn } from '../policy/placeholders';
import { conditionEntries, effectOf } from '../policy/values';
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
        if (p.kind !== 'account' || rootUserOnly(s)) continue;
        const account = p.account ? accountPhrase(p.account, ctx.settings.accounts) : `the account of ${p.text}`;
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

/**
 * True when a condition limits the statement to the root user itself (`aws:PrincipalArn` equal to root ARNs
 * only): then IAM policies in the account cannot widen access, so there is no delegation to explain.
 */
/** `arn:<partition>:iam::<account>:root`, the account a literal id, an interpolation or a placeholder. */
function isRootArn(text: string): boolean {
  const parts = splitArn(text);
  return parts.length === 6 && parts[0] === 'arn' && parts[2] === 'iam' && parts[3] === '' && parts[5] === 'root' && namesAnAccount(parts[4]);
}

function rootUserOnly(s: Statement): boolean {
  return conditionEntries(s).some((c) => {
    if (c.key.toLowerCase() !== 'aws:principalarn' || c.values.length === 0) return false;
    if (!/^(ArnEquals|ArnLike|StringEquals|StringLike)$/.test(c.operator)) return false;
    return c.values.every((v) => v.kind === 'string' && isRootArn(v.value));
  });
}
