import { addressOf, isKey, setting } from '../terraform/module/keys';
import { moduleIndex } from '../terraform/module/module-index';
import type { TerraformRule } from './types';

export const tfDefaultPolicy: TerraformRule = {
  meta: {
    id: 'tf-default-policy',
    severity: 'info',
    appliesTo: 'terraform',
    fixable: false,
    // A key block being written has no policy yet: said once it is written, on save or after a pause.
    wholePolicy: true,
    summary: 'A key with no policy gets the default key policy: IAM policies of its account decide who may use it.',
  },
  check(ctx) {
    // A block with a syntax error may hold a policy the parser could not read: no conclusion from its absence.
    const keys = ctx.file.resources.filter((b) => isKey(b) && !b.broken && setting(b, 'policy').state === 'absent');
    if (keys.length === 0) return;
    const index = moduleIndex(ctx.file);
    // An aws_kms_key_policy whose key_id is an expression (var.key_id) may attach to any of these keys.
    if (index.unresolvedKeyPolicy) return;
    for (const block of keys) {
      if (index.keyPolicies(addressOf(block)).length > 0) continue;
      ctx.report({
        at: block.headerSpan,
        message: `${addressOf(block)} has no key policy, so KMS gives it the default one: a single statement granting kms:* to the account root (arn:aws:iam::<account>:root). That does not open the key to everyone — it hands the decision to IAM: any user or role of the account whose IAM policy allows kms actions on this key may use and administer it. Write an explicit policy (policy = … or aws_kms_key_policy) to name who administers and who uses the key.`,
      });
    }
  },
};
