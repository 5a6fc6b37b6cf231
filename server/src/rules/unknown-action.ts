import { findAction, matchActions } from '../catalog';
import type { PString, Statement } from '../policy/model';
import { itemsOf } from '../policy/values';
import { actionSpellingFixes } from './helpers';
import type { PolicyRule } from './types';

export const unknownAction: PolicyRule = {
  meta: {
    id: 'unknown-action',
    severity: 'error',
    appliesTo: 'any-policy',
    fixable: true,
    accessAnalyzer: 'INVALID_ACTION',
    summary: 'A kms: action that does not exist, or a wildcard that matches none (did-you-mean fix).',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      for (const el of [s.action, s.notAction]) {
        for (const item of itemsOf(el?.value)) {
          if (item.kind !== 'string' || item.template) continue;
          const v = item.value;
          if (!/^kms:/i.test(v)) continue;
          if (v.includes('*') || v.includes('?')) {
            if (matchActions(v).length === 0) ctx.report({ at: item, message: `"${v}" matches no KMS action.` });
            continue;
          }
          const a = findAction(v);
          if (a) {
            // (Compared without building the canonical text: most values are written canonically.)
            if (v.length !== a.name.length + 4 || !v.startsWith('kms:') || !v.endsWith(a.name)) {
              // AWS matches action names case-insensitively: this works, it only reads oddly.
              ctx.report({
                at: item,
                message: `"${v}" works (action names are case-insensitive), but the canonical spelling is "kms:${a.name}".`,
                severity: 'hint',
                fixes: [{ kind: 'safe', title: `Use "kms:${a.name}"`, ops: [{ op: 'replace', node: item, value: `kms:${a.name}` }] }],
              });
            }
            continue;
          }
          report(ctx, item, s);
        }
      }
    }
  },
};

function report(ctx: Parameters<PolicyRule['check']>[0], item: PString, s: Statement): void {
  const { candidates, fixes } = actionSpellingFixes(item, item.value, s);
  const meant = candidates.length === 1 ? ` Did you mean "${candidates[0]}"?` : candidates.length ? ` Did you mean ${candidates.map((c) => `"${c}"`).join(' or ')}?` : '';
  ctx.report({ at: item, message: `"${item.value}" is not a KMS action.${meant}`, fixes });
}
