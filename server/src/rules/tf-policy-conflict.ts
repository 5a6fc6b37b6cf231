import { addressOf, isKey, referencedKey, setting } from '../terraform/module/keys';
import { moduleIndex } from '../terraform/module/module-index';
import type { TerraformFile, TfBlock } from '../terraform/model';
import type { TerraformRule } from './types';

export const tfPolicyConflict: TerraformRule = {
  meta: {
    id: 'tf-policy-conflict',
    severity: 'error',
    appliesTo: 'terraform',
    fixable: false,
    summary: 'A key whose policy is set twice (inline policy and aws_kms_key_policy, or two aws_kms_key_policy).',
  },
  check(ctx) {
    const rs = ctx.file.resources;
    if (!rs.some((b) => isKey(b) || b.type === 'aws_kms_key_policy')) return;
    const index = moduleIndex(ctx.file);
    const where = (b: TfBlock, f: TerraformFile) => `${addressOf(b)}${f === ctx.file ? '' : ` (${baseName(f.path)})`}`;
    for (const block of rs) {
      if (!isKey(block)) continue;
      const inline = setting(block, 'policy');
      const attached = index.keyPolicies(addressOf(block));
      if (inline.state === 'absent' || attached.length === 0) continue;
      ctx.report({
        at: inline.attr.nameSpan,
        message: `${addressOf(block)} sets its policy inline and ${attached.map((a) => where(a.block, a.file)).join(', ')} sets it too. Both write the same key policy, so each apply overwrites the other and the policy in force depends on the order: keep one.`,
      });
    }
    for (const block of rs) {
      if (block.blockType !== 'resource' || block.type !== 'aws_kms_key_policy') continue;
      const keyId = block.attributes.find((a) => a.name === 'key_id');
      const key = referencedKey(keyId);
      if (!key || !keyId) continue;
      const owner = index.keyDeclaration(key);
      if (!owner) continue;
      const others = index.keyPolicies(key, owner.file).filter((r) => r.block !== block);
      // The pair inline policy + this resource is reported at the inline policy when the key is in this file.
      const inlineElsewhere = owner.file !== ctx.file && setting(owner.block, 'policy').state !== 'absent';
      if (!inlineElsewhere && others.length === 0) continue;
      const rivals = [...(inlineElsewhere ? [`the inline policy of ${where(owner.block, owner.file)}`] : []), ...others.map((o) => where(o.block, o.file))];
      ctx.report({
        at: keyId.span,
        message: `${addressOf(block)} sets the policy of ${key}, and so does ${rivals.join(' and ')}. Each apply overwrites the other and the policy in force depends on the order: keep one.`,
      });
    }
  },
};

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
