import { ACTIONS, CAPABILITY_LABELS, findAction, matchActions, type KmsAction } from '../catalog';
import { suggest } from '../catalog/suggest';
import { code } from './markdown';

const NAMES = ACTIONS.map((a) => `kms:${a.name}`);

/** One line on where an action works: a key policy, or only an IAM policy. */
function whereItWorks(a: KmsAction): string {
  return a.keyPolicy
    ? 'Works in a key policy (and in IAM policies).'
    : '**IAM policy only**: this action has no key resource, so it has no effect in a key policy. Grant it in an IAM policy.';
}

function capabilityOf(a: KmsAction): string {
  return a.capability ? CAPABILITY_LABELS[a.capability] : '—';
}

/** Hover markdown for one Action/NotAction value: a single action, a wildcard, or something else. */
export function describeActionValue(value: string, negated: boolean): string {
  const lead = negated ? '\n\n_NotAction: the statement applies to every action **except** the ones listed._' : '';
  if (value.includes('*') || value.includes('?')) return describeWildcard(value) + lead;
  const a = findAction(value);
  if (a) return describeAction(a, value) + lead;
  if (/^kms:/i.test(value)) {
    const s = suggest(value, NAMES);
    return `**${code(value)}** is not a KMS action.${s.length ? ` Did you mean ${code(s[0])}?` : ''}`;
  }
  return `**${code(value)}** is not a KMS action: it belongs to another service and has no effect in a key policy.`;
}

function describeAction(a: KmsAction, written: string): string {
  const lines = [
    `**\`kms:${a.name}\`**`,
    '',
    a.description.endsWith('.') ? a.description : `${a.description}.`,
    '',
    `| Access level | Capability |`,
    `|---|---|`,
    `| ${a.accessLevel} | ${capabilityOf(a)} |`,
    '',
    whereItWorks(a),
  ];
  if (written !== `kms:${a.name}`) lines.push('', `Action names are case-insensitive; the canonical spelling is \`kms:${a.name}\`.`);
  return lines.join('\n');
}

const MAX_LISTED = 60;

function describeWildcard(value: string): string {
  const matched = value === '*' ? [...ACTIONS] : matchActions(value);
  if (matched.length === 0) return `**${code(value)}** matches no KMS action.`;
  const iamOnly = matched.filter((a) => !a.keyPolicy);
  const head = `**${code(value)}** matches ${matched.length} KMS action${matched.length === 1 ? '' : 's'}` +
    (iamOnly.length ? ` (${iamOnly.length} of them IAM-policy-only, without effect in a key policy)` : '') + ':';
  const rows = matched.slice(0, MAX_LISTED).map((a) => `| kms:${a.name} | ${a.accessLevel} | ${a.keyPolicy ? capabilityOf(a) : 'IAM policy only'} |`);
  const more = matched.length > MAX_LISTED ? [`| … and ${matched.length - MAX_LISTED} more | | |`] : [];
  // `*` also matches every other service's actions; in a key policy only the KMS ones mean anything.
  const note = /^(kms:)?\*$/i.test(value) ? ['', 'This is every KMS permission, including changing the key policy.'] : [];
  return [head, '', '| Action | Access level | Capability |', '|---|---|---|', ...rows, ...more, ...note].join('\n');
}
