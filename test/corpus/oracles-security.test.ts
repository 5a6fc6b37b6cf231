/**
 * The security rules against what other tools' test suites expect (Checkov CKV_AWS_33 "KMS key wildcard
 * principal", KICS "KMS Key With Vulnerable Policy"): first on our own fixtures written to the same
 * expectations (test/fixtures/forms), then on those tools' own test files in the shared corpus
 * (ORACLES.md) when `KEYSCOPE_CORPUS` is set. Each Terraform file is analysed as it is and compared per policy
 * source (`aws_kms_key.open`). Where we deliberately disagree, a case below says why.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/analyze';
import { initTerraform } from '../../server/src/terraform';
import { run } from '../helpers/rule-table';
import { corpusSuite, FORMS } from '../helpers/corpus';
import { AWS_DEFAULT } from '../fixtures/policies';

/** Policy source name -> the ids of the error and warning rules that fired on it. */
function findingsBySource(path: string): Map<string, Set<string>> {
  const r = analyze({ path, text: readFileSync(path, 'utf8') });
  const out = new Map(r.sources.map((s) => [s.name, new Set<string>()]));
  for (const f of r.findings) if ((f.severity === 'error' || f.severity === 'warning') && f.sourceName) out.get(f.sourceName)?.add(f.ruleId);
  return out;
}

const ids = (json: string) => new Set(run(json).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.ruleId));

/** Every policy of the file is public (or none is), as a wildcard-principal check expects. */
function assertPublic(path: string, expected: boolean, keys: number): void {
  const bySource = findingsBySource(path);
  assert.equal(bySource.size, keys, 'policies read');
  for (const [name, found] of bySource) assert.equal(found.has('public-principal'), expected, `${name}: ${[...found].join(', ')}`);
}

/** Every policy of the file is both public and grants kms:* (or none is both), as KICS expects. */
function assertVulnerable(path: string, expected: boolean): void {
  const bySource = findingsBySource(path);
  assert.ok(bySource.size > 0, 'no policy read');
  for (const [source, found] of bySource) assert.equal(found.has('public-principal') && found.has('kms-star'), expected, `${source}: ${[...found].join(', ')}`);
}

describe('wildcard principals (the expectations of Checkov CKV_AWS_33) on our fixtures', () => {
  before(() => initTerraform());
  it('fail.tf: public-principal fires on each of the five keys, whatever the form', () => assertPublic(join(FORMS, 'public-principal', 'fail.tf'), true, 5));
  it('pass.tf: public-principal is silent on each of the five keys', () => assertPublic(join(FORMS, 'public-principal', 'pass.tf'), false, 5));

  it('disagreement: a condition that does not narrow the caller is still public (Checkov skips any statement with a Condition)', () => {
    const json = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] });
    assert.ok(ids(json).has('public-principal'));
  });
});

describe('vulnerable policies (the expectations of KICS) on our fixtures', () => {
  before(() => initTerraform());
  it('positive.tf: public-principal and kms-star fire on both keys', () => assertVulnerable(join(FORMS, 'vulnerable', 'positive.tf'), true));
  it('negative.tf: neither fires on the default policy or on a statement narrowed to the account', () => assertVulnerable(join(FORMS, 'vulnerable', 'negative.tf'), false));
  it('dnssec.tf: a signing key shared with everyone is reported as public and kms:*', () => {
    const found = [...findingsBySource(join(FORMS, 'dnssec.tf')).values()];
    assert.ok(found.some((s) => s.has('public-principal') && s.has('kms-star')));
  });

  it('disagreement: the AWS default key policy (root, kms:*, no Condition) is not vulnerable — KICS semantics would flag it', () => {
    assert.deepEqual([...ids(AWS_DEFAULT)], []);
    assert.ok(run(AWS_DEFAULT).findings.some((f) => f.ruleId === 'root-delegation' && f.severity === 'info'));
  });
});

corpusSuite('oracle: Checkov CKV_AWS_33 and KICS on their own test files (corpus)', (corpus) => {
  before(() => initTerraform());
  const checkov = join(corpus, 'bridgecrewio__checkov/tests/terraform/checks/resource/aws/example_KMSKeyWildcardPrincipal');
  for (const [file, expected] of [['pass.tf', false], ['fail.tf', true]] as const) {
    it(`Checkov ${file}: public-principal ${expected ? 'fires on every key' : 'is silent on every key'}`, () => assertPublic(join(checkov, file), expected, 5));
  }
  const kics = (name: string) => join(corpus, 'samples', `Checkmarx__kics__assets__queries__terraform__aws__${name}.tf`);
  const cases: [string, boolean][] = [
    ['kms_key_with_vulnerable_policy__test__positive', true],
    ['kms_key_with_vulnerable_policy__test__positive2', true],
    ['kms_key_with_full_permissions__test__positive4', true],
    ['kms_key_with_vulnerable_policy__test__negative', false],
    ['kms_key_with_full_permissions__test__negative1', false],
    ['kms_key_with_full_permissions__test__negative2', false],
  ];
  for (const [name, positive] of cases) {
    it(`KICS ${name}: ${positive ? 'public-principal and kms-star fire' : 'neither public-principal nor kms-star'}`, () => assertVulnerable(kics(name), positive));
  }
  it('ORACLES.md §5: the DNSSEC key granting kms:* to AWS = "*" without a condition is reported as public', () => {
    const found = [...findingsBySource(join(corpus, 'wild/id36980511054-dnssec-sign-verify-public.tf')).values()];
    assert.ok(found.some((s) => s.has('public-principal') && s.has('kms-star')));
  });
});
