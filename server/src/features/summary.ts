import { actionsOfCapability, CAPABILITIES, KEY_POLICY_ACTIONS, type Capability, type KmsAction } from '../catalog';
import type { Statement } from '../policy/model';
import { conditionEntries, effectOf, principalEntries } from '../policy/values';
import type { AccountInfo } from '../settings';
import { conditionPhrase, orList, renderCondition } from './condition-phrase';
import { principalOf, principalPhrase } from './principal';
import { actionCoverage } from '../policy/statement-actions';
import { code } from './markdown';

/** What each capability lets a principal do, as a verb phrase. */
const DOING: Record<Exclude<Capability, 'readData' | 'writeData'>, string> = {
  administer: 'administer this key',
  destroy: 'delete this key',
  readConfig: "read this key's configuration",
};

const MAX_PRINCIPALS = 3;

/**
 * A plain-English sentence for a statement: who, what (from the capabilities of its actions), and under
 * which conditions. "Lets role orders-app read and write data with this key, only via s3.eu-west-1.amazonaws.com."
 */
export function summarizeStatement(s: Statement, accounts: Record<string, AccountInfo>): string {
  const effect = effectOf(s);
  if (!effect) return 'This statement has no valid Effect (`Allow` or `Deny`), so AWS rejects the policy.';
  const who = subject(s, accounts);
  const { actions, named, foreign, partial, negated } = actionCoverage(s);
  const what = doing(actions.filter((a) => a.keyPolicy));
  const conditions = conditionEntries(s).map((c) => renderCondition(conditionPhrase(c, accounts), effect));
  const tail = conditions.length ? `, ${orList(conditions, 'and')}` : '';
  let sentence: string;
  if (!actions.some((a) => a.keyPolicy) && partial) {
    sentence = `${effect === 'Allow' ? 'Lets' : 'Denies'} ${who} ${effect === 'Allow' ? '' : 'the right to '}use the actions a Terraform expression gives (known only at apply time)${tail}`;
  } else if (!actions.some((a) => a.keyPolicy)) {
    sentence = `${effect === 'Allow' ? 'Grants' : 'Denies'} ${who} nothing this key can use`;
  } else if (effect === 'Allow') {
    sentence = `Lets ${who} ${what}${tail}`;
  } else {
    sentence = `Denies ${who} the right to ${what}${tail}`;
  }
  const notes: string[] = [];
  if (negated) notes.push('(NotAction: every KMS action except the ones listed.)');
  const iamOnly = named.filter((a) => !a.keyPolicy).length;
  if (iamOnly) notes.push(`${iamOnly} IAM-only action${iamOnly === 1 ? '' : 's'} here ha${iamOnly === 1 ? 's' : 've'} no effect in a key policy.`);
  if (foreign.length) notes.push(`${orList(foreign.map((f) => `${code(f)}`), 'and')} ${foreign.length === 1 ? 'is' : 'are'} not KMS action${foreign.length === 1 ? '' : 's'}.`);
  if (partial && actions.some((a) => a.keyPolicy)) notes.push('Some actions are Terraform expressions, known only at apply time.');
  if (!s.resource && !s.notResource) notes.push('Without a Resource the statement has no effect.');
  return [`${sentence}.`, ...notes].join(' ');
}

function subject(s: Statement, accounts: Record<string, AccountInfo>): string {
  const el = s.principal ?? s.notPrincipal;
  if (!el) return 'nobody (no Principal: a key policy statement needs one)';
  const entries = principalEntries(el);
  const names = entries.map((e) => principalPhrase(principalOf(e.type, e.node), accounts));
  const listed = names.length > MAX_PRINCIPALS ? [...names.slice(0, MAX_PRINCIPALS), `${names.length - MAX_PRINCIPALS} other principals`] : names;
  const list = orList(listed, 'and') || 'nobody';
  return s.principal ? list : `everyone except ${list}`;
}

/** Verb phrases for the capabilities a set of actions covers; partly covered ones name their actions. */
function doing(actions: KmsAction[]): string {
  if (actions.length === 0) return 'nothing';
  if (actions.length === KEY_POLICY_ACTIONS.length) return 'do everything with this key, including changing its policy';
  const parts: string[] = [];
  const covered = (cap: Capability) => actions.filter((a) => a.capability === cap);
  const suffix = (cap: Capability) => {
    const have = covered(cap);
    const all = actionsOfCapability(cap);
    if (have.length === all.length) return '';
    return have.length <= 3 ? ` (${have.map((a) => a.name).join(', ')})` : ` (${have.length} of ${all.length} actions)`;
  };
  const read = covered('readData').length > 0;
  const write = covered('writeData').length > 0;
  for (const cap of CAPABILITIES) {
    if (cap === 'readData' || cap === 'writeData') {
      if (cap === 'writeData') continue;
      // Which data actions apply depends on the key's type (Sign only for signing keys, ...), so "some of
      // them" is not worth saying: a symmetric key's users rightly lack Sign and Verify.
      if (read && write) parts.push('read and write data with this key');
      else if (read) parts.push('read data with this key');
      else if (write) parts.push('write data with this key');
      continue;
    }
    if (covered(cap).length) parts.push(`${DOING[cap]}${suffix(cap)}`);
  }
  return orList(parts, 'and');
}
