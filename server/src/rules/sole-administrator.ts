import { accessFor, principalNodeFor, type RowAccess } from '../access';
import { fullyKnownPolicy } from './helpers';
import type { PolicyRule } from './types';

const PUT = 'kms:PutKeyPolicy';

/** The deploying identity written as Terraform's caller identity: one principal, whoever runs `apply`. */
const CALLER_ARN = /^\$\{\s*data\.aws_caller_identity\.[\w-]+\.arn\s*\}$|^data\.aws_caller_identity\.[\w-]+\.arn$/;

export const soleAdministrator: PolicyRule = {
  meta: {
    id: 'sole-administrator',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: false,
    summary: 'Only one IAM user or role (or the deploying identity) can call kms:PutKeyPolicy and the account root is not granted: deleting it leaves the key to AWS Support.',
  },
  check(ctx) {
    // As lockout-risk: a partial or dynamic policy may hold another administrator.
    if (ctx.policy.fragment || ctx.source.feeds || ctx.source.partial || !fullyKnownPolicy(ctx.policy)) return;
    const m = accessFor(ctx.source, ctx.settings);
    // Nobody is lockout-risk's finding; two or more, or the account (root delegation, its root user), survive a
    // deletion. Rows are read until that is clear: most policies grant the account root first.
    let only: RowAccess | undefined;
    for (const r of m.rows) {
      if (r.kind === 'what-if' || (r.cell(PUT).value !== 'allow' && r.cell(PUT).value !== 'iam')) continue;
      if (only || !deletable(r)) return;
      only = r;
    }
    const what = only && deletable(only);
    if (!only || !what) return;
    const statements = only.cell(PUT).statements;
    ctx.report({
      at: principalNodeFor(ctx.policy, statements, only.id) ?? ctx.source.span,
      message:
        `Only ${only.label} can call kms:PutKeyPolicy, and the account root is not granted: if ${what} is deleted, nobody can ` +
        'change this policy and the key becomes unmanageable until AWS Support restores access. Grant the account root ' +
        '(root delegation, as the default key policy does) or a second administrator.',
      data: { principal: only.id },
    });
  },
};

/** What deleting the row's principal means, or undefined when it is not one deletable IAM identity. */
function deletable(r: RowAccess): string | undefined {
  switch (r.kind) {
    case 'role':
      return 'that role';
    case 'user':
      return 'that user';
    case 'session':
      return "that session's role";
    case 'symbolic':
      return CALLER_ARN.test(r.id) ? 'the identity that deploys it (data.aws_caller_identity)' : undefined;
    default:
      return undefined;
  }
}
