import type { PNode, PString, Statement, TextEdit } from '../policy/model';
import { arnAccount, isPlaceholderToken, placeholdersIn, delimitedPlaceholders, type PlaceholderPart } from '../policy/placeholders';
import type { AccountInfo } from '../settings';
import { conditionEntries, itemsOf } from '../policy/values';
import type { FixSpec, PolicyRule } from './types';

/** Condition keys whose value is one account: a whole-value placeholder there is an account to fill in. */
const ACCOUNT_KEYS = new Set(['kms:calleraccount', 'aws:principalaccount', 'aws:sourceaccount', 'aws:resourceaccount']);

export const placeholderValue: PolicyRule = {
  meta: {
    id: 'placeholder-value',
    severity: 'info',
    appliesTo: 'any-policy',
    fixable: true,
    summary: 'The policy holds placeholders such as YOUR_ACCOUNT_ID, ${AWS::AccountId} or {{account_id}}: reported once, then read as an account not known here (replaced before deployment?).',
  },
  check(ctx) {
    const found: Found[] = [];
    for (const s of ctx.policy.statements) collect(s, found);
    if (found.length === 0) return;
    const distinct = [...new Set(found.map((f) => f.part.text))];
    const shown = distinct.slice(0, 3).map((t) => `"${t}"`).join(', ');
    const more = distinct.length > 3 ? ` and ${distinct.length - 3} more` : '';
    const times = found.length > 1 ? ` (${found.length} places)` : '';
    ctx.report({
      at: found[0].node,
      fixes: accountFixes(found, ctx.settings.accounts ?? {}, ctx.text),
      message:
        `${shown}${more} ${distinct.length > 1 ? 'look like placeholders' : 'looks like a placeholder'}${times}, replaced before deployment? ` +
        'Keyscope reads each as an account or value it cannot know: no rule judges it, and no principal it stands in is taken for another account. KMS rejects the policy if one is left in.',
    });
  },
};

interface Found {
  node: PString;
  part: PlaceholderPart;
  /** The placeholder standing for an account in the value: the whole value where one is expected, or an ARN's account. */
  account?: string;
}

/** The placeholder that stands for an account in `value`, if one does. */
function accountPlaceholder(value: string, whole: boolean): string | undefined {
  if (whole && isPlaceholderToken(value)) return value;
  const account = arnAccount(value);
  return account && !/^\d{12}$/.test(account) && isPlaceholderToken(account, true) ? account : undefined;
}

/**
 * One suggestion per placeholder account and account of `keyscope.accounts`: writes that account wherever the
 * placeholder's text is in the file (a `$${` escape of HCL included), never an example account.
 */
function accountFixes(found: Found[], accounts: Record<string, AccountInfo>, text: string): FixSpec[] {
  const placeholders = [...new Set(found.map((f) => f.account).filter((a): a is string => a !== undefined))].slice(0, 3);
  const fixes: FixSpec[] = [];
  for (const placeholder of placeholders) {
    const at = occurrences(text, placeholder);
    if (at.length === 0) continue;
    for (const [id, info] of Object.entries(accounts).slice(0, 20)) {
      if (!/^\d{12}$/.test(id)) continue;
      const name = [info.name, info.stage].filter(Boolean).join(', ');
      const places = at.length === 1 ? '1 place' : `${at.length} places`;
      fixes.push({
        kind: 'suggestion',
        title: `Replace placeholder account ${placeholder} with ${id}${name ? ` (${name})` : ''} everywhere in this file`,
        change: `${places}: the principals and conditions written with it then name account ${id}`,
        edits: at.map((span) => ({ ...span, newText: id })),
      });
    }
  }
  return fixes;
}

const WORD = /[\w-]/;

/** Every place `needle` is written in `text` (at most 500), with the `$` of an HCL `$${` escape before it. */
function occurrences(text: string, needle: string): Omit<TextEdit, 'newText'>[] {
  const out: Omit<TextEdit, 'newText'>[] = [];
  const wordy = WORD.test(needle[0]) && WORD.test(needle[needle.length - 1]);
  for (let i = text.indexOf(needle); i >= 0 && out.length < 500; i = text.indexOf(needle, i + needle.length)) {
    // `ACCOUNT_ID` is not replaced inside `SOURCE_ACCOUNT_ID`.
    if (wordy && (WORD.test(text[i - 1] ?? '') || WORD.test(text[i + needle.length] ?? ''))) continue;
    const escaped = needle.startsWith('${') && text[i - 1] === '$';
    out.push({ start: escaped ? i - 1 : i, end: i + needle.length });
  }
  return out;
}

/** The literal strings of a statement that hold a placeholder, with the first one each holds. */
function collect(s: Statement, out: Found[]): void {
  const add = (n: PNode, whole: boolean) => {
    // A Terraform template's `${...}` is Terraform's own, evaluated where it can be: not a placeholder.
    if (n.kind !== 'string' || n.template) return;
    const parts = whole ? placeholdersIn(n.value) : inValue(n.value);
    if (parts.length) out.push({ node: n, part: parts[0], account: accountPlaceholder(n.value, whole) });
  };
  for (const el of [s.principal, s.notPrincipal]) {
    const v = el?.value;
    if (v?.kind === 'object') for (const p of v.props) for (const item of itemsOf(p.value)) add(item, p.key === 'AWS');
  }
  for (const el of [s.resource, s.notResource]) for (const item of itemsOf(el?.value)) add(item, false);
  for (const e of conditionEntries(s)) for (const v of e.values) add(v, ACCOUNT_KEYS.has(e.key.toLowerCase()));
}

/** Placeholders inside a value that is not itself an account: delimited ones, or an ARN's account segment. */
function inValue(value: string): PlaceholderPart[] {
  const delimited = delimitedPlaceholders(value);
  if (delimited.length) return delimited;
  return value.startsWith('arn:') ? placeholdersIn(value) : [];
}
