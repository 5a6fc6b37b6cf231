/**
 * What each statement means for the matrix, computed once per policy: its effect, the key-policy actions it
 * covers, and the identities in its Principal or NotPrincipal.
 */
import { KEY_POLICY_ACTIONS } from '../catalog';
import { perNode } from '../cache';
import type { PProp, Policy, Statement } from '../policy/model';
import { actionElement } from '../policy/statement-actions';
import { effectOf, itemsOf, principalEntries } from '../policy/values';
import { readPrincipalNode, type PrincipalView } from '../policy/principal-view';

export interface StatementView {
  statement: Statement;
  effect: 'Allow' | 'Deny';
  /** Canonical `Name`s (without `kms:`) of the key-policy actions the statement covers. */
  actions: Set<string>;
  principals?: PrincipalView[];
  notPrincipals?: PrincipalView[];
}

/**
 * Statements that can take effect: a literal Effect, an Action or NotAction, a Resource (a statement
 * without one is accepted by KMS but does nothing), and a Principal or NotPrincipal.
 */
export function viewStatements(policy: Policy): StatementView[] {
  const out: StatementView[] = [];
  for (const s of policy.statements) {
    const effect = effectOf(s);
    if (!effect || (!s.action && !s.notAction) || (!s.principal && !s.notPrincipal)) continue;
    if (!s.resource && !s.notResource) continue;
    // NotResource "*" excludes the key itself; any other NotResource leaves the key covered.
    if (s.notResource && itemsOf(s.notResource.value).some((n) => n.kind === 'string' && n.value === '*')) continue;
    out.push({
      statement: s,
      effect,
      actions: coveredActions(s),
      principals: s.principal ? identitiesOf(s.principal) : undefined,
      notPrincipals: s.notPrincipal ? identitiesOf(s.notPrincipal) : undefined,
    });
  }
  return out;
}

export function coveredActions(s: Statement): Set<string> {
  const named = new Set<string>();
  // Terraform expressions and templates in Action are not known statically and cover nothing here.
  for (const { actions } of actionElement(s).items) for (const a of actions) if (a.keyPolicy) named.add(a.name);
  if (s.action) return named;
  const rest = new Set<string>();
  for (const a of KEY_POLICY_ACTIONS) if (!named.has(a.name)) rest.add(a.name);
  return rest;
}

/** The identities a Principal/NotPrincipal element names, read once per element: do not mutate. */
export const identitiesOf: (element: PProp) => PrincipalView[] = perNode((element: PProp) => {
  const out: PrincipalView[] = [];
  for (const e of principalEntries(element)) {
    const id = readPrincipalNode(String(e.type), e.node);
    if (id) out.push(e.node.optionalIf ? { ...id, optionalIf: e.node.optionalIf } : id);
  }
  return out;
});
