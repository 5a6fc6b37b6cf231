import { accountLabel } from '../policy/principal-view';
import { accessFor, grants, namedIn, principalNodeFor, unconditional } from '../access';
import { statementNames } from '../policy/statement-name';
import { KEY_POLICY_ACTIONS } from '../catalog';
import type { PolicyRule } from './types';

/**
 * Administer actions that matter across accounts. The grant operations are left out: AWS documents
 * cross-account CreateGrant/ListGrants/RevokeGrant (under kms:GrantIsForAWSResource) for sharing a key with
 * services of another account; an unconditional CreateGrant is still counted below.
 */
const GRANT_OPS = new Set(['CreateGrant', 'RetireGrant', 'RevokeGrant']);
const ADMIN = KEY_POLICY_ACTIONS.filter((a) => a.capability === 'administer' && !GRANT_OPS.has(a.name)).map((a) => `kms:${a.name}`);

export const crossAccountAdmin: PolicyRule = {
  meta: {
    id: 'cross-account-admin',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: false,
    wholePolicy: true,
    summary: 'A principal of another account than the key\'s may administer the key.',
  },
  check(ctx) {
    const m = accessFor(ctx.source, ctx.settings);
    if (!m.keyAccount) return;
    for (const r of m.rows) {
      if (r.kind === 'what-if' || !r.crossAccount) continue;
      // Only grants by statements naming the principal: a grant to `*` is public-principal's concern.
      const named = (a: string) => m.names(r.id, a) && namedIn(ctx.policy, r.cell(a).statements, r.id);
      const actions = ADMIN.filter((a) => named(a) && grants(r.cell(a)));
      if (named('kms:CreateGrant') && unconditional(r.cell('kms:CreateGrant'))) actions.push('kms:CreateGrant');
      if (actions.length === 0) continue;
      const statements = [...new Set(actions.flatMap((a) => r.cell(a).statements))].sort((a, b) => a - b);
      const shown = actions.length > 4 ? `${actions.slice(0, 4).join(', ')} and ${actions.length - 4} more` : actions.join(', ');
      ctx.report({
        at: principalNodeFor(ctx.policy, statements, r.id) ?? ctx.source.span,
        message:
          `${r.label} is in another account than the key (${accountLabel(m.keyAccount, ctx.settings.accounts)}) and may administer it: ${shown} (` +
          `${statementNames(ctx.policy, statements)}). Administration should stay in the key's account; share use (Decrypt, Encrypt, ` +
          'GenerateDataKey*) across accounts instead.',
        data: { account: r.account, keyAccount: m.keyAccount },
      });
    }
  },
};
