/**
 * The rows of the matrix: every principal the policy names (in document order), accounts and ARNs that
 * narrowing conditions on `*` name, and the what-if principals given by the user.
 */
import type { KeyscopeSettings } from '../settings';
import { conditionEntries } from '../policy/values';
import { conditionValues } from './conditions';
import { accountText, parseIdentity, type Identity } from './principal';
import type { StatementView } from './statements';
import type { RowKind } from './types';

export interface RowSpec {
  id: string;
  /** Worked out when first read: most rows of a large policy are never shown. */
  readonly label: string;
  kind: RowKind;
  identity: Identity;
}

function rowSpec(id: string, kind: RowKind, identity: Identity, label: () => string): RowSpec {
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
export function identityKey(id: Identity): string {
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
    default:
      return `${id.kind}:${id.text}`;
  }
}

const ROW_KINDS = new Set(['account', 'role', 'user', 'session', 'service', 'federated', 'public', 'symbolic']);

export function collectRows(views: StatementView[], whatIf: readonly string[], settings: KeyscopeSettings): RowSpec[] {
  const rows = new Map<string, RowSpec>();
  const add = (id: Identity, label?: string) => {
    const key = identityKey(id);
    if (!ROW_KINDS.has(id.kind) || rows.has(key)) return;
    rows.set(key, rowSpec(id.text, id.kind as RowKind, id, () => label ?? labelOf(id, settings)));
  };
  for (const v of views) {
    for (const id of v.principals ?? []) add(id);
    for (const id of v.notPrincipals ?? []) add(id);
  }
  // Everyone a NotPrincipal Allow does not list is granted: that is public access, so it gets its row.
  if (views.some((v) => v.effect === 'Allow' && v.notPrincipals)) add(parseIdentity('*', '*'));
  for (const v of views) {
    if (!v.notPrincipals && !v.principals?.some((p) => p.kind === 'public')) continue;
    for (const e of conditionEntries(v.statement)) {
      const key = e.key.toLowerCase();
      for (const value of conditionValues(e.values)) {
        if (/[*?]|\$\{/.test(value)) continue;
        if (key === 'aws:principalarn') {
          const id = parseIdentity('AWS', value);
          // The root ARN in a condition is the root user, not the account's IAM principals: no row for it.
          if (id.kind !== 'account') add(id);
        } else if ((key === 'kms:calleraccount' || key === 'aws:principalaccount') && /^\d{12}$/.test(value)) {
          const id = parseIdentity('AWS', value);
          add(id, `any principal in ${accountPhrase(value, settings)}`);
        }
      }
    }
  }
  const out = [...rows.values()];
  for (const w of whatIf) {
    const identity = parseWhatIf(w);
    out.push(rowSpec(w, 'what-if', identity, () => `${labelOf(identity, settings)} (what if)`));
  }
  return out;
}

/** A `--principal` / what-if string: `*`, an account id, an ARN or a service principal name. */
export function parseWhatIf(text: string): Identity {
  const t = text.trim();
  if (t === '*') return parseIdentity('*', '*');
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i.test(t)) return parseIdentity('Service', t);
  return { ...parseIdentity('AWS', t), text };
}

function accountLabel(account: string, settings: KeyscopeSettings): string {
  const name = settings.accounts[account]?.name;
  return name ? `${name} (${account})` : accountText(account);
}

/** `account 111122223333`, `account payments-prod (111122223333)` or `this account`. */
function accountPhrase(account: string, settings: KeyscopeSettings): string {
  const label = accountLabel(account, settings);
  return label === 'this account' ? label : `account ${label}`;
}

/** Human label of a row: `role/orders-app (111122223333)`, `anyone in account … whose IAM policy allows it`. */
export function labelOf(id: Identity, settings: KeyscopeSettings): string {
  const resource = () => id.text.split(':').slice(5).join(':') || id.text;
  const acct = id.account ? ` (${accountLabel(id.account, settings)})` : '';
  switch (id.kind) {
    case 'public':
      return 'anyone (*)';
    case 'account':
      return `anyone in ${accountPhrase(id.account!, settings)} whose IAM policy allows it`;
    case 'role':
    case 'user':
    case 'session':
      return `${resource()}${acct}`;
    case 'service':
      return `${id.text} (service)`;
    case 'federated':
      return `${id.text} (federated)`;
    default:
      // The identity Terraform runs as: a user, or a role session whose role the policy does not name.
      if (id.kind === 'symbolic' && /^data\.aws_caller_identity\.[\w-]+\.arn$/.test(id.text)) return `${id.text}: the deploying identity (may be a role session)`;
      return id.text;
  }
}

/**
 * The account that owns the key: the account whose root an Allow grants (preferring one granted
 * PutKeyPolicy), else the account most principals belong to, else the only account declared in settings.
 */
export function keyAccountOf(views: StatementView[], rows: RowSpec[], settings: KeyscopeSettings): string | undefined {
  let first: string | undefined;
  for (const v of views) {
    if (v.effect !== 'Allow') continue;
    for (const p of v.principals ?? []) {
      if (p.kind !== 'account') continue;
      if (v.actions.has('PutKeyPolicy')) return p.account;
      first ??= p.account;
    }
  }
  if (first) return first;
  const counts = new Map<string, number>();
  for (const r of rows) if (r.kind !== 'what-if' && r.identity.account) counts.set(r.identity.account, (counts.get(r.identity.account) ?? 0) + 1);
  let best: string | undefined;
  for (const [acct, n] of counts) if (best === undefined || n > counts.get(best)!) best = acct;
  if (best) return best;
  const declared = Object.keys(settings.accounts);
  return declared.length === 1 ? declared[0] : undefined;
}
