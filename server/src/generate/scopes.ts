import { denyEveryoneElse, grantsForAwsResources, keyAdministrators, keyUsers, readers, rootDelegation, rootUserOnly, unique, writers } from './blocks';
import type { GenerateInput, PolicySpec, Scope, StatementSpec } from './types';

/** What each key scope is for, in the words the snippets, the CLI and the command show. */
export interface ScopeInfo {
  /** `Application + Stage`. */
  label: string;
  /** Tag value: `application`. */
  tag: string;
  /** When to choose it. */
  when: string;
  /** Who controls access, for the key's description. */
  access: string;
  /** Example scope name and role names: the snippets' defaults and the command's placeholders. */
  example: { name: string; admins: string[]; readers: string[]; writers: string[] };
}

export const SCOPE_INFO: Record<Scope, ScopeInfo> = {
  bu: {
    label: 'Business Unit + Stage',
    tag: 'business-unit',
    when: "A broad default key for encryption at rest inside one business unit's account and stage. Access control is the account's IAM (root delegation): any principal of the account whose IAM policy allows it may use the key.",
    access: "access is controlled by the account's IAM policies (root delegation)",
    example: { name: 'payments', admins: ['key-admin'], readers: [], writers: [] },
  },
  domain: {
    label: 'Functional Domain + Stage',
    tag: 'functional-domain',
    when: 'One data domain (orders, patients): writers may encrypt but not decrypt (a semi-trusted collector), readers decrypt (the downstream processor), administrators manage the key but never read data. IAM policies in the account cannot widen access.',
    access: 'writers encrypt, readers decrypt, administrators manage; IAM policies cannot widen access',
    example: { name: 'orders', admins: ['ci-deployer'], readers: ['orders-processor'], writers: ['orders-collector'] },
  },
  app: {
    label: 'Application + Stage',
    tag: 'application',
    when: "Data private to one application: the CI/deployer role administers, the application's role reads and writes, and an explicit DenyEveryoneElse refuses every other principal whatever its IAM policies or grants say.",
    access: 'only the named roles may use it; everyone else is denied',
    example: { name: 'billing', admins: ['ci-deployer'], readers: ['billing-app'], writers: ['billing-app'] },
  },
  team: {
    label: 'Team + Stage',
    tag: 'team',
    when: "A team's sensitive documents: usable only by the team's role(s), administered separately, with an explicit DenyEveryoneElse for every other principal.",
    access: "only the team's roles may use it; everyone else is denied",
    example: { name: 'finance', admins: ['ci-deployer'], readers: ['finance-analysts', 'finance-reviewers'], writers: ['finance-analysts', 'finance-reviewers'] },
  },
};

/** The parts of the input the statements depend on (validated or not: the snippets pass tab stops). */
export type ScopeParams = Omit<GenerateInput, 'format'>;

/**
 * The statements of a scope's key policy. Administrators are separate from data users everywhere; only the
 * Business Unit key delegates to the account's IAM, the others name every principal and keep the account
 * root user (only) able to recover the key.
 */
export function buildPolicySpec(p: ScopeParams): PolicySpec {
  const info = SCOPE_INFO[p.scope];
  const statements: StatementSpec[] = [p.scope === 'bu' ? rootDelegation(p.account) : rootUserOnly(p.account)];
  if (p.admins.length) statements.push(keyAdministrators(p.admins));
  statements.push(...dataStatements(p.readers, p.writers));
  // Principals who read data may let AWS services (EBS, RDS, …) use the key for their resources; writers may
  // not, as a service grant could hand them Decrypt.
  if (p.readers.length) statements.push(grantsForAwsResources(p.readers));
  if (p.scope === 'app' || p.scope === 'team') statements.push(denyEveryoneElse([...p.admins, ...p.readers, ...p.writers], p.account));
  return {
    scope: p.scope,
    stage: p.stage,
    scopeName: p.scopeName,
    id: `${info.tag}-${p.scopeName}-${p.stage}`,
    statements,
    description: `${info.label} key for ${p.scopeName} (${p.stage}): ${info.access}.`,
  };
}

/** One "use" statement when the readers and the writers are the same principals; else one for each. */
function dataStatements(r: string[], w: string[]): StatementSpec[] {
  const rs = unique(r);
  const ws = unique(w);
  if (rs.length && rs.length === ws.length && rs.every((x) => ws.includes(x))) return [keyUsers(rs)];
  const out: StatementSpec[] = [];
  if (rs.length) out.push(readers(rs));
  if (ws.length) out.push(writers(ws));
  return out;
}

/** A scope's example as generator input (account 111122223333, stage prod). */
export function exampleParams(scope: Scope, account = '111122223333', stage = 'prod'): ScopeParams {
  const ex = SCOPE_INFO[scope].example;
  const arn = (role: string) => `arn:aws:iam::${account}:role/${role}`;
  return { scope, stage, account, scopeName: ex.name, admins: ex.admins.map(arn), readers: ex.readers.map(arn), writers: ex.writers.map(arn) };
}
