import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { nodeHost } from '../../../server/src/node-host';
import { createKeyscope } from '../../../server/src/service';
import { initTerraform } from '../../../server/src/terraform';
import { clearParseCache, parseCacheSize } from '../../../server/src/terraform/syntax/cache';
import { allSpans, extract, policyOf, slice } from '../../helpers/terraform';
import { corpusSuite, FORMS } from '../../helpers/corpus';


const TF = `resource "aws_kms_key" "app" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["kms:Decrypt", "kms:Encrpt"]
      Resource  = "*"
    }]
  })
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = ["111122223333"]
    }
  }
}
resource "aws_kms_key" "b" {
  policy = <<-EOF
    {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "\${var.x}"}, "Action": "kms:*", "Resource": "*"}]}
    EOF
}
`;

describe('terraform: robustness and incremental parsing', () => {
  before(() => initTerraform());

  it('never throws on half-typed HCL, and every span stays inside the text', () => {
    for (let end = 0; end <= TF.length; end += 3) {
      const text = TF.slice(0, end);
      const result = analyze({ path: '/ws/typing.tf', text });
      for (const s of result.sources) for (const sp of s.policy.root ? allSpans(s.policy.root) : []) assert.ok(sp.start >= 0 && sp.end <= text.length && sp.start <= sp.end, `span out of range at ${end}`);
      for (const f of result.findings) assert.ok(f.span.end <= text.length);
    }
  });

  it('extracts what parses from a file with an HCL error, and reports the error', () => {
    const broken = TF.replace('resources = ["*"]', 'resources = [*]');
    const r = analyze({ path: '/ws/b.tf', text: broken });
    assert.equal(r.sources.length, 3);
    assert.ok(r.findings.some((f) => f.ruleId === 'json-syntax' && /HCL/.test(f.message)));
  });

  it('re-parses incrementally: the result equals a fresh extraction after every edit', () => {
    // One instance goes on from its last parse of the path; each fresh one parses the text anew.
    const editing = createKeyscope();
    let text = TF;
    editing.analyze({ path: '/ws/inc.tf', text });
    const edits: [string, string][] = [
      ['kms:Encrpt', 'kms:Encrypt'],
      ['"kms:Decrypt"]', '"kms:Decrypt", "kms:ReEncrypt*"]'],
      ['values   = ["111122223333"]', 'values   = [local.acct]'],
      ['Allow', 'Deny'],
    ];
    for (const [from, to] of edits) {
      text = text.replace(from, to);
      const incremental = editing.analyze({ path: '/ws/inc.tf', text }).sources.map(policyOf);
      const first = createKeyscope();
      const fresh = first.analyze({ path: '/ws/inc.tf', text }).sources.map(policyOf);
      first.dispose();
      assert.deepEqual(incremental, fresh, `after ${from} -> ${to}`);
    }
    editing.dispose();
  });

  it('keeps a bounded number of parses', () => {
    clearParseCache();
    for (let i = 0; i < 100; i++) extract(TF, `/ws/f${i}.tf`);
    assert.ok(parseCacheSize() <= 64, `${parseCacheSize()} parses cached`);
  });

  it('finds every key of files with several keys, in every form', () => {
    keysFound(FORMS, [
      ['public-principal/fail.tf', 5],
      ['public-principal/pass.tf', 5],
      ['key-settings/policy-defined.tf', 2],
      ['vulnerable/positive.tf', 2],
      ['quoted-keys.tf', 1],
    ]);
  });

  it('a key module: its policy document of dynamic statements is one partial key policy', () => modulePolicy(FORMS, 'module/main.tf', 10));
});

/** Each file yields exactly `n` policy sources, each owned by a key or a key-policy resource. */
function keysFound(root: string, counts: [string, number][]): void {
  for (const [file, n] of counts) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    const sources = extract(text, path, nodeHost(root)).sources;
    assert.equal(sources.length, n, file);
    assert.ok(sources.every((s) => s.owner?.startsWith('aws_kms_key')), file);
  }
}

/** A module's policy document is read as one partial key policy whose statements map back into the text. */
function modulePolicy(root: string, file: string, atLeast: number): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const [s] = extract(text, path, nodeHost(root)).sources;
  assert.equal(s.kind, 'tf-policy-document');
  assert.equal(s.partial, true);
  assert.ok(s.policy.statements.length >= atLeast, `${s.policy.statements.length} statements`);
  assert.equal(slice(text, s.policy.statements[0].node), text.slice(s.policy.statements[0].node.span.start, s.policy.statements[0].node.span.end));
}

corpusSuite('terraform: robustness on the corpus', (corpus) => {
  before(() => initTerraform());
  it('finds every key of the corpus files with several keys', () => {
    keysFound(corpus, [
      ['bridgecrewio__checkov/tests/terraform/checks/resource/aws/example_KMSKeyWildcardPrincipal/fail.tf', 5],
      ['bridgecrewio__checkov/tests/terraform/checks/resource/aws/example_KMSKeyWildcardPrincipal/pass.tf', 5],
      ['bridgecrewio__checkov/tests/terraform/checks/resource/aws/example_KMSKeyIsEnabled/main.tf', 3],
      ['bridgecrewio__checkov/tests/terraform/graph/checks/resources/KmsKeyPolicyIsDefined/main.tf', 2],
      ['wild/id275986951-aft-quoted-keys-comments.tf', 1],
    ]);
  });
  it('a corpus module: the policy document of terraform-aws-modules/kms is one partial key policy', () => modulePolicy(corpus, 'terraform-aws-modules__terraform-aws-kms/main.tf', 10));
});
