/**
 * The rows of the matrix: every principal the policy names (in document order), accounts and ARNs that
 * narrowing conditions on `*` name, and the what-if principals given by the user.
 */
import type { KeyscopeSettings } from '../settings';
import { conditionEntries } from '../policy/values';
import { conditionValues } from './conditions';
import { accountPhrase, isThisAccount, principalLabel, readPrincipal, type PrincipalView } from '../policy/principal-view';
import type { StatementView } from './statements';
import type { IamPrincipal } from '../terraform/iam/types';
import type { KeyAccountSource, RowKind } from './types';

export interface RowSpec {
  id: string;
  /** Worked out when first read: most rows of a large policy are never shown. */
  readonly label: string;
  kind: RowKind;
  identity: PrincipalView;
  /** The workspace role or user the row was added for (its identity policies act on the key). */
  principal?: IamPrincipal;
}

function rowSpec(id: string, kind: RowKind, identity: PrincipalView, label: () => string): RowSpec {
  let text: string | undefined;
  return {
    id,
    kind,
    identity,
    get label() {
      return (text ??= label());
    },
  };
}

/** A key that identifies one row: the same principal written twice (`"1111…"` and its root ARN) is one row. */
export function identityKey(id: PrincipalView): string {
  switch (id.kind) {
    case 'account':
      return `account:${id.account}`;
    case 'role':
      return `role:${id.account}:${id.roleName}`;
    case 'user':
      return `user:${id.principalArn}`;
    case 'service':
    case 'federated':
      return `${id.kind}:${id.name}`;
    case 'public':
      return 'public';
    case 'root-user':
      return `root-user:${id.account}`;
    default:
      return `${id.kind}:${id.text}`;
  }
}

const ROW_KINDS: ReadonlySet<string> = new Set(['root-user', 'account', 'role', 'user', 'session', 'service', 'federated', 'public', 'symbolic']);

export function collectRows(views: StatementView[], whatIf: readonly string[], settings: KeyscopeSettings): RowSpec[] {
  const rows = new Map<string, RowSpec>();
  // Read on the first session: most policies name none.
  let named: Map<string, string> | undefined;
  const roles = () => (named ??= namedRoles(views));
  const add = (named: PrincipalView, label?: string) => {
    const id = withRolePath(named, roles);
    const key = identityKey(id);
    const kind = rowKindOf(id);
    if (!kind || rows.has(key)) return;
    rows.set(key, rowSpec(id.text, kind, id, () => label ?? labelOf(id, settings)));
  };
  for (const v of views) {
    for (const id of v.principals ?? []) add(id);
    for (const id of v.notPrincipals ?? []) add(id);
  }
  // Everyone a NotPrincipal Allow does not list is granted: that is public access, so it gets its row.
  if (views.some((v) => v.effect === 'Allow' && v.notPrincipals)) add(readPrincipal('*', '*'));
  for (const v of views) {
    const open = !!v.notPrincipals || !!v.principals?.some((p) => p.kind === 'public');
    for (const e of conditionEntries(v.statement)) {
      const key = e.key.toLowerCase();
      // Other statements only name a root user.
      if (!open && key !== 'aws:principalarn') continue;
      for (const value of conditionValues(e.values)) {
        if (/[*?]|\$\{/.test(value)) continue;
        if (key === 'aws:principalarn') {
          const id = readPrincipal('AWS', value);
          // The root ARN in a condition is the root user, not the account's IAM principals: a row of its own,
          // whatever the statement's principal.
          if (id.kind === 'account' && value.startsWith('arn:')) add(rootUser(id));
          else if (open) add(id);
        } else if ((key === 'kms:calleraccount' || key === 'aws:principalaccount') && /^\d{12}$/.test(value)) {
          const id = readPrincipal('AWS', value);
          add(id, `any principal in ${accountPhrase(value, settings.accounts)}`);
        }
      }
    }
  }
  const out = [...rows.values()];
  // Where the root user has its row, the account's row stands for the account's IAM identities.
  for (const r of out) {
    if (r.kind === 'account' && rows.has(`root-user:${r.identity.account}`)) r.identity = { ...r.identity, rootApart: true };
  }
  for (const w of whatIf) {
    const identity = withRolePath(parseWhatIf(w), roles);
    out.push(rowSpec(w, 'what-if', identity, () => `${labelOf(identity, settings)} (what if)`));
  }
  return out;
}

/**
 * The roles the policy names by ARN (in a Principal, a NotPrincipal or an aws:PrincipalArn value), by account
 * and role name: the ARN, path included, that a session of the role has as aws:PrincipalArn.
 */
function namedRoles(views: StatementView[]): Map<string, string> {
  const out = new Map<string, string>();
  const add = (id: PrincipalView) => {
    if (id.kind !== 'role' || id.symbolic) return;
    const key = `${id.account}:${id.roleName}`;
    if (!out.has(key)) out.set(key, id.text);
  };
  for (const v of views) {
    for (const id of v.principals ?? []) add(id);
    for (const id of v.notPrincipals ?? []) add(id);
    for (const e of conditionEntries(v.statement)) {
      if (e.key.toLowerCase() !== 'aws:principalarn') continue;
      for (const value of conditionValues(e.values)) if (!/[*?]|\$\{/.test(value)) add(readPrincipal('AWS', value));
    }
  }
  return out;
}

/**
 * A session's aws:PrincipalArn is its role's ARN, path included; the session ARN has no path, so a role the
 * policy names with the session's account and role name gives it.
 */
function withRolePath(id: PrincipalView, roles: () => Map<string, string>): PrincipalView {
  const arn = id.kind === 'session' ? roles().get(`${id.account}:${id.roleName}`) : undefined;
  return arn && arn !== id.principalArn ? { ...id, principalArn: arn } : id;
}

/** The root user of an account (`arn:aws:iam::A:root` as aws:PrincipalArn), as opposed to the account. */
export function rootUser(account: PrincipalView): PrincipalView {
  return { ...account, kind: 'root-user' };
}

/** A `--principal` / what-if string: `*`, an account id, an ARN or a service principal name. */
export function parseWhatIf(text: string): PrincipalView {
  const t = text.trim();
  if (t === '*') return readPrincipal('*', '*');
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i.test(t)) return readPrincipal('Service', t);
  return { ...readPrincipal('AWS', t), text };
}

/** The kind a matrix row reports for a principal (a federated user's row is a session's, as on the wire). */
export function rowKindOf(id: PrincipalView): Exclude<RowKind, 'what-if'> | undefined {
  if (id.kind === 'federated-user') return 'session';
  return ROW_KINDS.has(id.kind) ? (id.kind as Exclude<RowKind, 'what-if'>) : undefined;
}

/** Human label of a row: `role/orders-app (prod 111122223333)`, `anyone in account … whose IAM policy allows it`. */
export function labelOf(id: PrincipalView, settings: KeyscopeSettings): string {
  // An unknown Terraform value: what it stands for and where its value comes from, after its expression.
  const label = principalLabel(id, settings.accounts);
  return id.note && label === id.text ? `${label} (${id.note})` : label;
}

/** The key's account, with how it was decided. */
export interface KeyAccount {
  account: string;
  from: KeyAccountSource;
}

/** What each way of deciding the key's account says, after the account: `from its administrators (...)`. */
export const KEY_ACCOUNT_FROM: Record<KeyAccountSource, string> = {
  setting: 'declared in keyscope.keyAccount',
  provider: "the account Terraform deploys to, as its provider states it",
  terraform: 'the account Terraform deploys to (data.aws_caller_identity)',
  administrators: 'the account of its administrators (roles and users granted kms:PutKeyPolicy)',
  root: 'the account whose root is granted kms:PutKeyPolicy',
  principals: 'the account most of its principals belong to',
  accounts: 'the only account in keyscope.accounts',
};

/**
 * The account that owns the key, in this order: declared (`keyscope.keyAccount`, per path in
 * `.keyscope.json`); the account Terraform deploys to, when a principal names it
 * (`data.aws_caller_identity`); the account whose root an Allow grants kms:PutKeyPolicy (`kms:*` in the
 * default policy); the account of the roles and users an Allow grants it (most of them); the account most principals belong to; the only
 * account declared in `keyscope.accounts`. A grant of use to another account's root never makes it the key's.
 */
export function keyAccountOf(views: StatementView[], rows: RowSpec[], settings: KeyscopeSettings): KeyAccount | undefined {
  if (settings.keyAccount) return { account: settings.keyAccount, from: 'setting' };
  const named = rows.filter((r) => r.kind !== 'what-if' && r.identity.account !== undefined);
  const deployed = named.find((r) => r.identity.account!.startsWith('${') && isThisAccount(r.identity.account!));
  if (deployed) return { account: deployed.identity.account!, from: 'terraform' };
  const admins = new Map<string, number>();
  let root: string | undefined;
  for (const v of views) {
    if (v.effect !== 'Allow') continue;
    for (const p of v.principals ?? []) {
      if (p.account === undefined || !v.actions.has('PutKeyPolicy')) continue;
      if (p.kind === 'account') root ??= p.account;
      else if (p.kind === 'role' || p.kind === 'user' || p.kind === 'session' || p.kind === 'federated-user') admins.set(p.account, (admins.get(p.account) ?? 0) + 1);
    }
  }
  // The account that lets its own IAM policies administer the key (the default policy's root grant) owns it:
  // a role of another account granted PutKeyPolicy is cross-account administration (cross-account-admin).
  if (root) return { account: root, from: 'root' };
  const admin = mostFrequent(admins);
  if (admin) return { account: admin, from: 'administrators' };
  const counts = new Map<string, number>();
  for (const r of named) counts.set(r.identity.account!, (counts.get(r.identity.account!) ?? 0) + 1);
  const best = mostFrequent(counts);
  if (best) return { account: best, from: 'principals' };
  const declared = Object.keys(settings.accounts);
  return declared.length === 1 ? { account: declared[0], from: 'accounts' } : undefined;
}

/** The key of the largest count, the first one met on a tie. */
function mostFrequent(counts: Map<string, number>): string | undefined {
  let best: string | undefined;
  for (const [k, n] of counts) if (best === undefined || n > counts.get(best)!) best = k;
  return best;
}
