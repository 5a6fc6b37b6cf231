import type { GenerateInput } from './types';
import { FORMATS, SCOPES } from './types';

/*
 * Input validation shared by the generator, the CLI and the VS Code input boxes (`validateInput`). Each
 * validator returns a message for the user, or undefined when the value is fine.
 */

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
/** Longest ARN an IAM principal can have (its path is at most 512 characters, its name 64 or 128). */
const MAX_ARN = 2048;
// A role or user ARN: IAM names and path segments are letters, digits and + = , . @ _ - (IAM's own
// character set). A literal pattern, never built from input; each path segment ends at its own `/`, so the
// match is linear in the input, which is also capped at MAX_ARN before it is tested.
const PRINCIPAL_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):(?:role|user)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

/** A 12-digit AWS account id. */
export function validateAccountId(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter the 12-digit id of the account that owns the key, e.g. 111122223333.';
  if (!/^\d+$/.test(v)) return `An AWS account id is 12 digits (0-9), e.g. 111122223333; "${v}" is not.`;
  if (v.length !== 12) return `An AWS account id has 12 digits; "${v}" has ${v.length}.`;
  return undefined;
}

/** An IAM role or user ARN, the principals the generator names. */
export function validatePrincipalArn(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter an IAM role or user ARN, e.g. arn:aws:iam::111122223333:role/orders-app.';
  if (v.length > MAX_ARN) return `An IAM role or user ARN is at most ${MAX_ARN} characters; this one has ${v.length}.`;
  if (PRINCIPAL_ARN.test(v)) return undefined;
  if (/^\d+$/.test(v)) return `"${v}" is an account id: name a role or user ARN (the account root is added by the generator where it belongs).`;
  if (/\s/.test(v)) return `"${v}" contains a space; separate several ARNs with commas.`;
  if (v.includes('*')) return `"${v}": a key policy principal cannot contain a wildcard; name the role or user.`;
  const m = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/.exec(v);
  if (!m) return `"${v}" is not an ARN: expected arn:aws:iam::111122223333:role/NAME or arn:aws:iam::111122223333:user/NAME.`;
  const [, partition, service, , account, resource] = m;
  if (!PARTITIONS.has(partition)) return `"${v}": unknown partition "${partition}" (aws, aws-cn, aws-us-gov, …).`;
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const role = resource.split('/')[1] ?? 'NAME';
    return `"${v}" is a role session: name the role itself, arn:${partition}:iam::${account}:role/${role} (aws:PrincipalArn of a session is its role's ARN).`;
  }
  if (service !== 'iam') return `"${v}" is not an IAM principal: expected a role or user ARN (arn:aws:iam::…).`;
  if (!/^\d{12}$/.test(account)) return `"${v}": the account in the ARN must be 12 digits, not "${account}".`;
  if (resource === 'root') return `"${v}" is the account root: the generator adds it where the pattern needs it; name a role or user.`;
  if (resource.startsWith('group/')) return `"${v}": IAM groups cannot be principals in a key policy; name the group's role or users.`;
  if (!/^(?:role|user)\//.test(resource)) return `"${v}": expected a role or user ARN (…:role/NAME or …:user/NAME).`;
  return `"${v}": a role or user name uses letters, digits and + = , . @ _ - only.`;
}

/** An SDLC stage token such as `prod`: it becomes part of the alias and the tags. */
export function validateStage(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter a stage, e.g. prod, stage, test or dev.';
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(v)) return `Use a short lowercase token for the stage (letters, digits, "-"; up to 20), e.g. prod, stage, test or dev; "${v}" is not.`;
  return undefined;
}

/** The business unit, domain, application or team name: it becomes part of `alias/<name>-<stage>`. */
export function validateScopeName(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter a name, e.g. payments, orders or billing-api.';
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(v)) return `Start with a letter and use letters, digits, "-" or "_" (up to 64): the name becomes alias/<name>-<stage>; "${v}" does not fit.`;
  return undefined;
}

/**
 * A principal typed short, expanded in `account`: a role name (`orders-processor`) or `role/NAME`,
 * `user/NAME` (with a path: `role/app/orders-api`) becomes its ARN; anything else is returned as typed.
 */
export function expandPrincipal(value: string, account?: string): string {
  const v = value.trim();
  if (!account || !/^\d{12}$/.test(account.trim()) || v.includes(':')) return v;
  const arn = (resource: string) => `arn:aws:iam::${account.trim()}:${resource}`;
  if (/^(?:role|user)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/.test(v)) return arn(v);
  if (/^[\w+=,.@-]{1,64}$/.test(v) && !/^\d+$/.test(v)) return arn(`role/${v}`);
  return v;
}

/**
 * Splits a list of ARNs typed into one box: separated by commas, semicolons or white space. With `account`,
 * short names are expanded in it (`orders-processor` -> `arn:aws:iam::ACCOUNT:role/orders-processor`).
 */
export function parsePrincipalList(value: string, account?: string): string[] {
  return value
    .split(/[\s,;]+/)
    .filter((s) => s !== '')
    .map((s) => expandPrincipal(s, account));
}

/** A typed list of ARNs (short names expanded in `account`): the first bad entry's message, or one when the list must not be empty. */
export function validatePrincipalList(value: string, required: boolean, account?: string): string | undefined {
  const items = parsePrincipalList(value, account);
  if (items.length === 0) return required ? 'Enter at least one IAM role or user ARN (several: separate with commas).' : undefined;
  for (const item of items) {
    const problem = validatePrincipalArn(item);
    if (problem) return problem;
  }
  return undefined;
}

/** Every problem with a whole input, including the rules that tie the fields together. */
export function validateGenerateInput(input: GenerateInput): string[] {
  const problems: string[] = [];
  const push = (p: string | undefined) => p && problems.push(p);
  if (!SCOPES.includes(input.scope)) problems.push(`Unknown scope "${input.scope}": use bu, domain, app or team.`);
  if (!FORMATS.includes(input.format)) problems.push(`Unknown format "${input.format}": use json, tf or tf-doc.`);
  push(validateStage(input.stage));
  push(validateAccountId(input.account));
  push(validateScopeName(input.scopeName));
  for (const arn of [...input.admins, ...input.readers, ...input.writers]) push(validatePrincipalArn(arn));
  if (problems.length) return problems;
  if (input.scope !== 'bu' && input.admins.length === 0) {
    problems.push('Name at least one administrator (the role that deploys this policy must be one, or AWS refuses it: PutKeyPolicy lockout check).');
  }
  if (input.scope !== 'bu' && input.readers.length + input.writers.length === 0) {
    problems.push('Name at least one reader or writer: without them nobody can use the key.');
  }
  const users = new Set([...input.readers, ...input.writers].map((a) => a.trim()));
  for (const a of input.admins) {
    if (users.has(a.trim())) problems.push(`${a.trim()} is both an administrator and a data user: keep administrators separate from the principals that use the key.`);
  }
  return problems;
}
