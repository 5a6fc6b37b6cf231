/** Output formats of `keyscope access`: JSON for tools, Markdown for pull requests, aligned text for terminals. */
import { CAPABILITIES, CAPABILITY_LABELS, describeCondition, type AccessMatrix, type Capability, type PrincipalRow } from '../service';
import { escapeControls, safeJson } from './escape';

/**
 * `{ "policies": [ { "name", "keyAccount"?: { "id", "from", "text" }, "principals": [ { "id", "label", "actions",
 * "capabilities", "iam"?: { "kms:Decrypt": { "policy", "statement", "path", "line", "text" } } } ] } ] }`: `iam`
 * names the identity policy statement (line 1-based) that decided each cell an identity policy of the workspace decides.
 */
export function accessJson(matrices: AccessMatrix[]): string {
  const policies = matrices.map((m) => ({
    name: m.name,
    ...(m.keyAccount && m.keyAccountFrom ? { keyAccount: { id: m.keyAccount, from: m.keyAccountFrom, text: m.keyAccountText } } : {}),
    principals: m.rows.map((r) => ({
      id: r.id,
      label: r.label,
      actions: Object.fromEntries(Object.entries(r.actions).map(([a, d]) => [a, d.value])),
      capabilities: r.capabilities,
      ...iamSources(r),
    })),
  }));
  return safeJson({ policies }) + '\n';
}

/** The identity-policy statements that decided a row's cells, by action. */
function iamSources(r: PrincipalRow): { iam?: Record<string, { policy: string; statement: string; path: string; line: number; text?: string }> } {
  const out: Record<string, { policy: string; statement: string; path: string; line: number; text?: string }> = {};
  for (const [a, d] of Object.entries(r.actions)) if (d.iam) out[a] = { policy: d.iam.policy, statement: d.iam.statement, path: d.iam.path, line: d.iam.line + 1, ...(d.note ? { text: d.note } : {}) };
  return Object.keys(out).length ? { iam: out } : {};
}

const LEGEND: [string, string][] = [
  ['allow', 'the key policy alone allows it'],
  ['iam-allow', 'the key policy delegates to IAM, and an identity policy of the workspace allows it (listed)'],
  ['iam', "allowed if the principal's own IAM policy allows it (the account root is granted, or it is another account)"],
  ['conditional', 'allowed, or denied, only under the conditions listed'],
  ['deny', 'an explicit Deny applies'],
  ['none', 'not granted'],
];

/**
 * A capability cell with its counts: `allow (all)`, `conditional (2 of 5)`, or, when its actions differ,
 * `allow 14 · iam 5 of 19`; `none` and `deny` when no action is granted.
 */
function cellText(r: PrincipalRow, cap: Capability): string {
  const c = r.capabilities[cap];
  if (c.value === 'none' || c.value === 'deny') return c.value;
  return c.mixed ? c.text : `${c.value} (${c.text})`;
}

/**
 * The distinct open conditions of a row's conditional cells (an `iam` cell is granted either way), and what
 * identity policies of the workspace decided, with the actions each applies to.
 */
function rowConditions(r: PrincipalRow): string[] {
  const seen = new Set<string>();
  const decided = new Map<string, string[]>();
  for (const [a, d] of Object.entries(r.actions)) {
    if (d.iam && d.note && d.value !== 'conditional') {
      const list = decided.get(d.note) ?? [];
      decided.set(d.note, [...list, a.slice(4)]);
      continue;
    }
    if (d.value !== 'conditional') continue;
    for (const c of d.conditions) seen.add(describeCondition(c));
    if (d.note) seen.add(d.note);
  }
  return [...seen, ...[...decided].map(([note, actions]) => `${actions.join(', ')}: ${note}`)];
}

/** Markdown-escaped, line breaks as spaces, then control and bidi characters shown as escapes. */
const md = (s: string) => escapeControls(s.replace(/[\\|`*_[\]<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' '));
/** Terminal text: control and bidi characters from the policy shown as escapes. */
const plain = escapeControls;

export function accessMarkdown(matrices: AccessMatrix[]): string {
  if (matrices.length === 0) return 'No key policy found.\n';
  const out: string[] = [];
  for (const m of matrices) {
    out.push(`### Effective access: ${md(m.name)}`, '', plain(m.summary), '');
    if (m.keyAccountText) out.push(`Key account: ${md(m.keyAccountText)}`, '');
    out.push(`| Principal | ${CAPABILITIES.map((c) => CAPABILITY_LABELS[c]).join(' | ')} |`);
    out.push(`|---|${CAPABILITIES.map(() => '---').join('|')}|`);
    for (const r of m.rows) out.push(`| ${md(r.label)} | ${CAPABILITIES.map((c) => cellText(r, c)).join(' | ')} |`);
    const conds = m.rows.flatMap((r) => rowConditions(r).map((c) => `- ${md(r.label)}: ${md(c)}`));
    if (conds.length) out.push('', 'Conditions that remain open:', '', ...conds);
    out.push('');
  }
  out.push('Legend: ' + LEGEND.map(([v, t]) => `**${v}**: ${t}`).join('; ') + '. Counts are granted actions of the capability.', '');
  return out.join('\n');
}

export function accessText(matrices: AccessMatrix[]): string {
  if (matrices.length === 0) return 'No key policy found.\n';
  const out: string[] = [];
  for (const m of matrices) {
    out.push(`${plain(m.name)}: ${plain(m.summary)}`);
    if (m.keyAccountText) out.push(`key account: ${plain(m.keyAccountText)}`);
    const table = [['PRINCIPAL', ...CAPABILITIES.map((c) => CAPABILITY_LABELS[c].toUpperCase())], ...m.rows.map((r) => [plain(r.label), ...CAPABILITIES.map((c) => cellText(r, c))])];
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) out.push(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
    for (const r of m.rows) for (const c of rowConditions(r)) out.push(`  ${plain(r.label)}: ${plain(c)}`);
    out.push('');
  }
  out.push(LEGEND.map(([v, t]) => `${v}: ${t}`).join('\n'), '');
  return out.join('\n');
}
