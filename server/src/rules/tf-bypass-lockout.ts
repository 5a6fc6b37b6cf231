import { removeAttributes } from '../terraform/write/hcl-attributes';
import { boolOf, isKey, setting } from '../terraform/module/keys';
import type { TerraformRule } from './types';

export const tfBypassLockout: TerraformRule = {
  meta: {
    id: 'tf-bypass-lockout',
    severity: 'warning',
    appliesTo: 'terraform',
    fixable: true,
    summary: 'bypass_policy_lockout_safety_check = true lets a key policy lock everyone out of the key.',
  },
  check(ctx) {
    for (const block of ctx.file.resources) {
      if (!isKey(block) && !(block.blockType === 'resource' && block.type === 'aws_kms_key_policy')) continue;
      const s = setting(block, 'bypass_policy_lockout_safety_check');
      if (s.state !== 'literal' || boolOf(s) !== true) continue;
      ctx.report({
        at: s.attr.span,
        message: `${block.type}.${block.name} skips the policy lockout safety check: KMS will accept a key policy that does not let the caller change it again. If no one else can, the key becomes unmanageable and only AWS Support can recover it.`,
        fixes: [
          {
            kind: 'suggestion',
            title: 'Remove bypass_policy_lockout_safety_check',
            change: 'KMS then refuses a key policy that would lock the caller out',
            edits: removeAttributes(ctx.text, block, [s.attr]),
          },
        ],
      });
    }
  },
};
