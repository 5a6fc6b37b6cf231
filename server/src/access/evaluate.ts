/**
 * The effective-access evaluator (DESIGN.md §4): a key policy in, a matrix of principals x KMS actions
 * out. Pure: no I/O. docs/access-matrix.md explains the model and its limits.
 */
import { KEY_POLICY_ACTIONS } from '../catalog';
import { unservable, type KeyFacts } from '../catalog/key-spec';
import type { PolicySource, Span } from '../policy/model';
import { statementRef } from '../policy/statement-name';
import type { KeyscopeSettings } from '../settings';
import { absentForAction, evalConditions, TERRAFORM_CONDITION, type OpenEntry } from './conditions';
import { decideWorlds, MAX_WORLDS, type OpenStatement, type Outcome, type WorldsResult } from './worlds';
import { notPrincipalCovers, principalCondition, principalCovers, type Coverage } from './match';
import { accountLabel, differentAccount, isThisAccount, principalLabel, readPrincipal, type PrincipalView } from '../policy/principal-view';
import type { ProviderAccount } from '../terraform/iam/types';
import { collectRows, identityKey, KEY_ACCOUNT_FROM, keyAccountOf, rowKindOf, type RowSpec } from './rows';
import { viewStatements, type StatementView } from './statements';
import { capabilityCells, summarize } from './summary';
import { accountUnstated, actsOnKey, applyIdentity, identityOf, principalOfRow, type KeyIam } from './identity';
import type { AccessMatrix, Decision, KeyAccountSource, KeyGrant, OpenCondition, PrincipalRow } from './types';

export interface EvaluateOptions {
  /** Principals to evaluate as well (ARNs, account ids, service names, `*`): each becomes a what-if row. */
  whatIf?: readonly string[];
  settings: KeyscopeSettings;
  /** What is known of the key (its type, Region model, origin): capability counts skip what it cannot serve. */
  key?: KeyFacts;
  /** The key's grants in the workspace (`aws_kms_grant`): their grantees get the operations they allow. */
  grants?: readonly KeyGrant[];
  /** The identity policies, boundaries and SCPs of the key's Terraform module: they decide delegated cells. */
  iam?: KeyIam;
  /**
   * The account the provider of a Terraform key states (`allowed_account_ids`, `assume_role`): the key's
   * account when the policy does not tell it otherwise, and the id of "this account" (`data.aws_caller_identity`).
   */
  deployAccount?: ProviderAccount;
}

/** What the evaluator reads from a policy before deciding any cell: its statements, its rows, the key's account. */
export interface Prepared {
  views: StatementView[];
  specs: RowSpec[];
  keyAccount: string | undefined;
  /** How the key's account was decided. */
  keyAccountFrom: KeyAccountSource | undefined;
  /** The statements that may cover an identity, in policy order. */
  candidates: (who: PrincipalView) => StatementView[];
  settings: KeyscopeSettings;
  /** The id of the account Terraform deploys to ("this account"), when its provider states it. */
  thisAccount?: string;
  /** Which provider argument stated it. */
  thisAccountFrom?: ProviderAccount['from'];
}

export function prepare(source: PolicySource, opts: EvaluateOptions): Prepared {
  const views = viewStatements(source.policy);
  const specs = collectRows(views, opts.whatIf ?? [], opts.settings);
  let key = keyAccountOf(views, specs, opts.settings);
  const deploy = opts.deployAccount;
  // The provider's account is the key's when nothing else tells it, and the id of "this account" when the
  // policy names the key's account as Terraform's (rows keep that template, so they still meet the policy's).
  if (deploy && (!key || (key.from !== 'setting' && key.from !== 'terraform' && !/^\d{12}$/.test(key.account)))) key = { account: deploy.account, from: 'provider' };
  const thisAccount = deploy && (!key || key.from !== 'setting' || key.account === deploy.account) ? deploy.account : undefined;
  return { views, specs, keyAccount: key?.account, keyAccountFrom: key?.from, candidates: statementIndex(views), settings: opts.settings, ...(thisAccount ? { thisAccount, thisAccountFrom: deploy!.from } : {}) };
}

export function evaluate(source: PolicySource, opts: EvaluateOptions): AccessMatrix {
  const p = prepare(source, opts);
  const key = opts.key;
  const serves = key ? (action: string) => unservable(action, key) === undefined : undefined;
  const grants = opts.grants ?? [];
  let specs = grants.length ? withGrantees(p.specs, grants, opts.settings) : p.specs;
  const iam = opts.iam && p.thisAccount ? { ...opts.iam, thisAccount: p.thisAccount } : opts.iam;
  const added = iam ? withIamPrincipals(specs, iam, p) : [];
  specs = [...specs, ...added];
  // A principal of the workspace the key policy gives nothing is no row (its policy names the key in vain).
  const rows = specs.map((spec) => evaluateRow(spec, p, serves, grants, iam)).filter((r, i) => i < specs.length - added.length || Object.values(r.actions).some((d) => d.value !== 'none'));
  const out: AccessMatrix = { name: source.name, rows, statementSpans: statementSpans(source), keyAccount: p.keyAccount, summary: summarize(rows) };
  if (p.keyAccount && p.keyAccountFrom) {
    out.keyAccountFrom = p.keyAccountFrom;
    out.keyAccountLabel = accountLabel(p.keyAccount, opts.settings.accounts);
    out.keyAccountText = `${out.keyAccountLabel}, ${KEY_ACCOUNT_FROM[p.keyAccountFrom]}`;
    // "This account", with its id from the provider: the id is what the header and the JSON say.
    if (p.thisAccount && isThisAccount(p.keyAccount)) {
      out.keyAccount = p.thisAccount;
      out.keyAccountFrom = 'provider';
      out.keyAccountLabel = accountLabel(p.thisAccount, opts.settings.accounts);
    }
    if (out.keyAccountFrom === 'provider') out.keyAccountText = `${out.keyAccountLabel}, the account Terraform deploys to, as its provider's ${p.thisAccountFrom === 'assume_role' ? 'assume_role role_arn' : 'allowed_account_ids'} states it`;
  }
  return out;
}

/**
 * The statements that may cover an identity, in policy order: those naming `*`, a NotPrincipal or a value
 * that cannot be read, and those naming the identity, its role or its account. Keeps the evaluation linear
 * in practice on policies with thousands of statements and principals.
 */
function statementIndex(views: StatementView[]): (who: PrincipalView) => StatementView[] {
  const always: StatementView[] = [];
  const byKey = new Map<string, StatementView[]>();
  for (const v of views) {
    const listed = v.principals ?? [];
    if (v.notPrincipals || listed.some((p) => p.kind === 'public' || p.kind === 'symbolic' || p.kind === 'invalid' || p.kind === 'canonical')) always.push(v);
    else
      for (const p of listed) {
        const key = identityKey(p);
        const list = byKey.get(key);
        if (!list) byKey.set(key, [v]);
        else if (list[list.length - 1] !== v) list.push(v); // a statement naming the same identity twice is listed once
      }
  }
  return (who) => {
    if (who.kind === 'public') return always;
    const found = new Set(always);
    for (const key of identityKeys(who)) for (const v of byKey.get(key) ?? []) found.add(v);
    return [...found].sort((a, b) => a.statement.index - b.statement.index);
  };
}

/** The keys of the entries that may cover an identity: itself, its role, its account. */
function identityKeys(who: PrincipalView): string[] {
  const keys = [identityKey(who)];
  if (who.account !== undefined) keys.push(`account:${who.account}`);
  if (who.kind === 'session' && who.roleName) keys.push(`role:${who.account}:${who.roleName}`);
  return keys;
}

/** A statement that covers the row, with the conditions that remain open for it. */
export interface Applied {
  view: StatementView;
  coverage: Exclude<Coverage, 'none'>;
  open: OpenCondition[];
  /** The condition entry of each open condition (none for a NotPrincipal exemption), in the same order. */
  entries: (OpenEntry | undefined)[];
}

/** The statements that apply to an identity (principal covered, conditions not false), in policy order. */
export function appliedTo(who: PrincipalView, p: Prepared): Applied[] {
  const applied: Applied[] = [];
  for (const view of p.candidates(who)) {
    const coverage = view.principals ? principalCovers(view.principals, who) : notPrincipalCovers(view.notPrincipals ?? [], who, view.effect);
    if (coverage === 'none') continue;
    const cond = evalConditions(view.statement, view.effect, who, p.settings);
    if (cond.result === false) continue;
    const open = [...cond.open];
    const entries: (OpenEntry | undefined)[] = [...cond.entries];
    // A principal listed under a Terraform condition not known: the statement names it only when that holds.
    const listedIf = view.principals && principalCondition(view.principals, who);
    if (listedIf) {
      open.push({ statementIndex: view.statement.index, statement: statementRef(view.statement, view.statement.index), operator: TERRAFORM_CONDITION, key: listedIf, values: [], effect: view.effect });
      entries.push(undefined);
    }
    if (coverage === 'maybe') {
      open.push({ statementIndex: view.statement.index, statement: statementRef(view.statement, view.statement.index), operator: 'NotPrincipal', key: 'aws:PrincipalArn', values: (view.notPrincipals ?? []).map((q) => q.text), effect: view.effect });
      entries.push(undefined);
    }
    applied.push({ view, coverage, open, entries });
  }
  return applied;
}

/** True when the key policy alone does not let the identity in: its own account's IAM policies must allow it too. */
export function isCrossAccount(who: PrincipalView, keyAccount: string | undefined, thisAccount?: string): boolean {
  const id = (a: string | undefined) => (thisAccount && a && isThisAccount(a) ? thisAccount : a);
  return who.kind !== 'public' && differentAccount(id(who.account), id(keyAccount));
}

function evaluateRow(spec: RowSpec, p: Prepared, serves: ((action: string) => boolean) | undefined, grants: readonly KeyGrant[], iam: KeyIam | undefined): PrincipalRow {
  const who = spec.identity;
  const applied = appliedTo(who, p);
  const crossAccount = isCrossAccount(who, p.keyAccount, p.thisAccount);
  const actions: Record<string, Decision> = {};
  for (const a of KEY_POLICY_ACTIONS) actions[`kms:${a.name}`] = decide(a.name, applied, crossAccount, who.kind === 'account');
  if (spec.kind !== 'what-if') for (const g of grants) if (identityKey(granteeOf(g)) === identityKey(who)) applyGrant(g, actions);
  if (iam && IAM_KINDS.has(who.kind)) applyIdentity(actions, spec.principal ?? principalOfRow(who, iam, p.keyAccount), who, iam, p.keyAccount, p.settings);
  const row: PrincipalRow = { id: spec.id, label: spec.label, kind: spec.kind, actions, capabilities: capabilityCells(actions, serves) };
  if (who.account) row.account = who.account;
  if (spec.kind === 'what-if') row.principalKind = rowKindOf(who);
  if (crossAccount) row.crossAccount = true;
  return row;
}

/** The identities identity policies and SCPs apply to: IAM principals of an account. */
const IAM_KINDS: ReadonlySet<string> = new Set(['account', 'root-user', 'role', 'user', 'session', 'federated-user']);

/**
 * A row for each role and user of the workspace whose identity policies act on the key and that the policy
 * does not name. One of another folder whose account is not stated is its own row, labelled with its folder
 * (`role/app (account of envs/app)`): the same name in two such folders is two principals.
 */
function withIamPrincipals(specs: RowSpec[], iam: KeyIam, p: Prepared): RowSpec[] {
  const have = new Set(specs.filter((s) => s.kind !== 'what-if').map((s) => identityKey(s.identity)));
  const out: RowSpec[] = [];
  for (const principal of iam.workspace.principals) {
    const who = identityOf(principal, p.keyAccount, iam.thisAccount);
    const kind = rowKindOf(who);
    const unstated = accountUnstated(principal);
    const key = unstated ? `${identityKey(who)}@${principal.folder}` : identityKey(who);
    if (!kind || have.has(key) || (unstated && have.has(identityKey(who))) || !actsOnKey(principal, who, iam, p.keyAccount, p.settings)) continue;
    have.add(key);
    // The one row for the instances of a collection not known reads `role/each of var.readers`.
    const plain = principalLabel(who, p.settings.accounts).replace(/\$\{(each of [^}]*)\}/, '$1');
    const label = unstated ? `${plain.replace(/ \([^()]*\)$/, '')} (account of ${principal.folder})` : plain;
    out.push({ id: unstated ? `${who.text} (${principal.folder})` : who.text, kind, identity: who, label, principal });
  }
  return out;
}

function granteeOf(g: KeyGrant): PrincipalView {
  return readPrincipal(/\.amazonaws\.com(\.cn)?$/.test(g.grantee) ? 'Service' : 'AWS', g.grantee, g.symbolic === true);
}

/** The operations a grant can allow (CreateGrant's `Operations`) that are key-policy actions. */
const GRANT_OPERATIONS = ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret'];

/** The specs with a row for each grantee the policy does not name. */
function withGrantees(specs: RowSpec[], grants: readonly KeyGrant[], settings: KeyscopeSettings): RowSpec[] {
  const out = [...specs];
  const have = new Set(specs.filter((s) => s.kind !== 'what-if').map((s) => identityKey(s.identity)));
  for (const g of grants) {
    const who = granteeOf(g);
    const kind = rowKindOf(who);
    if (!kind || have.has(identityKey(who))) continue;
    have.add(identityKey(who));
    out.push({ id: g.grantee, kind, identity: who, label: principalLabel(who, settings.accounts) });
  }
  return out;
}

/**
 * A grant allows its operations whatever the key policy grants (an explicit Deny still wins): `allow`, or
 * `conditional` under its encryption-context constraints (or when its constraints are not known).
 */
function applyGrant(g: KeyGrant, actions: Record<string, Decision>): void {
  if (g.operationsUnknown) {
    // Which operations it allows is not known: each one it could allow is conditional on that, never allowed.
    for (const op of GRANT_OPERATIONS) {
      const d = actions[`kms:${op}`];
      if (!d || d.value === 'deny' || d.value === 'allow') continue;
      actions[`kms:${op}`] = { value: 'conditional', statements: d.statements, conditions: d.conditions, grant: g.address, note: `${g.address} allows it if its operations (${g.operationsUnknown}) include it${g.constrained ? ', under its encryption-context constraints' : ''}` };
    }
    return;
  }
  const notes = [g.constrained === false ? undefined : g.constrained ? `${g.address} allows it only under its encryption-context constraints` : `${g.address} allows it; its constraints could not be read`];
  if (g.retiringPrincipal) notes.push(`${g.address} can be retired by ${g.retiringPrincipal}`);
  const note = notes.filter((n) => n).join('; ') || undefined;
  for (const op of g.operations) {
    const d = actions[`kms:${op}`];
    if (!d || d.value === 'deny' || d.value === 'allow') continue;
    const value = g.constrained === false ? 'allow' : d.value === 'iam' ? 'iam' : 'conditional';
    // Allowed by the grant alone: no statement decides it. Otherwise the statements stay beside the grant.
    const out: Decision = value === 'allow' ? { value, statements: [], conditions: [], grant: g.address } : { value, statements: d.statements, conditions: d.conditions, grant: g.address };
    if (note) out.note = note;
    actions[`kms:${op}`] = out;
  }
}

/**
 * One cell: explicit Deny wins; then an Allow naming the principal, then root delegation, then open ones.
 * `ownRow`: the row is the account itself, so a root grant is its own, not delegated from another row.
 */
export function decide(action: string, applied: Applied[], crossAccount: boolean, ownRow: boolean): Decision {
  const deny: Applied[] = [];
  const denyOpen: Applied[] = [];
  const allow: Applied[] = [];
  const root: Applied[] = [];
  const allowOpen: Applied[] = [];
  for (const a of applied) {
    if (!a.view.actions.has(action)) continue;
    const x = a.open.length > 0 ? forAction(a, action) : a;
    if (!x) continue;
    const open = x.open.length > 0;
    if (x.view.effect === 'Deny') (open || x.coverage === 'maybe' ? denyOpen : deny).push(x);
    else if (open) allowOpen.push(x);
    else (x.coverage === 'root' ? root : allow).push(x);
  }
  const ids = (xs: Applied[]) => xs.map((x) => x.view.statement.index);
  if (deny.length) return { value: 'deny', statements: ids(deny), conditions: [] };
  let tooMany = false;
  if (denyOpen.length || allowOpen.length) {
    const direct = crossAccount ? 'iam' : 'allow';
    const base = allow.length ? direct : root.length ? 'iam' : 'none';
    const xs = [...denyOpen, ...allowOpen];
    const open = xs.map((x) => ({ entries: x.coverage === 'maybe' ? [undefined] : x.entries, gives: x.view.effect === 'Deny' ? 'deny' : x.coverage === 'root' ? 'iam' : direct }) as const);
    // The statements and the conditions left open for this action say which worlds to try.
    const key = base + '|' + xs.map((x, i) => `${x.view.statement.index}:${open[i].gives}:${x.coverage}:${x.open.map((o) => o.operator + ' ' + o.key).join(',')}`).join(';');
    const r = worldsOf(applied, key, base, open);
    if ('outcome' in r) {
      switch (r.outcome) {
        case 'deny':
          return { value: 'deny', statements: ids(denyOpen), conditions: [] };
        case 'none':
          return { value: 'none', statements: [], conditions: [] };
        case 'allow':
          return { value: 'allow', statements: ids([...allow, ...allowOpen.filter((x) => x.coverage !== 'root')]), conditions: [] };
        default: {
          const named = allow.length > 0 || allowOpen.some((x) => x.coverage !== 'root');
          const out: Decision = { value: 'iam', statements: ids([...allow, ...root, ...allowOpen]), conditions: [] };
          if (!ownRow && !named) out.delegated = true;
          return out;
        }
      }
    }
    tooMany = 'undecided' in r && r.undecided === 'too-many';
  }
  let d: Decision;
  if (allow.length) d = { value: crossAccount ? 'iam' : 'allow', statements: ids(allow), conditions: [] };
  // With a conditional grant naming the principal as well it is still `iam`: the key policy alone allows it under
  // those conditions (listed), IAM policies may allow it otherwise.
  else if (root.length) {
    d = { value: 'iam', statements: ids([...root, ...allowOpen]), conditions: allowOpen.flatMap((x) => x.open), delegated: !ownRow && !allowOpen.some((x) => x.coverage !== 'root') };
  }
  else if (allowOpen.length) {
    d = { value: 'conditional', statements: ids(allowOpen), conditions: allowOpen.flatMap((x) => x.open) };
    if (!ownRow && allowOpen.every((x) => x.coverage === 'root')) d.delegated = true;
  } else return { value: 'none', statements: [], conditions: [] };
  if (denyOpen.length) {
    d.value = 'conditional';
    d.statements.push(...ids(denyOpen));
    d.conditions.push(...denyOpen.flatMap((x) => x.open));
  }
  if (tooMany) d.note = `more than ${MAX_WORLDS.toLocaleString('en-US')} combinations of request values: not decided exactly`;
  return d;
}

/**
 * The cells of one row's actions share their statements (most actions of a capability are covered by the same
 * ones): each combination is decided once per row.
 */
const worldsMemo = new WeakMap<Applied[], Map<string, WorldsResult>>();

function worldsOf(applied: Applied[], key: string, base: Outcome, open: OpenStatement[]): WorldsResult {
  let memo = worldsMemo.get(applied);
  if (!memo) worldsMemo.set(applied, (memo = new Map()));
  let r = memo.get(key);
  if (!r) {
    r = decideWorlds(base, open);
    memo.set(key, r);
  }
  return r;
}

/**
 * A statement with open conditions, for one action: conditions on kms: keys the action's requests never
 * carry are decided (`absentForAction`); undefined when one of them is false (the statement does not apply).
 */
function forAction(x: Applied, action: string): Applied | undefined {
  let open: OpenCondition[] | undefined;
  let entries: (OpenEntry | undefined)[] | undefined;
  for (let i = 0; i < x.open.length; i++) {
    const e = x.entries[i];
    const r = e ? absentForAction(e.entry, action) : undefined;
    if (r === false) return undefined;
    if (r === true) {
      open ??= x.open.slice(0, i);
      entries ??= x.entries.slice(0, i);
    } else if (open) {
      open.push(x.open[i]);
      entries!.push(e);
    }
  }
  return open ? { ...x, open, entries: entries! } : x;
}

/** Span of each statement by its index; positions that are not statements get the whole policy's span. */
function statementSpans(source: PolicySource): Span[] {
  const spans: Span[] = [];
  for (const s of source.policy.statements) spans[s.index] = s.node.span;
  for (let i = 0; i < spans.length; i++) spans[i] ??= source.span;
  return spans;
}
