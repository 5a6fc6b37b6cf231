/**
 * The difference of access between two matrices of one key (before and after a change): for every principal
 * and action whose cell changed, what it was, what it is, and the statements that decided it on each side.
 * Pure. A principal named on one side only must be evaluated on the other too (as a what-if row of that side's
 * policy): a role the base policy does not name may still have had access through `*` or its account, and
 * reading it as `none` would invent new access.
 */
import { shownPlace } from './identity';
import { CAPABILITIES, CAPABILITY_LABELS, KEY_POLICY_ACTIONS, type Capability } from '../catalog';
import { describeCondition } from './summary';
import type { AccessMatrix, CellValue, Decision, PrincipalRow, RowKind } from './types';

export interface CellChange {
  /** The principal as written (the row's id). */
  principal: string;
  label: string;
  kind: RowKind;
  crossAccount: boolean;
  capability: Capability;
  /** The actions (`kms:Decrypt`) that changed alike, in catalogue order. */
  actions: string[];
  /** True when `actions` are every action of the capability. */
  whole: boolean;
  before: CellValue;
  after: CellValue;
  /** The open conditions of the cells on each side (`conditional` cells), described. */
  conditionsBefore: string[];
  conditionsAfter: string[];
  /** Indexes of the statements that decided the cells on each side. */
  statementsBefore: number[];
  statementsAfter: number[];
  /** The change lets the principal do something it could not before, or with fewer conditions. */
  newAccess: boolean;
  /** The identity-policy statement of the workspace that decides the cells after the change (`aws_iam_role_policy.x at iam.tf:4`). */
  via?: string;
  /** Where that statement is: its file and 1-based line. */
  viaAt?: { path: string; line: number };
  /**
   * Every cell after the change comes only from the key's delegation to its account's IAM (a grant to the
   * account root), not from a statement naming the principal.
   */
  delegated: boolean;
}

const ACTIONS_OF = new Map<Capability, string[]>(CAPABILITIES.map((c) => [c, KEY_POLICY_ACTIONS.filter((a) => a.capability === c).map((a) => `kms:${a.name}`)]));

const NONE: Decision = { value: 'none', statements: [], conditions: [] };
const granted = (v: CellValue) => v === 'allow' || v === 'iam-allow' || v === 'iam' || v === 'conditional';

/** Whether going from `b` to `a` gives access: a grant where there was none, or a grant with fewer conditions. */
export function givesAccess(b: Decision, a: Decision): boolean {
  if (!granted(a.value) || b.value === 'allow') return false;
  // An identity policy that allowed it gave it already: whatever the cell becomes, it is not more.
  if (b.value === 'iam-allow' && a.value !== 'allow') return false;
  if (a.value !== b.value) return true;
  if (a.value !== 'conditional') return false;
  // Same value, other conditions: an Allow condition dropped, or a Deny condition added, widens it.
  const before = new Set(b.conditions.map((c) => `${c.effect}\0${describeCondition(c, false)}`));
  const after = new Set(a.conditions.map((c) => `${c.effect}\0${describeCondition(c, false)}`));
  for (const c of before) if (c.startsWith('Allow\0') && !after.has(c)) return true;
  for (const c of after) if (c.startsWith('Deny\0') && !before.has(c)) return true;
  return false;
}

function sameDecision(b: Decision, a: Decision): boolean {
  if (b.value !== a.value) return false;
  if (b.value !== 'conditional') return true;
  const text = (d: Decision) => d.conditions.map((c) => `${c.effect}:${describeCondition(c, false)}`).sort().join('\n');
  return text(b) === text(a);
}

/**
 * The principals whose rows exist in `matrix` but not in `other` (their ids), to evaluate on the other side.
 */
export function missingRows(matrix: AccessMatrix | undefined, other: AccessMatrix | undefined): string[] {
  if (!matrix || !other) return [];
  const there = new Set(other.rows.map((r) => r.id));
  return matrix.rows.filter((r) => r.kind !== 'what-if' && !there.has(r.id)).map((r) => r.id);
}

/**
 * The changed cells from `before` to `after` (either may be absent: a key added or removed), grouped per
 * principal and capability: actions that changed alike form one change. Rows are matched by id; a row on one
 * side only is compared with the other side's what-if row of the same id when there is one, else with `none`.
 */
export function diffMatrices(before: AccessMatrix | undefined, after: AccessMatrix | undefined): CellChange[] {
  const rowsOf = (m: AccessMatrix | undefined) => {
    const map = new Map<string, PrincipalRow>();
    // Named rows first: a what-if row of the same id only stands in for a row the policy does not name.
    for (const r of m?.rows ?? []) if (r.kind !== 'what-if') map.set(r.id, r);
    for (const r of m?.rows ?? []) if (r.kind === 'what-if' && !map.has(r.id)) map.set(r.id, r);
    return map;
  };
  const b = rowsOf(before);
  const a = rowsOf(after);
  const ids = [...new Set([...(after?.rows ?? []), ...(before?.rows ?? [])].filter((r) => r.kind !== 'what-if').map((r) => r.id))];
  const out: CellChange[] = [];
  for (const id of ids) {
    const rb = b.get(id);
    const ra = a.get(id);
    const shown = ra && ra.kind !== 'what-if' ? ra : rb && rb.kind !== 'what-if' ? rb : (ra ?? rb)!;
    for (const capability of CAPABILITIES) {
      const groups = new Map<string, CellChange>();
      const all = ACTIONS_OF.get(capability) ?? [];
      for (const action of all) {
        const db = rb?.actions[action] ?? NONE;
        const da = ra?.actions[action] ?? NONE;
        if (sameDecision(db, da)) continue;
        const conditionsBefore = db.value === 'conditional' ? db.conditions.map((c) => describeCondition(c, false)) : [];
        const conditionsAfter = da.value === 'conditional' ? da.conditions.map((c) => describeCondition(c, false)) : [];
        const newAccess = givesAccess(db, da);
        const delegated = Boolean(da.delegated) || (da.value === 'iam' && shown.kind === 'account' && !shown.crossAccount);
        const via = da.iam ? `${da.iam.policy} at ${shownPlace(da.iam)}` : undefined;
        const key = [db.value, da.value, newAccess, delegated, via, conditionsBefore.join('\n'), conditionsAfter.join('\n')].join('\0');
        let g = groups.get(key);
        if (!g) {
          g = {
            principal: id,
            label: shown.label,
            kind: shown.kind === 'what-if' ? shown.principalKind ?? 'symbolic' : shown.kind,
            crossAccount: Boolean(shown.crossAccount),
            capability,
            actions: [],
            whole: false,
            before: db.value,
            after: da.value,
            conditionsBefore: [...new Set(conditionsBefore)],
            conditionsAfter: [...new Set(conditionsAfter)],
            statementsBefore: [],
            statementsAfter: [],
            newAccess,
            delegated,
            ...(via && da.iam ? { via, viaAt: { path: da.iam.path, line: da.iam.line + 1 } } : {}),
          };
          groups.set(key, g);
        }
        g.actions.push(action);
        for (const s of db.statements) if (!g.statementsBefore.includes(s)) g.statementsBefore.push(s);
        for (const s of da.statements) if (!g.statementsAfter.includes(s)) g.statementsAfter.push(s);
      }
      for (const g of groups.values()) {
        g.whole = g.actions.length === all.length;
        g.statementsBefore.sort((x, y) => x - y);
        g.statementsAfter.sort((x, y) => x - y);
        out.push(g);
      }
    }
  }
  return out;
}

/**
 * How much a change should worry a reviewer: new administration or destruction of the key first, then new
 * public or cross-account access, then new use of the data, then the rest; access that only the key's own
 * account's IAM policies can give (the usual delegation of a new key) after those; removals last.
 */
export function changeWeight(c: CellChange): number {
  if (!c.newAccess) return 0;
  if (c.delegated) return 1;
  if (c.capability === 'administer' || c.capability === 'destroy') return 5;
  if (c.kind === 'public' || c.crossAccount) return 4;
  if (c.capability === 'readData' || c.capability === 'writeData') return 3;
  return 2;
}


/**
 * One sentence for a change, as a reviewer reads it: `role/analyst (111122223333) can now Decrypt on
 * aws_kms_key.orders`, `... can now Read data on ..., if its IAM policy allows it`, `... can no longer Encrypt
 * on ...`.
 */
export function describeChange(keyName: string, c: CellChange): string {
  const what = c.whole ? CAPABILITY_LABELS[c.capability] : c.actions.map((a) => a.slice(4)).join(', ');
  if (c.newAccess) {
    if (c.before === c.after) return `${c.label}: fewer conditions on ${what} of ${keyName}`;
    if (c.after === 'iam-allow') return `${c.label} can now ${what} on ${keyName} through IAM: ${c.via ?? 'an identity policy'} allows it`;
    const when = c.after === 'conditional' ? ' under conditions' : c.after === 'iam' && c.kind !== 'account' ? ', if its IAM policy allows it' : '';
    return `${c.label} can now ${what} on ${keyName}${when}`;
  }
  if (c.after === 'deny' && c.via) return `${c.label} can no longer ${what} on ${keyName}: ${c.via} denies it`;
  if (c.after === 'none' || c.after === 'deny') return `${c.label} can no longer ${what} on ${keyName}`;
  if (c.after === 'iam') return `${c.label} needs its IAM policy to ${what} on ${keyName}`;
  return `${c.label}: ${what} on ${keyName} goes from ${c.before} to ${c.after}`;
}
