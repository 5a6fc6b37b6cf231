import { CONDITION_KEYS, findConditionKey } from '../catalog';
import { conditionEntries, isTemplateString } from '../policy/values';
import { suggest } from '../catalog/suggest';
import type { PolicyRule } from './types';

const PATTERN_END = /(\$\{[^}]*\}|tag-key)$/;
const EXACT = CONDITION_KEYS.filter((k) => !PATTERN_END.test(k.key)).map((k) => k.key);
// Pattern keys (kms:EncryptionContext:${...}, aws:PrincipalTag/tag-key) are matched by their fixed prefix.
const PREFIXES = [...new Set(CONDITION_KEYS.filter((k) => PATTERN_END.test(k.key)).map((k) => k.key.replace(PATTERN_END, '')))];

export const unknownConditionKey: PolicyRule = {
  meta: {
    id: 'unknown-condition-key',
    severity: 'error',
    appliesTo: 'key-policy',
    fixable: true,
    accessAnalyzer: 'INVALID_CONDITION_KEY',
    summary: 'A condition key KMS requests never carry: misspelt, or of another service (did-you-mean fix).',
  },
  check(ctx) {
    for (const s of ctx.policy.statements) {
      for (const c of conditionEntries(s)) {
        const key = c.key;
        if (c.keyProp.keySymbolic || isTemplateString(key)) continue;
        const at = { span: c.keyProp.keySpan };
        const info = findConditionKey(key);
        if (info) {
          const canonical = canonicalSpelling(key, info.key);
          if (canonical !== key) {
            // Condition key names are case-insensitive in AWS: this works, it only reads oddly.
            ctx.report({
              at,
              severity: 'hint',
              message: `"${key}" works (condition key names are case-insensitive), but the canonical spelling is "${canonical}".`,
              fixes: [{ kind: 'safe', title: `Use "${canonical}"`, ops: [{ op: 'renameKey', prop: c.keyProp, key: canonical }] }],
            });
          }
          continue;
        }
        const colon = key.indexOf(':');
        const service = colon > 0 ? key.slice(0, colon) : '';
        if (service && !/^(kms|aws)$/i.test(service)) {
          ctx.report({ at, message: `"${key}" is a condition key of ${service}, not of KMS: KMS requests never carry it, so this condition never matches.` });
          continue;
        }
        // Renaming onto a key the operator already has would duplicate it.
        const siblings = c.operatorProp.value.kind === 'object' ? c.operatorProp.value.props.map((p) => p.key) : [];
        const candidates = candidatesFor(key).filter((n) => !siblings.includes(n));
        ctx.report({
          at,
          message: `"${key}" is not a KMS or global condition key: requests never carry it, so this condition never matches.` + (candidates.length ? ` Did you mean "${candidates[0]}"?` : ''),
          // Requests never carry the misspelt key, so the condition decides the same way for every caller; once
          // respelt it tests something real, and who the statement applies to changes.
          fixes: candidates.map((n) => ({
            kind: 'suggestion' as const,
            title: `Change to "${n}"`,
            change: `the condition then tests ${n}, which changes whom the statement applies to`,
            ops: [{ op: 'renameKey' as const, prop: c.keyProp, key: n }],
          })),
        });
      }
    }
  },
};

/** Did-you-mean candidates: close exact keys, and a pattern key whose prefix is misspelt (its suffix kept). */
function candidatesFor(key: string): string[] {
  const out = suggest(key, EXACT);
  for (const prefix of PREFIXES) {
    const i = key.indexOf(prefix[prefix.length - 1], 4);
    if (i < 0 || i === key.length - 1) continue;
    if (suggest(key.slice(0, i + 1), [prefix], 1).length) out.push(prefix + key.slice(i + 1));
  }
  return out.slice(0, 3);
}

/** The catalogue's spelling of `key`; for a pattern key only its fixed prefix is respelt (the suffix is the user's). */
function canonicalSpelling(key: string, pattern: string): string {
  const prefix = pattern.replace(PATTERN_END, '');
  if (prefix === pattern) return pattern;
  return prefix + key.slice(prefix.length);
}
