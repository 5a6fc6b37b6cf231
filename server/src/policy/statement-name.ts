/**
 * How messages name statements: by Sid when the statement has one (`statement "Admins"`), else by its
 * 1-based position (`statement 2`), the way people count the statements they read.
 */
import type { PNode, Policy, Statement } from './model';

const MAX_SID = 60;

/** `"Admins"` or `2`: the statement's Sid, quoted, else its 1-based number. */
export function statementRef(s: Pick<Statement, 'index' | 'sid'> | undefined, index: number): string {
  const sid = sidText(s);
  if (sid) return JSON.stringify(sid.length > MAX_SID ? sid.slice(0, MAX_SID) + '…' : sid);
  return String(index + 1);
}

/** A statement's Sid as text: written, or what a Terraform expression evaluates to (`sid = each.value.sid`). */
export function sidText(s: Pick<Statement, 'sid'> | undefined): string | undefined {
  const v = s?.sid?.value;
  const text = v?.kind === 'string' ? v.value : v?.kind === 'symbolic' ? v.resolved : undefined;
  return text || undefined;
}

/**
 * A Sid known for sure, as AWS receives it: a literal, or a Terraform expression or template the workspace
 * evaluates (`sid = "${var.prefix}Admins"`); undefined for an empty Sid or one not known (never a guess: a Sid
 * that is not known merges with none and collides with none).
 */
export function knownSid(v: PNode | undefined): string | undefined {
  const text = v?.kind === 'string' ? (v.template ? v.resolved : v.value) : v?.kind === 'symbolic' ? v.resolved : undefined;
  return text || undefined;
}

/** `statement "Admins"`, `statement 2`. */
export function statementName(policy: Policy | undefined, index: number): string {
  return `statement ${statementRef(policy?.statements[index], index)}`;
}

/** `statement "Admins"`, `statements 1 and "Users"`, `statements 1, 2 and 4` (indexes into policy.statements). */
export function statementNames(policy: Policy | undefined, indexes: readonly number[]): string {
  const refs = [...new Set(indexes)].map((i) => statementRef(policy?.statements[i], i));
  if (refs.length <= 1) return `statement ${refs[0] ?? '?'}`;
  return `statements ${refs.slice(0, -1).join(', ')} and ${refs[refs.length - 1]}`;
}
