import { accessFor, grants, namedIn, principalNodeFor, unconditional, type RowAccess } from '../access';
import { statementNames } from '../policy/statement-name';
import type { PolicyRule } from './types';

/**
 * A row administers the key when the key policy gives it kms:PutKeyPolicy, or kms:CreateGrant without a
 * condition (a grant can give its holder Decrypt). Root delegation alone does not count (see `grants`).
 */
function administers(r: RowAccess): string | undefined {
  if (grants(r.cell('kms:PutKeyPolicy'))) return 'kms:PutKeyPolicy';
  return unconditional(r.cell('kms:CreateGrant')) ? 'kms:CreateGrant' : undefined;
}

export const adminAndUser: PolicyRule = {
  meta: {
    id: 'admin-and-user',
    severity: 'info',
    appliesTo: 'key-policy',
    fixable: false,
    wholePolicy: true,
    summary: 'One principal both administers the key and decrypts with it: separate key administrators from key users.',
  },
  check(ctx) {
    const m = accessFor(ctx.source, ctx.settings);
    for (const r of m.rows) {
      // The account root stands for the account's IAM policies, and `*` for everyone: neither is one principal;
      // the root user holds every permission of its account whatever a policy separates.
      if (r.kind === 'what-if' || r.kind === 'account' || r.kind === 'root-user' || r.kind === 'public') continue;
      // A Terraform value that mentions a root or an account id may well be the account root.
      if (r.kind === 'symbolic' && /root|account/i.test(r.id)) continue;
      // Only grants by statements naming the principal count (below): rows no such statement gives both sides skip the evaluation.
      if (!m.names(r.id, 'kms:Decrypt') || !(m.names(r.id, 'kms:PutKeyPolicy') || m.names(r.id, 'kms:CreateGrant'))) continue;
      const how = administers(r);
      if (!how || !grants(r.cell('kms:Decrypt'))) continue;
      const admin = r.cell(how);
      const decrypt = r.cell('kms:Decrypt');
      // Both must come from statements naming the principal: a grant to `*` is public-principal's concern.
      if (!namedIn(ctx.policy, admin.statements, r.id) || !namedIn(ctx.policy, decrypt.statements, r.id)) continue;
      ctx.report({
        at: principalNodeFor(ctx.policy, [...admin.statements, ...decrypt.statements], r.id) ?? ctx.source.span,
        message:
          `${r.label} both administers this key (${how}, ${statementNames(ctx.policy, admin.statements)}) and decrypts with it (kms:Decrypt, ` +
          `${statementNames(ctx.policy, decrypt.statements)}). Separation of duties: one compromised principal could change the policy and read ` +
          'the data; give administration and use to different roles.',
      });
    }
  },
};
