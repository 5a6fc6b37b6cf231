/**
 * The same policy written in each Terraform form, for tests that check a rule (or a fix) behaves the same in
 * JSON and in every form. The generators are deliberately independent of the writers under test.
 */
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export type Form = 'jsonencode' | 'heredoc' | 'policy-document';
export const FORMS: Form[] = ['jsonencode', 'heredoc', 'policy-document'];

const str = (s: string) => JSON.stringify(s).replace(/\$\{/g, () => '$${');
const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k));

/** HCL object syntax as `terraform fmt` writes it: `=` aligned, lists of scalars inline. */
function hcl(v: Json, indent: string): string {
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => hcl(x, indent)).join(', ')}]`;
    const inner = indent + '  ';
    return `[\n${v.map((x) => inner + hcl(x, inner)).join(',\n')},\n${indent}]`;
  }
  if (v !== null && typeof v === 'object') {
    const inner = indent + '  ';
    const keys = Object.keys(v).map(key);
    const w = Math.max(0, ...keys.map((k) => k.length));
    return `{\n${Object.values(v).map((x, i) => `${inner}${keys[i].padEnd(w)} = ${hcl(x, inner)}`).join('\n')}\n${indent}}`;
  }
  return typeof v === 'string' ? str(v) : JSON.stringify(v);
}

export function asJsonencode(policy: Json): string {
  return `resource "aws_kms_key" "app" {\n  description = "app"\n  policy = jsonencode(${hcl(policy, '  ')})\n}\n`;
}

export function asHeredoc(policy: Json): string {
  return `resource "aws_kms_key" "app" {\n  description = "app"\n  policy      = <<-EOF\n${JSON.stringify(policy, null, 2).replace(/^/gm, '    ')}\n  EOF\n}\n`;
}

const list = (v: Json): Json[] => (Array.isArray(v) ? v : [v]);
const ATTRS: [string, string][] = [['Sid', 'sid'], ['Effect', 'effect'], ['Action', 'actions'], ['NotAction', 'not_actions'], ['Resource', 'resources'], ['NotResource', 'not_resources']];

function attrs(pairs: [string, Json][], indent: string): string[] {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(w)} = ${hcl(v, indent)}`);
}

/** An `aws_iam_policy_document`, or undefined when the policy has an element the data source cannot express. */
export function asPolicyDocument(policy: Json): string | undefined {
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) return undefined;
  const lines: string[] = ['data "aws_iam_policy_document" "key" {'];
  if (typeof policy.Version === 'string') lines.push(`  version = ${str(policy.Version)}`);
  for (const s of list(policy.Statement ?? [])) {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return undefined;
    if (Object.keys(s).some((k) => !['Principal', 'NotPrincipal', 'Condition', ...ATTRS.map((a) => a[0])].includes(k))) return undefined;
    lines.push('', '  statement {');
    const pairs = ATTRS.filter(([k]) => s[k] !== undefined).map(([k, a]): [string, Json] => [a, k === 'Sid' || k === 'Effect' ? s[k] : list(s[k])]);
    if (pairs.length) lines.push(...attrs(pairs, '    '));
    for (const [k, kw] of [['Principal', 'principals'], ['NotPrincipal', 'not_principals']] as const) {
      const p = s[k];
      if (p === undefined) continue;
      const entries: [string, Json][] = p === '*' ? [['*', ['*']]] : p !== null && typeof p === 'object' && !Array.isArray(p) ? Object.entries(p) : [];
      if (!entries.length) return undefined;
      for (const [type, ids] of entries) lines.push('', `    ${kw} {`, ...attrs([['type', type], ['identifiers', list(ids)]], '      '), '    }');
    }
    const c = s.Condition;
    if (c !== undefined) {
      if (c === null || typeof c !== 'object' || Array.isArray(c)) return undefined;
      for (const [test, keys] of Object.entries(c)) {
        if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) return undefined;
        for (const [variable, values] of Object.entries(keys)) {
          lines.push('', '    condition {', ...attrs([['test', test], ['variable', variable], ['values', list(values).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))]], '      '), '    }');
        }
      }
    }
    lines.push('  }');
  }
  lines.push('}', '', 'resource "aws_kms_key" "app" {', '  description = "app"', '  policy      = data.aws_iam_policy_document.key.json', '}', '');
  return lines.join('\n');
}

export function asForm(form: Form, policy: Json): string | undefined {
  return form === 'jsonencode' ? asJsonencode(policy) : form === 'heredoc' ? asHeredoc(policy) : asPolicyDocument(policy);
}
