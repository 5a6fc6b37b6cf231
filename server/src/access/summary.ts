/** Capability cells and the one-line summary of a matrix. */
import { CAPABILITIES, KEY_POLICY_ACTIONS, type Capability } from '../catalog';
import { CALLER_KEYS } from '../policy/conditions';
import type { CapabilityCell, CellValue, Decision, OpenCondition, PrincipalRow } from './types';

const STRENGTH: Record<CellValue, number> = { allow: 5, 'iam-allow': 4, iam: 3, conditional: 2, deny: 1, none: 0 };
const GRANTED = new Set<CellValue>(['allow', 'iam-allow', 'iam', 'conditional']);

/**
 * Per capability: the strongest value among its actions and how many of them are granted, counting only the
 * actions the key can serve (`serves`, when the key's type is known). `all` only when every one of them has
 * that value; when granted actions differ, the count of each: `allow 1 · iam 19 of 20`.
 */
export function capabilityCells(actions: Record<string, Decision>, serves?: (action: string) => boolean): Record<Capability, CapabilityCell> {
  const out = {} as Record<Capability, CapabilityCell>;
  for (const cap of CAPABILITIES) {
    const decisions = KEY_POLICY_ACTIONS.filter((a) => a.capability === cap && (!serves || serves(a.name))).map((a) => actions[`kms:${a.name}`]);
    let value: CellValue = 'none';
    const counts: Partial<Record<GrantedValue, number>> = {};
    for (const d of decisions) {
      if (STRENGTH[d.value] > STRENGTH[value]) value = d.value;
      if (GRANTED.has(d.value)) counts[d.value as GrantedValue] = (counts[d.value as GrantedValue] ?? 0) + 1;
    }
    const kinds = GRANTED_ORDER.filter((v) => counts[v]);
    const granted = kinds.reduce((n, v) => n + counts[v]!, 0);
    const total = decisions.length;
    if (kinds.length > 1) {
      out[cap] = { value, granted, total, text: `${kinds.map((v) => `${v} ${counts[v]}`).join(' · ')} of ${total}`, mixed: counts };
    } else out[cap] = { value, granted, total, text: granted === 0 ? 'none' : granted === total ? 'all' : `${granted} of ${total}` };
  }
  return out;
}

type GrantedValue = 'allow' | 'iam-allow' | 'iam' | 'conditional';
const GRANTED_ORDER: readonly GrantedValue[] = ['allow', 'iam-allow', 'iam', 'conditional'];

/**
 * True when a cell lets its row perform the action on the strength of the key policy: allow, iam-allow,
 * conditional or iam, but not an `iam` that only comes from root delegation (the account's own row already stands for it).
 */
export function grants(d: Decision | undefined): boolean {
  return !!d && GRANTED.has(d.value) && !d.delegated;
}

/** True when a cell comes from a statement naming the principal, without any condition left open. */
export function unconditional(d: Decision | undefined): boolean {
  return !!d && (d.value === 'allow' || d.value === 'iam-allow' || d.value === 'iam') && !d.delegated && d.conditions.length === 0;
}

/** Condition keys that narrow who the caller is: a public grant with one of them open is not public. */
const NARROWING = new Set(CALLER_KEYS.map((k) => k.toLowerCase()));

/**
 * `yes` when the `*` row is allowed some action unconditionally; `conditional` when it is allowed some
 * action under conditions none of which narrows the caller; `no` otherwise.
 */
export function publicAccess(rows: PrincipalRow[]): 'yes' | 'conditional' | 'no' {
  const pub = rows.find((r) => r.kind === 'public');
  if (!pub) return 'no';
  const ds = Object.values(pub.actions);
  if (ds.some((d) => d.value === 'allow')) return 'yes';
  const open = ds.some((d) => d.value === 'conditional' && !d.conditions.some((c) => c.effect === 'Allow' && NARROWING.has(c.key.toLowerCase())));
  return open ? 'conditional' : 'no';
}

/**
 * `2 admins · 3 can decrypt · public: no`. Admins are the rows (what-if rows excluded) that `grants`
 * kms:PutKeyPolicy; "can decrypt" counts the rows that `grants` kms:Decrypt.
 */
export function summarize(rows: PrincipalRow[]): string {
  const named = rows.filter((r) => r.kind !== 'what-if');
  const admins = named.filter((r) => grants(r.actions['kms:PutKeyPolicy'])).length;
  const decrypt = named.filter((r) => grants(r.actions['kms:Decrypt'])).length;
  return `${admins} admin${admins === 1 ? '' : 's'} · ${decrypt} can decrypt · public: ${publicAccess(named)}`;
}

/**
 * An open condition in words: `Allow if StringEquals kms:ViaService s3.eu-west-1.amazonaws.com (statement 2; a
 * Sid when the statement has one)`; values that are unknown Terraform expressions with their labels, unless
 * `labelled` is false (comparisons: a label names lines, which move).
 */
export function describeCondition(c: OpenCondition, labelled = true): string {
  const values = (labelled && c.labels) || c.values;
  if (c.operator === 'Terraform') return `${c.effect} if ${c.key} (statement ${c.statement}, written under this Terraform condition)`;
  if (c.operator === 'NotPrincipal') return `${c.effect} unless the caller is exempted by NotPrincipal [${values.join(', ')}] (statement ${c.statement})`;
  return `${c.effect} if ${c.operator} ${c.key} ${values.join(', ')} (statement ${c.statement})`;
}
