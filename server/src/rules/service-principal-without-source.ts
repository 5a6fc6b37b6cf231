import { addConditionOps } from './fix/condition-ops';
import { sourceScope } from '../policy/conditions';
import { chooseAccount, classifyPrincipals, keptInterpolations, type AccountChoice } from '../policy/principal-kind';
import { statementActions } from '../policy/statement-actions';
import { effectOf } from '../policy/values';
import type { FixSpec, PolicyRule } from './types';

export const servicePrincipalWithoutSource: PolicyRule = {
  meta: {
    id: 'service-principal-without-source',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: true,
    summary: 'A service principal is allowed without aws:SourceAccount/aws:SourceArn: the confused-deputy guard is missing.',
  },
  check(ctx) {
    let choice: AccountChoice | undefined | null; // for the fix, worked out once something is reported
    for (const s of ctx.policy.statements) {
      if (effectOf(s) !== 'Allow' || !s.principal) continue;
      const principals = classifyPrincipals(s.principal);
      if (!principals.some((p) => p.kind === 'service') || sourceScope(s)) continue;
      // Reading the key's metadata (DescribeKey, as the CloudTrail example policy grants) gives a deputy nothing
      // to misuse; the guard matters for using the key and for grants.
      if (statementActions(s).every((a) => a.capability === 'readConfig')) continue;
      if (choice === undefined) choice = chooseAccount(ctx.policy, ctx.settings) ?? null;
      // aws:SourceAccount is absent when a user or role calls directly: adding it would lock them out of the
      // statement, so the fix is offered only when every principal is a service.
      const onlyServices = principals.every((p) => p.kind === 'service');
      for (const p of principals) {
        if (p.kind !== 'service') continue;
        const fixes: FixSpec[] = [];
        const ops = onlyServices && choice ? addConditionOps(s, 'StringEquals', 'aws:SourceAccount', choice.account) : undefined;
        if (ops && choice) fixes.push({ kind: 'suggestion', title: `Add an aws:SourceAccount condition for ${choice.label}`, change: `${p.text} may then use the key only for resources of account ${choice.account}`, ops, keep: keptInterpolations(choice) });
        ctx.report({
          at: p.entry.node,
          message:
            `${p.text} is allowed to use this key on behalf of any AWS account: without aws:SourceAccount or aws:SourceArn ` +
            '(or an encryption context naming your resource), anyone can make the service use your key for their ' +
            'resources (the confused-deputy problem).',
          fixes,
        });
      }
    }
  },
};
