import type { PNode, PString, Statement } from '../policy/model';
import { placeholdersIn, delimitedPlaceholders, type PlaceholderPart } from '../policy/placeholders';
import { conditionEntries, itemsOf } from '../policy/values';
import type { PolicyRule } from './types';

/** Condition keys whose value is one account: a whole-value placeholder there is an account to fill in. */
const ACCOUNT_KEYS = new Set(['kms:calleraccount', 'aws:principalaccount', 'aws:sourceaccount', 'aws:resourceaccount']);

export const placeholderValue: PolicyRule = {
  meta: {
    id: 'placeholder-value',
    severity: 'info',
    appliesTo: 'any-policy',
    fixable: false,
    summary: 'The policy holds placeholders such as YOUR_ACCOUNT_ID, ${AWS::AccountId} or {{account_id}}: reported once, then read as an account not known here (replaced before deployment?).',
  },
  check(ctx) {
    const found: { node: PString; part: PlaceholderPart }[] = [];
    for (const s of ctx.policy.statements) collect(s, found);
    if (found.length === 0) return;
    const distinct = [...new Set(found.map((f) => f.part.text))];
    const shown = distinct.slice(0, 3).map((t) => `"${t}"`).join(', ');
    const more = distinct.length > 3 ? ` and ${distinct.length - 3} more` : '';
    const times = found.length > 1 ? ` (${found.length} places)` : '';
    ctx.report({
      at: found[0].node,
      message:
        `${shown}${more} ${distinct.length > 1 ? 'look like placeholders' : 'looks like a placeholder'}${times}, replaced before deployment? ` +
        'Keyscope reads each as an account or value it cannot know: no rule judges it, and no principal it stands in is taken for another account. KMS rejects the policy if one is left in.',
    });
  },
};

/** The literal strings of a statement that hold a placeholder, with the first one each holds. */
function collect(s: Statement, out: { node: PString; part: PlaceholderPart }[]): void {
  const add = (n: PNode, whole: boolean) => {
    // A Terraform template's `${...}` is Terraform's own, evaluated where it can be: not a placeholder.
    if (n.kind !== 'string' || n.template) return;
    const parts = whole ? placeholdersIn(n.value) : inValue(n.value);
    if (parts.length) out.push({ node: n, part: parts[0] });
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
