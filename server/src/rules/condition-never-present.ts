import { canonicalKeyPattern, type KmsAction } from '../catalog';
import { resultWhenAbsent } from '../policy/conditions';
import { actionItems, type ActionItem } from '../policy/statement-actions';
import { conditionEntries, effectOf } from '../policy/values';
import type { PolicyRule } from './types';

export const conditionNeverPresent: PolicyRule = {
  meta: {
    id: 'condition-never-present',
    severity: 'warning',
    appliesTo: 'key-policy',
    fixable: false,
    summary: 'A kms: condition key that requests for the statement\'s actions never carry.',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      const effect = effectOf(s);
      if (!effect || s.notAction) continue;
      let seen: Set<string> | undefined;
      for (const e of conditionEntries(s)) {
        // Global aws: keys are present whenever their context applies; only kms: keys are per action.
        if (!KMS_KEY.test(e.key) || seen?.has(e.key.toLowerCase())) continue;
        const { items, complete } = actionItems(s);
        if (!complete) break;
        const canon = canonicalKeyPattern(e.key);
        if (!canon) continue; // unknown keys are unknown-condition-key's concern
        const missing = lacking(items, canon);
        if (missing.length === 0) continue;
        (seen ??= new Set()).add(e.key.toLowerCase());
        const names = missing.map((a) => `kms:${a.name}`).join(', ');
        const never = `their requests never carry ${e.key}`;
        const absent = resultWhenAbsent(e);
        let message: string;
        if (absent === false) message = effect === 'Allow' ? `This Allow can never apply to ${names}: ${never}, so "${e.operator}" is always false for them.` : `This Deny never protects ${names}: ${never}, so "${e.operator}" is always false for them.`;
        else if (absent === true)
          message =
            effect === 'Allow'
              ? `This condition does not restrict ${names}: ${never}, and "${e.operator}" passes when the key is absent.`
              : `This Deny applies to ${names} unconditionally: ${never}, and "${e.operator}" passes when the key is absent.`;
        else message = `Requests for ${names} never carry ${e.key}: this test cannot apply to them.`;
        ctx.report({ at: { span: e.keyProp.keySpan }, message, data: { actions: missing.map((a) => a.name) } });
      }
    }
  },
};

const KMS_KEY = /^kms:/i;

/** The actions of `items` whose requests never carry the key `canon` (the ones the finding names). */
function lacking(items: readonly ActionItem[], canon: string): KmsAction[] {
  const lacks = (a: KmsAction) => !a.conditionKeys.includes(canon);
  // Usually every action carries the key: nothing to list.
  if (!items.some((i) => i.actions.some((a) => a.keyPolicy && lacks(a)))) return [];
  // Actions named one by one are each meant to be governed by the condition; a wildcard is expected to
  // cover some actions the condition does not apply to, so it only counts when no action carries the key.
  const named = unique(items.filter((a) => !/[*?]/.test(a.item.value)).flatMap((a) => a.actions)).filter((a) => a.keyPolicy);
  const all = unique(items.flatMap((a) => a.actions)).filter((a) => a.keyPolicy);
  return all.length > 0 && all.every(lacks) ? all : named.filter(lacks);
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
