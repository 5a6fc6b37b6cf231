import type { PNode, PObject, PProp, Policy, Statement } from './model';

const STATEMENT_FIELDS: Record<string, keyof Omit<Statement, 'index' | 'node'>> = {
  Sid: 'sid',
  Effect: 'effect',
  Principal: 'principal',
  NotPrincipal: 'notPrincipal',
  Action: 'action',
  NotAction: 'notAction',
  Resource: 'resource',
  NotResource: 'notResource',
  Condition: 'condition',
};

/** The element names a statement may have, and those of the policy around it (both case-sensitive). */
export const STATEMENT_ELEMENTS: readonly string[] = Object.keys(STATEMENT_FIELDS);
export const POLICY_ELEMENTS: readonly string[] = ['Version', 'Id', 'Statement'];

/** Builds the statement view over a parsed document root. Element names are case-sensitive in AWS. */
export function buildPolicy(root: PNode | undefined): Policy {
  if (!root || root.kind !== 'object') return { root: null, statements: [] };
  const policy: Policy = { root, statements: [] };
  for (const p of root.props) {
    if (p.key === 'Version') policy.version = p;
    else if (p.key === 'Id') policy.id = p;
    else if (p.key === 'Statement') policy.statementProp = p;
  }
  // A misspelt "Statement" ("statement", "Statements") is still read, so its statements are checked; the
  // unknown-element rule reports the name.
  policy.statementProp ??= root.props.find((p) => /^statements?$/i.test(p.key));
  if (!policy.statementProp && !policy.version && looksLikeStatement(root)) {
    policy.fragment = true;
    policy.statements.push(buildStatement(root, 0));
    return policy;
  }
  const st = policy.statementProp?.value;
  // A single statement may be written as an object instead of an array; AWS accepts both.
  const items = st?.kind === 'array' ? st.items : st?.kind === 'object' ? [st] : [];
  items.forEach((node, index) => {
    if (node.kind === 'object') policy.statements.push(buildStatement(node, index));
  });
  return policy;
}

export function buildStatement(node: PObject, index: number): Statement {
  // Every element slot is created up front, so all statements share one object shape and the rules' reads of
  // `s.action`, `s.principal`, ... stay monomorphic.
  const s: Statement = {
    index,
    node,
    sid: undefined,
    effect: undefined,
    principal: undefined,
    notPrincipal: undefined,
    action: undefined,
    notAction: undefined,
    resource: undefined,
    notResource: undefined,
    condition: undefined,
    optionalIf: node.optionalIf,
  };
  for (const p of node.props) {
    const field = STATEMENT_FIELDS[p.key];
    if (field && !s[field]) (s as unknown as Record<string, PProp>)[field] = p;
  }
  return s;
}

/** A root object holding statement elements (and no policy elements) is a statement written on its own. */
function looksLikeStatement(root: PObject): boolean {
  return root.props.some((p) => p.key === 'Effect' || p.key === 'Principal' || p.key === 'NotPrincipal' || p.key === 'Action' || p.key === 'NotAction');
}

/** True when some statement names a Principal or NotPrincipal (a resource policy rather than an identity policy). */
export function hasPrincipals(policy: Policy): boolean {
  // A misspelt Principal ("Principle", "principals") still marks a key policy, so the typo gets reported.
  return policy.statements.some((s) => s.principal || s.notPrincipal || s.node.props.some((p) => /^(not)?princip(al|le)s?$/i.test(p.key)));
}
