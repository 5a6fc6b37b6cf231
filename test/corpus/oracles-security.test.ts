/**
 * Cross-checks of the security rules against other tools' expectations on the shared corpus (ORACLES.md):
 * Checkov CKV_AWS_33 and KICS "KMS Key With Vulnerable Policy". Each Terraform file is analysed as it is and
 * compared per policy source (`aws_kms_key.pass_0`). Where we deliberately disagree, a case below says why.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/analyze';
import { initTerraform } from '../../server/src/terraform';
import { run } from '../helpers/rule-table';
import { AWS_DEFAULT } from '../fixtures/policies';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Policy source name -> the ids of the error and warning rules that fired on it. */
function findingsBySource(path: string): Map<string, Set<string>> {
  const r = analyze({ path, text: readFileSync(path, 'utf8') });
  const out = new Map(r.sources.map((s) => [s.name, new Set<string>()]));
  for (const f of r.findings) if ((f.severity === 'error' || f.severity === 'warning') && f.sourceName) out.get(f.sourceName)?.add(f.ruleId);
  return out;
}

const ids = (json: string) => new Set(run(json).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId));

const CHECKOV = join(CORPUS, 'bridgecrewio__checkov/tests/terraform/checks/resource/aws/example_KMSKeyWildcardPrincipal');

describe('oracle: Checkov CKV_AWS_33 (wildcard principal)', { skip: !existsSync(CHECKOV) && 'corpus not present' }, () => {
  before(() => initTerraform());
  for (const [file, expected] of [['pass.tf', false], ['fail.tf', true]] as const) {
    it(`${file}: public-principal ${expected ? 'fires on every key' : 'is silent on every key'}, as Checkov expects`, () => {
      const bySource = findingsBySource(join(CHECKOV, file));
      assert.equal(bySource.size, 5);
      for (const [name, found] of bySource) assert.equal(found.has('public-principal'), expected, name);
    });
  }

  it('disagreement: a condition that does not narrow the caller is still public (Checkov skips any statement with a Condition)', () => {
    const json = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] });
    assert.ok(ids(json).has('public-principal'));
  });
});

const KICS = (name: string) => join(CORPUS, 'samples', `Checkmarx__kics__assets__queries__terraform__aws__${name}.tf`);

describe('oracle: KICS "KMS Key With Vulnerable Policy"', { skip: !existsSync(join(CORPUS, 'samples')) && 'corpus not present' }, () => {
  before(() => initTerraform());
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
      const bySource = findingsBySource(KICS(name));
      assert.ok(bySource.size > 0, 'no policy read');
      for (const [source, found] of bySource) assert.equal(found.has('public-principal') && found.has('kms-star'), positive, `${source}: ${[...found].join(', ')}`);
    });
  }

  it('disagreement: the AWS default key policy (root, kms:*, no Condition) is not vulnerable — KICS semantics would flag it', () => {
    assert.deepEqual([...ids(AWS_DEFAULT)], []);
    assert.ok(run(AWS_DEFAULT).findings.some((f) => f.ruleId === 'root-delegation' && f.severity === 'info'));
  });
});

describe('corpus notes (ORACLES.md §5)', { skip: !existsSync(join(CORPUS, 'wild')) && 'corpus not present' }, () => {
  before(() => initTerraform());
  it('the DNSSEC key granting kms:* to AWS = "*" without a condition is reported as public', () => {
    const found = [...findingsBySource(join(CORPUS, 'wild/id36980511054-dnssec-sign-verify-public.tf')).values()];
    assert.ok(found.some((s) => s.has('public-principal') && s.has('kms-star')));
  });
});
