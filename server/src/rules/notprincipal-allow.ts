import { classifyPrincipals } from '../policy/principal-kind';
import { effectOf } from '../policy/values';
import type { PolicyRule } from './types';

export const notprincipalAllow: PolicyRule = {
  meta: {
    id: 'notprincipal-allow',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: false,
    summary: 'Allow with NotPrincipal grants everyone else; Deny with NotPrincipal must also list the account.',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      if (!s.notPrincipal) continue;
      const at = { span: s.notPrincipal.keySpan };
      const effect = effectOf(s);
      if (effect === 'Allow') {
        ctx.report({
          at,
          message:
            'Allow with NotPrincipal grants every principal in every account except the listed ones. AWS: most resource-based ' +
            'policies do not allow it, and "over time, AWS will restrict the use of these policy statements". Name the ' +
            'principals in "Principal" instead.',
        });
        continue;
      }
      if (effect !== 'Deny') continue;
      // AWS evaluates a request from a role session as the session, the role and the account: a Deny with
      // NotPrincipal that spares the role but not its account still denies the role.
      const listed = classifyPrincipals(s.notPrincipal);
      const roots = new Set(listed.filter((p) => p.kind === 'account').map((p) => p.account));
      const missing = [...new Set(listed.filter((p) => ['user', 'role', 'session', 'federated-user'].includes(p.kind) && p.account && !roots.has(p.account)).map((p) => p.account!))];
      // A session is also evaluated as its role: the role ARN must be listed with the session ARN.
      const roles = new Set(listed.filter((p) => p.kind === 'role').map((p) => `${p.account}/${p.roleName}`));
      const sessions = listed.filter((p) => p.kind === 'session' && p.account && !roles.has(`${p.account}/${p.roleName}`));
      for (const p of sessions) {
        ctx.report({
          at,
          message:
            `Deny with NotPrincipal lists the session ${p.text} but not its role (arn:aws:iam::${p.account}:role/${p.roleName}): ` +
            'the request is also evaluated as the role, so the session is denied too. List the role ARN as well.',
        });
      }
      if (missing.length === 0) continue;
      ctx.report({
        at,
        message:
          `Deny with NotPrincipal lists users or roles of account ${missing.join(', ')} but not the account itself ` +
          `(${missing.map((a) => `arn:aws:iam::${a}:root`).join(', ')}): requests are also evaluated as the account, so ` +
          'the listed principals are denied too. Add the account root ARN to NotPrincipal, or use a Deny to "*" with an ' +
          'aws:PrincipalArn condition instead.',
      });
    }
  },
};
