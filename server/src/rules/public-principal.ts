import { addConditionOps } from './fix/condition-ops';
import { callerGuard, callerNarrowing } from '../policy/conditions';
import type { EditOp, PArray, Statement } from '../policy/model';
import { chooseAccount, classifyPrincipals, keptInterpolations, type AccountChoice, type ClassifiedPrincipal } from '../policy/principal-kind';
import { effectOf } from '../policy/values';
import type { FixSpec, PolicyRule } from './types';

export const publicPrincipal: PolicyRule = {
  meta: {
    id: 'public-principal',
    severity: 'error',
    appliesTo: 'key-policy',
    fixable: true,
    accessAnalyzer: 'EXTERNAL_PRINCIPAL',
    summary: 'Allow to "*" with no condition that narrows the caller: anyone in any AWS account may use the key.',
  },
  check(ctx) {
    // A Deny to everyone outside named identities (k9's DenyEveryoneElse) already closes the door.
    if (callerGuard(ctx.policy)) return;
    // The fixes are worked out only for a statement that has something to report.
    let choice: AccountChoice | undefined | null;
    for (const s of ctx.policy.statements) {
      if (effectOf(s) !== 'Allow' || !s.principal) continue;
      const v = s.principal.value;
      const listed = classifyPrincipals(s.principal).filter((p) => p.kind === 'public' && (p.entry.type === 'AWS' || p.entry.type === '*'));
      // `"Principal": ["foo", "*"]` is not valid policy grammar (AWS rejects it), but other tools read it as
      // public and so does its author: report the "*" too, with the condition fix only.
      const inList = v.kind === 'array' ? v.items.filter((n) => n.kind === 'string' && n.value === '*') : [];
      if ((listed.length === 0 && inList.length === 0) || callerNarrowing(s)) continue;
      // Fixes name the account the file already uses; with none known, there is no fix (never an example account).
      if (choice === undefined) choice = chooseAccount(ctx.policy, ctx.settings) ?? null;
      const keep = choice ? keptInterpolations(choice) : undefined;
      const cond = choice && addConditionOps(s, 'StringEquals', 'kms:CallerAccount', choice.account);
      const condFix: FixSpec[] =
        choice && cond ? [{ kind: 'suggestion', title: `Add a kms:CallerAccount condition for ${choice.label}`, change: `only callers in account ${choice.account} keep this access`, ops: cond, keep }] : [];
      for (const p of listed) {
        const root: FixSpec[] = choice
          ? [
              {
                kind: 'suggestion',
                title: `Replace "*" with the root of ${choice.label}`,
                change: `only principals of account ${choice.account} whose IAM policy allows it keep this access`,
                ops: replaceWithRoot(s, p, `arn:aws:iam::${choice.account}:root`),
                keep,
              },
            ]
          : [];
        ctx.report({ at: p.entry.node, message: MESSAGE, fixes: [...condFix, ...root] });
      }
      for (const n of inList) ctx.report({ at: n, message: `${MESSAGE} (A Principal written as a list is also rejected by AWS: write {"AWS": [...]}.)`, fixes: condFix });
    }
  },
};

const MESSAGE =
  'Public key: this Allow names every AWS principal ("*") and no condition narrows the caller (kms:CallerAccount, ' +
  'aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn, aws:SourceAccount/SourceArn). Anyone in any account ' +
  'whose own IAM policy allows it can use this key.';

/** Ops that put the account root where `*` stood; a duplicate of a root already listed is simply removed. */
function replaceWithRoot(s: Statement, p: ClassifiedPrincipal, root: string): EditOp[] {
  const v = s.principal!.value;
  if (v.kind === 'string') return [{ op: 'replace', node: v, value: { AWS: root } }];
  const list = p.entry.typeProp?.value;
  if (list?.kind === 'array') {
    const already = list.items.some((n) => n.kind === 'string' && n.value === root);
    if (already && list.items.length > 1) return [{ op: 'removeItem', array: list as PArray, item: p.entry.node }];
  }
  return [{ op: 'replace', node: p.entry.node, value: root }];
}
