/**
 * The IAM side of a cell (docs/access-matrix.md, "Identity policies in the workspace"): the identity policies,
 * permissions boundaries and SCPs a Terraform module declares decide the cells the key policy delegates to
 * IAM (`iam` -> `iam-allow`), and their Deny statements deny. What cannot be read stays open, with its reason.
 */
import { basename } from 'node:path';
import { KEY_POLICY_ACTIONS } from '../catalog';
import { matchesEverything, wildcardMatch } from '../catalog/wildcard';
import type { PNode, Statement } from '../policy/model';
import { isThisAccount, readPrincipal, splitArn, THIS_ACCOUNT_TEMPLATE, type PrincipalView } from '../policy/principal-view';
import { statementRef } from '../policy/statement-name';
import { effectOf, itemsOf } from '../policy/values';
import type { KeyscopeSettings } from '../settings';
import type { IamPrincipal, IdentityPolicy, WorkspaceIam } from '../terraform/iam/types';
import { absentForAction, evalConditions } from './conditions';
import { identityKey } from './rows';
import { perNode } from '../cache';
import { coveredActions } from './statements';
import { describeCondition } from './summary';
import type { Decision, IamSource } from './types';

/** The IAM side of a Terraform module, for the key it declares. */
export interface KeyIam {
  workspace: WorkspaceIam;
  /** The key's Terraform address (`aws_kms_key.app`): a Resource naming its `arn` is this key. */
  key?: string;
  /** The id of the account the key's module deploys to ("this account"), when its provider states it. */
  thisAccount?: string;
}

type Match = true | false | { open: string };

const covered = perNode(coveredActions);

/** A statement of an identity policy that applies to a request on the key. */
interface Hit {
  policy: IdentityPolicy;
  index: number;
  /** Why it applies only maybe: an open condition, a Resource not known statically. */
  open?: string;
}

/** What one set of policies says of one action: the first Deny, open Deny, Allow and open Allow met. */
interface Said {
  deny?: Hit;
  openDeny?: Hit;
  allow?: Hit;
  openAllow?: Hit;
}

/**
 * A workspace principal as a matrix identity: its ARN with the account its module deploys to — the key's for
 * the key's module; another folder's when its provider states it. Another folder's principal whose account
 * is not stated is read in the key's account, and what its policies decide is then conditional on that
 * (`applyIdentity`).
 */
export function identityOf(p: IamPrincipal, keyAccount: string | undefined, thisAccount?: string): PrincipalView {
  // Another folder that deploys where the key's module does: its principals are written as the key's module writes them.
  if (p.folder && p.account && p.account === thisAccount && keyAccount && isThisAccount(keyAccount)) return readPrincipal('AWS', p.arn);
  const account = p.folder ? (p.account ?? knownAccount(keyAccount)) : knownAccount(keyAccount);
  return readPrincipal('AWS', account ? p.arn.split(THIS_ACCOUNT_TEMPLATE).join(account) : p.arn);
}

const knownAccount = (a: string | undefined) => (a && /^\d{12}$/.test(a) ? a : undefined);

/**
 * The workspace principal a row stands for (a session stands for its role), if any: the key's module's first,
 * then another folder's in a stated account, then one whose account is not stated.
 */
export function principalOfRow(who: PrincipalView, iam: KeyIam, keyAccount: string | undefined): IamPrincipal | undefined {
  const key = who.kind === 'session' && who.roleName ? `role:${who.account}:${who.roleName}` : identityKey(who);
  const found = iam.workspace.principals.filter((p) => identityKey(identityOf(p, keyAccount, iam.thisAccount)) === key);
  return found.find((p) => !p.folder) ?? found.find((p) => p.account) ?? found[0];
}

/** Another folder's principal whose account is not stated: it is in the key's account only maybe. */
export function accountUnstated(p: IamPrincipal | undefined): boolean {
  return !!p?.folder && !p.account;
}

/** True when some policy of the principal has a statement that acts on the key (Allow or Deny, maybe). */
export function actsOnKey(p: IamPrincipal, who: PrincipalView, iam: KeyIam, keyAccount: string | undefined, settings: KeyscopeSettings): boolean {
  if (mayAllow(p).length) return true;
  return KEY_POLICY_ACTIONS.some((a) => {
    const s = said([...p.policies, ...(p.maybe ?? [])], a.name, who, iam, keyAccount, settings);
    return !!(s.allow || s.openAllow || s.deny);
  });
}

/** What is attached to the principal whose content is not known (an AWS managed policy...): it may allow. */
function mayAllow(p: IamPrincipal): string[] {
  return p.unread.filter((u) => u.endsWith('unknown policy, may allow'));
}

/** What policies attached only maybe say, as open hits: allowed or denied only if they are attached to it. */
function maybeSaid(p: IamPrincipal | undefined, action: string, who: PrincipalView, iam: KeyIam, keyAccount: string | undefined, settings: KeyscopeSettings): Said {
  if (!p?.maybe?.length) return {};
  const s = said(p.maybe, action, who, iam, keyAccount, settings);
  const open = (h: Hit | undefined): Hit | undefined => h && { ...h, open: [`if ${h.policy.name} is attached to it (the attachment's instances are not known)`, h.open].filter((x) => x).join(' and ') };
  return { openAllow: open(s.allow ?? s.openAllow), openDeny: open(s.deny ?? s.openDeny) };
}

/**
 * The cells of a row of a workspace principal after its identity policies, boundary and the SCPs: a Deny
 * denies any cell the key policy grants; a cell the key policy delegates to IAM becomes `iam-allow` when an
 * identity policy allows it (and the boundary, when there is one), `conditional` when one allows it only
 * maybe (with why), `none` when the boundary does not allow it. Cells nothing decides stay as they are.
 */
export function applyIdentity(actions: Record<string, Decision>, p: IamPrincipal | undefined, who: PrincipalView, iam: KeyIam, keyAccount: string | undefined, settings: KeyscopeSettings): void {
  if (!accountUnstated(p)) return applyKnown(actions, p, who, iam, keyAccount, settings);
  // Its folder's provider does not say where it deploys: what its policies decide holds only if that is the key's account.
  const before = { ...actions };
  applyKnown(actions, p, who, iam, keyAccount, settings);
  const cond = `if ${p!.folder} deploys to the key's account (its provider states no allowed_account_ids or assume_role)`;
  for (const [action, d] of Object.entries(actions)) {
    if (d === before[action]) continue;
    actions[action] = { ...d, value: 'conditional', note: `${cond}: ${d.note ?? d.value}` };
  }
}

function applyKnown(actions: Record<string, Decision>, p: IamPrincipal | undefined, who: PrincipalView, iam: KeyIam, keyAccount: string | undefined, settings: KeyscopeSettings): void {
  const scps = iam.workspace.scps.filter((s) => s.account === undefined || sameAccount(s.account, keyAccount, who.account, iam.thisAccount));
  if (!p && scps.length === 0) return;
  for (const a of KEY_POLICY_ACTIONS) {
    const d = actions[`kms:${a.name}`];
    if (!d || d.value === 'none' || d.value === 'deny') continue;
    const own = p ? said(p.policies, a.name, who, iam, keyAccount, settings) : {};
    const maybe = maybeSaid(p, a.name, who, iam, keyAccount, settings);
    own.openDeny ??= maybe.openDeny;
    own.openAllow ??= maybe.openAllow;
    const boundary = p?.boundary ? said([p.boundary], a.name, who, iam, keyAccount, settings) : undefined;
    const scp = said(scps.map((s) => s.policy), a.name, who, iam, keyAccount, settings);
    const deny = own.deny ?? boundary?.deny ?? scp.deny;
    if (deny) {
      actions[`kms:${a.name}`] = { value: 'deny', statements: [], conditions: [], iam: sourceOf(deny), note: `denied by ${where(deny)}` };
      continue;
    }
    const openDeny = own.openDeny ?? boundary?.openDeny ?? scp.openDeny;
    if (d.value !== 'iam') {
      if (openDeny) actions[`kms:${a.name}`] = { ...d, value: 'conditional', iam: sourceOf(openDeny), note: join(d.note, `denied by ${where(openDeny)} ${openDeny.open}`) };
      continue;
    }
    const allow = own.allow ?? own.openAllow;
    if (!allow) {
      const unknown = p ? mayAllow(p) : [];
      if (unknown.length) actions[`kms:${a.name}`] = { ...d, note: join(d.note, `delegated to IAM; attached to it: ${unknown.join('; ')}`) };
      continue;
    }
    const unread = p!.unread.length ? `; not read here: ${p!.unread.join('; ')}` : '';
    if (boundary && !boundary.allow && !boundary.openAllow) {
      actions[`kms:${a.name}`] = { value: 'none', statements: [], conditions: [], iam: sourceOf(allow), note: `${where(allow)} allows it, but the permissions boundary ${p!.boundary!.name} does not` };
      continue;
    }
    const reasons = [allow.open, boundary && !boundary.allow ? `if the permissions boundary ${p!.boundary!.name} allows it (${boundary.openAllow!.open})` : undefined, openDeny ? `unless ${where(openDeny)} denies it (${openDeny.open})` : undefined].filter((r) => r);
    if (reasons.length) {
      actions[`kms:${a.name}`] = { value: 'conditional', statements: d.statements, conditions: d.conditions, iam: sourceOf(allow), note: `the key policy delegates to IAM, and ${where(allow)} allows it ${reasons.join(', and ')}${unread}` };
      continue;
    }
    actions[`kms:${a.name}`] = { value: 'iam-allow', statements: d.statements, conditions: [], iam: sourceOf(allow), note: `allowed: the key policy delegates to IAM, and ${where(allow)} allows it${unread}` };
  }
}

function join(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}

function sameAccount(a: string, keyAccount: string | undefined, rowAccount: string | undefined, thisAccount: string | undefined): boolean {
  const acct = rowAccount ?? keyAccount;
  if (!acct) return false;
  if (thisAccount && (isThisAccount(a) ? thisAccount : a) === (isThisAccount(acct) ? thisAccount : acct)) return true;
  if (isThisAccount(a)) return isThisAccount(acct) || acct === keyAccount;
  return a === acct;
}

/** `aws_iam_role_policy.reader at iam.tf:4 (statement "Read")`; another folder's file with its folder (`envs/app/iam.tf:4`). */
function where(h: Hit): string {
  const s = h.policy.policy.statements.find((x) => x.index === h.index);
  return `${h.policy.name} at ${shownPlace(sourceOf(h))} (statement ${statementRef(s, h.index)})`;
}

/** Where an identity policy's statement is, for people: `iam.tf:4`, or `envs/app/iam.tf:4` in another folder. */
export function shownPlace(src: IamSource): string {
  const file = src.folder && src.folder !== '.' ? `${src.folder}/${basename(src.path)}` : basename(src.path);
  return `${file}:${src.line + 1}`;
}

function sourceOf(h: Hit): IamSource {
  const s = h.policy.policy.statements.find((x) => x.index === h.index);
  return { policy: h.policy.name, statement: statementRef(s, h.index), ...h.policy.placeOf(h.index), ...(h.policy.folder ? { folder: h.policy.folder } : {}) };
}

function said(policies: readonly IdentityPolicy[], action: string, who: PrincipalView, iam: KeyIam, keyAccount: string | undefined, settings: KeyscopeSettings): Said {
  const out: Said = {};
  for (const policy of policies) {
    for (const s of policy.policy.statements) {
      const effect = effectOf(s);
      if (!effect || (!s.action && !s.notAction) || !covered(s).has(action)) continue;
      const m = applies(s, policy, effect, action, who, iam, keyAccount, settings);
      if (m === false) continue;
      const hit: Hit = m === true ? { policy, index: s.index } : { policy, index: s.index, open: m.open };
      if (effect === 'Deny') {
        if (m === true) out.deny ??= hit;
        else out.openDeny ??= hit;
      } else if (m === true) out.allow ??= hit;
      else out.openAllow ??= hit;
    }
  }
  return out;
}

/** Does a statement of an identity policy apply to `who`'s request for `action` on the key? */
function applies(s: Statement, policy: IdentityPolicy, effect: 'Allow' | 'Deny', action: string, who: PrincipalView, iam: KeyIam, keyAccount: string | undefined, settings: KeyscopeSettings): Match {
  const resource = resourceMatch(s, policy, iam, keyAccount);
  if (resource === false) return false;
  const cond = evalConditions(s, effect, who, settings);
  if (cond.result === false) return false;
  const open: string[] = [];
  cond.open.forEach((c, i) => {
    const e = cond.entries[i];
    const r = e ? absentForAction(e.entry, action) : undefined;
    if (r === false) open.push('\0');
    else if (r === undefined) open.push(describeCondition(c).replace(/^(Allow|Deny) /, '').replace(/ \(statement [^)]*\)$/, '') + (/kms:(RequestAlias|ResourceAliases)/i.test(c.key) ? ', which depends on the aliases of the key' : ''));
  });
  if (open.includes('\0')) return false;
  if (resource !== true) open.unshift(resource.open);
  return open.length ? { open: open.join(' and ') } : true;
}

/** Does a statement's Resource (or NotResource) cover the key? */
function resourceMatch(s: Statement, policy: IdentityPolicy, iam: KeyIam, keyAccount: string | undefined): Match {
  if (s.resource) {
    let out: Match = false;
    for (const n of itemsOf(s.resource.value)) {
      const m = resourceItem(n, policy, iam, keyAccount);
      if (m === true) return true;
      if (m !== false && out === false) out = m;
    }
    return out;
  }
  if (s.notResource) {
    let out: Match = true;
    for (const n of itemsOf(s.notResource.value)) {
      const m = resourceItem(n, policy, iam, keyAccount);
      if (m === true) return false;
      if (m !== false && out === true) out = { open: `if the key is not ${m.open.replace(/^if /, '')}` };
    }
    return out;
  }
  return false;
}

const KEY_REFERENCE = /^(aws_kms_(?:replica_)?(?:external_)?key)\.([\w-]+)(?:\[[^\]]*\])?\.arn$/;

/**
 * Does one Resource item name the key? In another folder a reference to `aws_kms_key.x` names that module's
 * key, never this one, and "this account" is that folder's account (known when its provider states it).
 */
function resourceItem(n: PNode, policy: IdentityPolicy, iam: KeyIam, keyAccount: string | undefined): Match {
  const own = !policy.folder;
  if (n.kind === 'symbolic') {
    const m = KEY_REFERENCE.exec(n.expr.trim());
    if (m && !own) return false;
    if (m && iam.key) return `${m[1]}.${m[2]}` === iam.key;
    return { open: `if Resource ${n.expr} is the key (not known statically)` };
  }
  if (n.kind !== 'string') return false;
  let text = n.value.replace(/\$\{\s*data\.aws_caller_identity\.[\w-]+\.account_id\s*\}/g, THIS_ACCOUNT_TEMPLATE).replace(/\$\{\s*data\.aws_partition\.[\w-]+\.partition\s*\}/g, 'aws');
  const key = KEY_REFERENCE.exec((/^\$\{([^}]*)\}$/.exec(text)?.[1] ?? '').trim());
  if (key && !own) return false;
  if (key && iam.key) return `${key[1]}.${key[2]}` === iam.key;
  if (!own && policy.account) text = text.split(THIS_ACCOUNT_TEMPLATE).join(policy.account);
  if (text === '*') return true;
  const p = splitArn(text.split(THIS_ACCOUNT_TEMPLATE).join('\u0001'));
  if (p.length !== 6 || p[0] !== 'arn') return false;
  if (!wildcardMatch(p[2], 'kms')) return false;
  text = n.value;
  if (p.some((x, i) => i !== 4 && x.includes('${'))) return { open: `if Resource ${text} is the key (not known statically)` };
  // Another folder's "this account", not stated: whether it is the key's is not known.
  const account = p[4] === '\u0001' ? (own ? THIS_ACCOUNT_TEMPLATE : '${' + policy.folder + '}') : p[4];
  if (!matchesEverything(account)) {
    // "This account" has an id when the provider states it: then it compares with literal ids too.
    const id = (a: string) => (iam.thisAccount && isThisAccount(a) ? iam.thisAccount : a);
    const acct = id(account);
    const keyId = keyAccount && id(keyAccount);
    const same = !keyId ? undefined : isThisAccount(acct) ? isThisAccount(keyId) || undefined : acct.includes('${') ? undefined : /^\d{12}$/.test(keyId) ? wildcardMatch(acct, keyId) : undefined;
    if (same === false) return false;
    if (same === undefined) return { open: `if the key is in the account of Resource ${text}` };
  }
  if (!matchesEverything(p[3])) return { open: `if the key is in Region ${p[3]} (Resource ${text})` };
  const res = p[5];
  if (matchesEverything(res) || (res.startsWith('key/') && matchesEverything(res.slice(4)))) return true;
  // A key id is known only after apply; an alias ARN authorises the alias, never the key behind it.
  if (res.startsWith('key/') || (/[*?]/.test(res) && wildcardMatch(res, 'key/0'))) return { open: `if the key is ${res} (its id is known only after apply)` };
  return false;
  return true;
}
