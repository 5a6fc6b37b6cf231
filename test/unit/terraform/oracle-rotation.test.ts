/**
 * Checkov as an outside oracle for the Terraform resource rules (../shared/corpus/ORACLES.md): where Keyscope
 * agrees, the fixture's expectations are asserted; every deliberate disagreement is a case below, with the
 * reason.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze, type Analysis } from '../../../server/src/analyze';
import { applyEdits } from '../../../server/src/policy/json-writer';
import { initTerraform } from '../../../server/src/terraform';
import { hclHasErrors } from '../../helpers/rule-table';

const CORPUS = join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const CHECKOV = join(CORPUS, 'bridgecrewio__checkov', 'tests', 'terraform');
const ROTATION = join(CHECKOV, 'checks', 'resource', 'aws', 'example_KMSRotation', 'main.tf');
const POLICY_DEFINED = join(CHECKOV, 'graph', 'checks', 'resources', 'KmsKeyPolicyIsDefined', 'main.tf');

const lint = (text: string): Analysis => analyze({ path: 'main.tf', text });

/** Names of the resources a rule reports in a .tf text (one entry per finding). */
function flagged(result: Analysis, ruleId: string): string[] {
  const blocks = result.terraform?.file.resources ?? [];
  return result.findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => blocks.find((b) => b.span.start <= f.span.start && f.span.end <= b.span.end))
    .map((b) => (b ? `${b.type}.${b.name}` : '?'));
}

describe('oracle: Checkov CKV_AWS_7 (KMS rotation) vs tf-key-rotation', { skip: !existsSync(ROTATION) && 'corpus not beside the repository' }, () => {
  before(() => initTerraform());

  it('fails fail1..fail4, passes pass1 and pass2, and says nothing about the RSA keys (unknown1, unknown2)', () => {
    const result = lint(readFileSync(ROTATION, 'utf8'));
    assert.deepEqual(flagged(result, 'tf-key-rotation'), ['aws_kms_key.fail1', 'aws_kms_key.fail2', 'aws_kms_key.fail3', 'aws_kms_key.fail4']);
    assert.ok(result.findings.filter((f) => f.ruleId === 'tf-key-rotation').every((f) => f.severity === 'warning'));
  });

  it('each fix turns a failing key into a passing one, and the file still parses', () => {
    const text = readFileSync(ROTATION, 'utf8');
    const findings = lint(text).findings.filter((f) => f.ruleId === 'tf-key-rotation');
    for (const f of findings) {
      const fixed = lint(applyEdits(text, f.fixes[0].edits));
      assert.equal(flagged(fixed, 'tf-key-rotation').length, findings.length - 1);
    }
    const all = findings.reduceRight((t, f) => applyEdits(t, f.fixes[0].edits), text);
    assert.deepEqual(flagged(lint(all), 'tf-key-rotation'), []);
    assert.ok(!hclHasErrors(all));
  });

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

describe('oracle: Checkov CKV2_AWS_64 (key policy defined) vs tf-default-policy', { skip: !existsSync(POLICY_DEFINED) && 'corpus not beside the repository' }, () => {
  before(() => initTerraform());

  it('agrees on which keys lack a policy: pass (aws_kms_key_policy.pike attaches one) and pass2 (inline) are not reported, fail is', () => {
    const result = lint(readFileSync(POLICY_DEFINED, 'utf8'));
    assert.deepEqual(flagged(result, 'tf-default-policy'), ['aws_kms_key.fail']);
    assert.deepEqual(flagged(result, 'tf-policy-conflict'), []);
  });

  it('disagrees on weight: Checkov fails the key, Keyscope explains it at info level (the default policy delegates to IAM; it is not open)', () => {
    const [f] = lint(readFileSync(POLICY_DEFINED, 'utf8')).findings.filter((x) => x.ruleId === 'tf-default-policy');
    assert.equal(f.severity, 'info');
    assert.match(f.message, /IAM/);
  });
});
