import { ACTIONS, matchActions, type KmsAction } from '../catalog';
import type { Statement } from '../policy/model';
import { isSymbolic, stringItems } from '../policy/values';

/** The KMS actions a statement covers, read from its Action or NotAction. */
export interface StatementActions {
  /** KMS actions the statement applies to (for NotAction: every KMS action not listed). */
  actions: KmsAction[];
  /** Actions named exactly, without a wildcard (for notes about IAM-only actions written out by hand). */
  named: KmsAction[];
  /** Action values that name another service or match nothing in KMS. */
  foreign: string[];
  /** True when the statement's actions are not all known (a Terraform expression among them). */
  partial: boolean;
  negated: boolean;
}

/** KMS actions covered by a statement, case-insensitively and through wildcards, as AWS matches them. */
export function statementActions(s: Statement): StatementActions {
  const element = s.action ?? s.notAction;
  const negated = !s.action && !!s.notAction;
  const listed = new Set<KmsAction>();
  const foreign: string[] = [];
  const named: KmsAction[] = [];
  let partial = false;
  const values = element?.value.kind === 'array' ? element.value.items : element ? [element.value] : [];
  for (const v of values) if (isSymbolic(v)) partial = true;
  for (const item of stringItems(element?.value)) {
    if (item.template) continue;
    const m = matchActions(item.value);
    if (m.length === 0) foreign.push(item.value);
    else if (!/[*?]/.test(item.value)) named.push(...m);
    for (const a of m) listed.add(a);
  }
  const actions = negated ? ACTIONS.filter((a) => !listed.has(a)) : ACTIONS.filter((a) => listed.has(a));
  return { actions, named, foreign, partial, negated };
}
