import { removeAttributes, setAttribute } from '../terraform/write/hcl-attributes';
import { boolOf, profileOf, setting, type KeyProfile } from '../terraform/module/keys';
import type { TfAttribute } from '../terraform/model';
import type { TerraformRule } from './types';

export const tfKeyRotation: TerraformRule = {
  meta: {
    id: 'tf-key-rotation',
    severity: 'warning',
    appliesTo: 'terraform',
    fixable: true,
    summary: 'A symmetric encryption key without automatic rotation; rotation set on a key that cannot rotate (error).',
  },
  check(ctx) {
    for (const block of ctx.file.resources) {
      // Imported (aws_kms_external_key) and replica keys have no rotation setting of their own.
      if (block.blockType !== 'resource' || block.type !== 'aws_kms_key') continue;
      const rotation = setting(block, 'enable_key_rotation');
      const on = boolOf(rotation);
      if (rotation.state === 'symbolic' || (rotation.state === 'literal' && on === undefined)) continue;
      const blocker = rotationBlocker(profileOf(block));
      if (blocker === undefined) continue; // symbolic spec, usage or key store: not known statically
      if (blocker === null && on !== true) {
        ctx.report({
          at: rotation.state === 'literal' ? rotation.attr.valueSpan : block.headerSpan,
          message: `Automatic rotation is off for symmetric encryption key ${block.type}.${block.name}. Set enable_key_rotation = true: KMS then rotates the key material every year (or every rotation_period_in_days) and keeps the old material to decrypt existing data.`,
          // In a block with a syntax error, where the attribute would go is not known.
          fixes: block.broken
            ? []
            : [
                {
                  kind: 'suggestion',
                  title: 'Set enable_key_rotation = true',
                  change: 'KMS then rotates the key material every year',
                  edits: setAttribute(ctx.text, block, 'enable_key_rotation', 'true'),
                },
              ],
        });
      } else if (blocker && on === true && rotation.state === 'literal') {
        const remove: TfAttribute[] = [rotation.attr];
        // rotation_period_in_days is only accepted together with enable_key_rotation.
        const period = block.attributes.find((a) => a.name === 'rotation_period_in_days');
        if (period) remove.push(period);
        ctx.report({
          at: rotation.attr.span,
          severity: 'error',
          message: `enable_key_rotation = true on ${blocker}: KMS rotates only symmetric encryption keys whose material it generated, so it rejects this setting. Remove it (rotate such a key manually by creating a new key and moving its alias).`,
          // The setting cannot take effect (AWS rejects it): removing it changes nothing the key does.
          fixes: block.broken ? [] : [{ kind: 'safe', title: 'Remove enable_key_rotation', edits: removeAttributes(ctx.text, block, remove) }],
        });
      }
    }
  },
};

/**
 * Why a key cannot rotate automatically (a phrase for the message), null when it can, undefined when its spec,
 * usage or key store is not known statically.
 */
function rotationBlocker(p: KeyProfile): string | null | undefined {
  if (p.spec === undefined || p.usage === undefined || p.customStore === undefined) return undefined;
  if (p.spec.startsWith('HMAC_')) return `an HMAC key (${p.spec})`;
  if (p.spec !== 'SYMMETRIC_DEFAULT') return `an asymmetric key (${p.spec})`;
  if (p.usage !== 'ENCRYPT_DECRYPT') return `a key with usage ${p.usage}`;
  if (p.customStore) return 'a key in a custom key store';
  return null;
}
