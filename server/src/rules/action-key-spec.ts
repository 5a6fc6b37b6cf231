import { findAction } from '../catalog';
import { unservable } from '../catalog/key-spec';
import type { PArray, PNode, PolicySource } from '../policy/model';
import { effectOf, itemsOf } from '../policy/values';
import { addressOf, keyFactsOf } from '../terraform/module/keys';
import { moduleIndex } from '../terraform/module/module-index';
import type { TerraformFile, TfBlock } from '../terraform/model';
import type { FixSpec, TerraformRule } from './types';

export const actionKeySpec: TerraformRule = {
  meta: {
    id: 'action-key-spec',
    severity: 'warning',
    appliesTo: 'terraform',
    fixable: true,
    summary: "An action the key cannot serve: Sign on an encryption key, GenerateMac on a non-HMAC key, ReplicateKey on a single-Region key.",
  },
  check(ctx) {
    const withOwner = ctx.sources.filter((s) => (s.owner || s.kind === 'tf-policy-document') && s.policy.statements.length > 0);
    if (withOwner.length === 0) return;
    const index = moduleIndex(ctx.file);
    for (const source of withOwner) {
      const keys = index.keysOf(ownerOf(source, ctx.file));
      for (const s of source.policy.statements) {
        // Only explicit names in an Allow: a wildcard matches whatever applies, and a Deny of an impossible
        // action does no harm.
        if (effectOf(s) !== 'Allow' || !s.action) continue;
        const items = itemsOf(s.action.value);
        for (const item of items) {
          if (item.kind !== 'string' || item.template || /[*?]/.test(item.value)) continue;
          const action = findAction(item.value);
          if (!action) continue;
          const reasons = keys.map((k) => [k, unservable(action.name, keyFactsOf(k))] as const).filter((r): r is [TfBlock, string] => r[1] !== undefined);
          // A document shared by several keys: the action is pointless only if no key can serve it.
          if (reasons.length === 0 || reasons.length < keys.length) continue;
          const [key, why] = reasons[0];
          ctx.report({
            at: source.reportAt ?? item.span,
            message: `"${item.value}" grants nothing on ${addressOf(key)}: ${why}.`,
            fixes: source.reportAt ? [] : removal(source, s.action.value, item),
            data: { key: addressOf(key), action: action.name },
          });
        }
      }
    }
  },
};

/**
 * Whom a policy belongs to. A policy document is named by its own address, so that every key using it is
 * considered (the source's owner names only one of them).
 */
function ownerOf(source: PolicySource, file: TerraformFile): string | undefined {
  if (source.kind === 'tf-policy-document') {
    const doc = file.resources.find((b) => b.blockType === 'data' && b.type === 'aws_iam_policy_document' && b.span.start <= source.span.start && source.span.start < b.span.end);
    if (doc) return `data.${doc.type}.${doc.name}`;
  }
  return source.owner;
}


/** Removing the action from its list; not offered for a lone action (the statement would be left with none). */
function removal(source: PolicySource, value: PNode, item: PNode): FixSpec[] {
  if (value.kind !== 'array' || value.items.length < 2) return [];
  const edits = source.writer.write([{ op: 'removeItem', array: value as PArray, item }]);
  // The access matrix (which does not read the key spec) counts the grant, and a document shared by keys may
  // later serve one that can: removing it is a suggestion.
  const shown = (item as { value: string }).value;
  return edits ? [{ kind: 'suggestion', title: `Remove "${shown}"`, change: `removes the grant of ${shown}, which this key cannot serve`, edits }] : [];
}
