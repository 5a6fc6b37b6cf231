/**
 * Checkov's expectations for the Terraform resource rules (CKV_AWS_7 rotation, CKV2_AWS_64 key policy defined):
 * asserted on our own fixtures written to the same expectations (test/fixtures/forms/key-settings), and on
 * Checkov's own test files in the shared corpus (ORACLES.md) when `KEYSCOPE_CORPUS` is set. Every deliberate
 * disagreement is a case below, with the reason.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze, type Analysis } from '../../../server/src/analyze';
import { applyEdits } from '../../../server/src/policy/json-writer';
import { initTerraform } from '../../../server/src/terraform';
import { hclHasErrors } from '../../helpers/rule-table';
import { corpusSuite, FORMS } from '../../helpers/corpus';

const lint = (text: string): Analysis => analyze({ path: 'main.tf', text });

/** Names of the resources a rule reports in a .tf text (one entry per finding). */
function flagged(result: Analysis, ruleId: string): string[] {
  const blocks = result.terraform?.file.resources ?? [];
  return result.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => blocks.find((b) => b.span.start <= f.span.start && f.span.end <= b.span.end))
    .map((b) => (b ? `${b.type}.${b.name}` : '?'));
}

/** tf-key-rotation reports exactly `failing`, at warning level. */
function rotationAgrees(path: string, failing: string[]): void {
  const result = lint(readFileSync(path, 'utf8'));
  assert.deepEqual(flagged(result, 'tf-key-rotation'), failing);
  assert.ok(result.findings.filter((f) => f.ruleId === 'tf-key-rotation').every((f) => f.severity === 'warning'));
}

/** Each rotation fix turns one failing key into a passing one; all of them together leave none, and the file parses. */
function rotationFixesHold(path: string): void {
  const text = readFileSync(path, 'utf8');
  const findings = lint(text).findings.filter((f) => f.ruleId === 'tf-key-rotation');
  assert.ok(findings.length > 0);
  for (const f of findings) {
    const fixed = lint(applyEdits(text, f.fixes[0].edits));
    assert.equal(flagged(fixed, 'tf-key-rotation').length, findings.length - 1);
  }
  const all = findings.reduceRight((t, f) => applyEdits(t, f.fixes[0].edits), text);
  assert.deepEqual(flagged(lint(all), 'tf-key-rotation'), []);
  assert.ok(!hclHasErrors(all));
}

/** tf-default-policy reports exactly `missing` (at info level, explaining IAM), and tf-policy-conflict nothing. */
function policyDefinedAgrees(path: string, missing: string[]): void {
  const result = lint(readFileSync(path, 'utf8'));
  assert.deepEqual(flagged(result, 'tf-default-policy'), missing);
  assert.deepEqual(flagged(result, 'tf-policy-conflict'), []);
  for (const f of result.findings.filter((x) => x.ruleId === 'tf-default-policy')) {
    assert.equal(f.severity, 'info');
    assert.match(f.message, /IAM/);
  }
}

const ROTATION = join(FORMS, 'key-settings', 'rotation.tf');

describe('rotation (the expectations of Checkov CKV_AWS_7) vs tf-key-rotation', () => {
  before(() => initTerraform());

  it('fails the four symmetric keys without rotation, passes the rotating ones, and says nothing about the signing keys', () => {
    rotationAgrees(ROTATION, ['aws_kms_key.sym_default', 'aws_kms_key.sym_off', 'aws_kms_key.sym_spec', 'aws_kms_key.sym_usage']);
  });

  it('each fix turns a failing key into a passing one, and the file still parses', () => rotationFixesHold(ROTATION));

  // Deliberate disagreements. Checkov decides by customer_master_key_spec alone and treats every spec but the
  // asymmetric ones as symmetric (ORACLES.md, "Known Checkov limit").
  it('disagrees: an HMAC key without rotation — Checkov fails it, Keyscope does not ask (KMS cannot rotate HMAC keys)', () => {
    const hmac = 'resource "aws_kms_key" "mac" {\n  customer_master_key_spec = "HMAC_256"\n  key_usage                = "GENERATE_VERIFY_MAC"\n}\n';
    assert.deepEqual(flagged(lint(hmac), 'tf-key-rotation'), []);
  });

  it('disagrees: an HMAC key with enable_key_rotation = true — Checkov passes it, Keyscope reports an error (KMS rejects the setting)', () => {
    const hmac = 'resource "aws_kms_key" "mac" {\n  customer_master_key_spec = "HMAC_256"\n  key_usage                = "GENERATE_VERIFY_MAC"\n  enable_key_rotation      = true\n}\n';
    const f = lint(hmac).findings.filter((x) => x.ruleId === 'tf-key-rotation');
    assert.deepEqual(f.map((x) => x.severity), ['error']);
  });

  it('goes further: rotation on an RSA key (Checkov: unknown) is an error, since KMS rejects it', () => {
    const rsa = 'resource "aws_kms_key" "rsa" {\n  customer_master_key_spec = "RSA_2048"\n  enable_key_rotation      = true\n}\n';
    assert.deepEqual(lint(rsa).findings.filter((x) => x.ruleId === 'tf-key-rotation').map((x) => x.severity), ['error']);
  });

  it('goes further: key_spec, the current name of customer_master_key_spec, is read too', () => {
    const ecc = 'resource "aws_kms_key" "ecc" {\n  key_spec  = "ECC_NIST_P384"\n  key_usage = "SIGN_VERIFY"\n}\n';
    assert.deepEqual(flagged(lint(ecc), 'tf-key-rotation'), []);
  });
});

describe('key policy defined (the expectations of Checkov CKV2_AWS_64) vs tf-default-policy', () => {
  before(() => initTerraform());

  it('reports the key without a policy, not the inline one nor the one with an aws_kms_key_policy; at info level (the default policy delegates to IAM; it is not open)', () => {
    policyDefinedAgrees(join(FORMS, 'key-settings', 'policy-defined.tf'), ['aws_kms_key.no_policy']);
  });
});

corpusSuite('oracle: Checkov CKV_AWS_7 and CKV2_AWS_64 on their own test files (corpus)', (corpus) => {
  before(() => initTerraform());
  const checkov = join(corpus, 'bridgecrewio__checkov', 'tests', 'terraform');
  const rotation = join(checkov, 'checks', 'resource', 'aws', 'example_KMSRotation', 'main.tf');
  it('fails fail1..fail4, passes pass1 and pass2, and says nothing about the RSA keys (unknown1, unknown2)', () => {
    rotationAgrees(rotation, ['aws_kms_key.fail1', 'aws_kms_key.fail2', 'aws_kms_key.fail3', 'aws_kms_key.fail4']);
  });
  it('each rotation fix turns a failing key into a passing one, and the file still parses', () => rotationFixesHold(rotation));
  it('agrees on which keys lack a policy: pass (aws_kms_key_policy.pike attaches one) and pass2 (inline) are not reported, fail is', () => {
    policyDefinedAgrees(join(checkov, 'graph', 'checks', 'resources', 'KmsKeyPolicyIsDefined', 'main.tf'), ['aws_kms_key.fail']);
  });
});
