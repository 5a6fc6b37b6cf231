/**
 * Cross-checks of the security rules against other tools' expectations on the shared corpus (ORACLES.md):
 * Checkov CKV_AWS_33 and KICS "KMS Key With Vulnerable Policy". The policies sit in Terraform heredocs; the
 * test reads each heredoc as the JSON policy it is, so the comparison is about policy semantics alone.
 * Where we deliberately disagree, a case below says why.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../helpers/rule-table';
import { AWS_DEFAULT } from '../fixtures/policies';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** `resource "TYPE" "NAME"` -> the JSON text of its `policy = <<MARK ... MARK` heredoc. */
function heredocPolicies(tf: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /resource\s+"(aws_kms_key(?:_policy)?)"\s+"(\w+)"\s*\{[^]*?policy\s*=\s*<<-?(\w+)\n([^]*?)\n\s*\3\s*\n/g;
  for (const m of tf.matchAll(re)) out.set(`${m[1]}.${m[2]}`, m[4]);
  return out;
}

const ids = (text: string) => new Set(run(text).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId));

const CHECKOV = join(CORPUS, 'bridgecrewio__checkov/tests/terraform/checks/resource/aws/example_KMSKeyWildcardPrincipal');

describe('oracle: Checkov CKV_AWS_33 (wildcard principal)', { skip: !existsSync(CHECKOV) && 'corpus not present' }, () => {
  for (const [file, expected] of [['pass.tf', false], ['fail.tf', true]] as const) {
    const policies = existsSync(CHECKOV) ? heredocPolicies(readFileSync(join(CHECKOV, file), 'utf8')) : new Map<string, string>();
    it(`${file}: reads five policies`, () => assert.equal(policies.size, 5));
    for (const [name, json] of policies) {
      it(`${name}: public-principal ${expected ? 'fires' : 'is silent'}, as Checkov expects`, () => assert.equal(ids(json).has('public-principal'), expected));
    }
  }

  it('disagreement: a condition that does not narrow the caller is still public (Checkov skips any statement with a Condition)', () => {
    const json = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] });
    assert.ok(ids(json).has('public-principal'));
  });
});

const KICS = (name: string) => join(CORPUS, 'samples', `Checkmarx__kics__assets__queries__terraform__aws__${name}.tf`);

describe('oracle: KICS "KMS Key With Vulnerable Policy"', { skip: !existsSync(join(CORPUS, 'samples')) && 'corpus not present' }, () => {
  const cases: [string, boolean][] = [
    ['kms_key_with_vulnerable_policy__test__positive', true],
    ['kms_key_with_vulnerable_policy__test__positive2', true],
    ['kms_key_with_full_permissions__test__positive4', true],
    ['kms_key_with_vulnerable_policy__test__negative', false],
    ['kms_key_with_full_permissions__test__negative1', false],
    ['kms_key_with_full_permissions__test__negative2', false],
  ];
  for (const [name, positive] of cases) {
    it(`${name}: ${positive ? 'public-principal and kms-star fire' : 'neither public-principal nor kms-star'}`, () => {
      const policies = [...heredocPolicies(readFileSync(KICS(name), 'utf8')).values()];
      assert.ok(policies.length > 0);
      for (const json of policies) {
        const found = ids(json);
        assert.equal(found.has('public-principal') && found.has('kms-star'), positive, [...found].join(', '));
      }
    });
  }

  it('disagreement: the AWS default key policy (root, kms:*, no Condition) is not vulnerable — KICS semantics would flag it', () => {
    assert.deepEqual([...ids(AWS_DEFAULT)], []);
    assert.ok(run(AWS_DEFAULT).findings.some((f) => f.ruleId === 'root-delegation' && f.severity === 'info'));
  });
});
