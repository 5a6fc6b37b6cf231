/**
 * Is this JSON policy a KMS key policy? A file is named `bucket-policy.json` or found by its `kms:` actions;
 * its content decides. The rule (documented in README, "Which JSON files are key policies"):
 *
 * 1. some statement has a `Principal` or `NotPrincipal` — without one it is an IAM identity policy;
 * 2. no statement's `Resource` names an ARN of another service than KMS (`arn:aws:s3:::bucket/*` makes it an
 *    S3 bucket policy, `arn:aws:sqs:...` a queue policy); `*`, key ARNs and values that are not ARNs pass;
 * 3. some statement's `Action` or `NotAction` names a `kms:` action (or a wildcard such as `kms:*`, `*`).
 *
 * A policy that fails one of them is not judged as a key policy: only rules that hold for any policy (its
 * kms: actions exist, its shape) run on it. Files that match `files.include`, Terraform key resources and
 * `--key-policy` are key policies by declaration and are not judged by content.
 */
import { hasPrincipals } from './build';
import type { PNode, Policy, PProp } from './model';
import { statementName } from './statement-name';

/** Why `policy` is not a key policy, or undefined when it is one. */
export function notKeyPolicyReason(policy: Policy): string | undefined {
  if (policy.statements.length === 0) return undefined;
  if (!hasPrincipals(policy)) return 'no statement names a Principal: it reads as an IAM identity policy';
  for (const s of policy.statements) {
    const other = strings(s.resource).find((r) => foreignArn(r));
    if (other) return `${statementName(policy, s.index)} has Resource ${quote(other)}, a resource of another service than KMS`;
  }
  const actions = policy.statements.flatMap((s) => [...strings(s.action), ...strings(s.notAction)]);
  const symbolic = policy.statements.some((s) => hasSymbolic(s.action?.value) || hasSymbolic(s.notAction?.value));
  if (!symbolic && actions.length > 0 && !actions.some(namesKms)) return `no statement names a kms: action (it names ${quote(actions[0])}${actions.length > 1 ? ', ...' : ''})`;
  return undefined;
}

const MAX_SHOWN = 80;
const quote = (s: string) => JSON.stringify(s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN) + '…' : s);

/** An ARN (`arn:<partition>:<service>:...`) whose service is not KMS. */
function foreignArn(value: string): boolean {
  if (!value.toLowerCase().startsWith('arn:')) return false;
  const service = value.split(':')[2];
  return service !== undefined && service !== '' && !service.includes('*') && !service.includes('$') && service.toLowerCase() !== 'kms';
}

/** `*`, `kms:...`, or a pattern whose service part can match `kms` (`k*:Decrypt`). */
function namesKms(action: string): boolean {
  const a = action.toLowerCase();
  if (a === '*' || a.startsWith('kms:')) return true;
  const service = a.split(':')[0];
  return service.includes('*') || service.includes('?') || service.includes('$');
}

function strings(prop: PProp | undefined): string[] {
  const v = prop?.value;
  if (!v) return [];
  const items = v.kind === 'array' ? v.items : [v];
  return items.flatMap((n) => (n.kind === 'string' ? [n.value] : []));
}

function hasSymbolic(node: PNode | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'symbolic' || (node.kind === 'string' && node.template)) return true;
  return node.kind === 'array' && node.items.some(hasSymbolic);
}
