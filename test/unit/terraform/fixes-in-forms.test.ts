import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, type Analysis } from '../../../server/src/analyze';
import { applyEdits } from '../../../server/src/policy/json-writer';
import { findRule } from '../../../server/src/rules';
import { initTerraform } from '../../../server/src/terraform';
import { APP, ROOT } from '../../helpers/rule-table';
import { plain } from '../../helpers/terraform';
import { asForm, FORMS } from '../../helpers/terraform-forms';

/**
 * Every fix a rule offers on a JSON policy is offered on the same policy written as `jsonencode`, as a heredoc
 * and as an `aws_iam_policy_document`, and does the same there: applied and re-analysed, the finding is gone,
 * the .tf still parses, no other rule fires that the JSON fix did not also cause, and the policy Terraform
 * would produce equals the fixed JSON policy. The table runs every rule of the registry, so a rule added
 * later is checked in every form too.
 */
const rootStmt = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement: [rootStmt, ...Statement] });
const use = ['kms:Encrypt', 'kms:Decrypt'];

const CASES: [string, object][] = [
  ['typo in an action list', doc({ Sid: 'App', Effect: 'Allow', Principal: { AWS: APP }, Action: ['kms:Decrpyt', 'kms:Encrypt'], Resource: '*' })],
  ['non-canonical action case', doc({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:decrypt', Resource: '*' })],
  ['Resource names an ARN', doc({ Effect: 'Allow', Principal: { AWS: APP }, Action: use, Resource: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' })],
  ['NotResource', doc({ Effect: 'Allow', Principal: { AWS: APP }, Action: use, NotResource: 'arn:aws:kms:eu-west-1:111122223333:key/other' })],
  ['public principal "*"', doc({ Effect: 'Allow', Principal: '*', Action: use, Resource: '*' })],
  ['"*" in a principal list', doc({ Effect: 'Allow', Principal: { AWS: ['*', 'arn:aws:iam::444455556666:role/Other'] }, Action: use, Resource: '*' })],
  ['public principal with a condition operator to merge into', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: use, Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'ec2.eu-west-1.amazonaws.com' } } })],
  ['public principal with another operator', doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: use, Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })],
  ['kms:* to an application role', doc({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:*', Resource: '*' })],
  ['grant actions without GrantIsForAWSResource', doc({ Effect: 'Allow', Principal: { AWS: APP }, Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: '*' })],
  ['CreateGrant beside Decrypt', doc({ Effect: 'Allow', Principal: { AWS: APP }, Action: ['kms:Decrypt', 'kms:CreateGrant'], Resource: '*' })],
  ['GrantIsForAWSResource false', doc({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:CreateGrant', Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'false' } } })],
  ['service principal without source', doc({ Effect: 'Allow', Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: use, Resource: '*' })],
  ['destructive actions for a human role', doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' }, Action: ['kms:ScheduleKeyDeletion', 'kms:Decrpyt'], Resource: '*' })],
];

const fixable = (a: Analysis) => a.findings.filter((f) => f.fixes.length > 0 && findRule(f.ruleId)?.meta.appliesTo !== 'terraform');

/** What Terraform would send to AWS, comparable across forms: one-element lists as their element, scalars as text. */
function normal(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 1 ? normal(v[0]) : v.map(normal);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normal(x)]));
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

function policyOfTf(a: Analysis): unknown {
  const s = a.sources.find((x) => x.owner?.startsWith('aws_kms_key.app'));
  return normal(plain(s?.policy.root));
}

describe('terraform: every JSON fix works in every form', () => {
  before(() => initTerraform());
  for (const [name, policy] of CASES) {
    const json = JSON.stringify(policy, null, 2);
    for (const form of FORMS) {
      it(`${name} — ${form}`, () => {
        const tf = asForm(form, policy as never)!;
        const jsonResult = analyze({ path: 'p.kms.json', text: json, force: true });
        const tfResult = analyze({ path: '/ws/main.tf', text: tf });
        assert.deepEqual(tfResult.sources.flatMap((s) => s.syntaxErrors), [], 'the generated .tf parses');
        const jsonFixable = fixable(jsonResult);
        assert.ok(jsonFixable.length > 0, 'the case has something to fix');
        for (const jf of jsonFixable) {
          const nth = jsonResult.findings.filter((f) => f.ruleId === jf.ruleId).indexOf(jf);
          const tfFinding = tfResult.findings.filter((f) => f.ruleId === jf.ruleId)[nth];
          assert.ok(tfFinding, `${jf.ruleId} is reported in ${form} too`);
          for (const jfix of jf.fixes) {
            const fix = tfFinding.fixes.find((f) => f.title === jfix.title);
            assert.ok(fix, `${jf.ruleId}: "${jfix.title}" offered in ${form}; offered: ${tfFinding.fixes.map((f) => f.title).join(' | ')}`);
            const fixedJson = applyEdits(json, jfix.edits);
            const fixedTf = applyEdits(tf, fix.edits);
            const jsonAgain = analyze({ path: 'p.kms.json', text: fixedJson, force: true });
            const again = analyze({ path: '/ws/main.tf', text: fixedTf });
            const where = `${jf.ruleId} "${jfix.title}" in ${form}:\n${fixedTf}`;
            assert.deepEqual(again.sources.flatMap((s) => s.syntaxErrors), [], `parses after ${where}`);
            assert.ok(again.findings.filter((f) => f.ruleId === jf.ruleId).length < tfResult.findings.filter((f) => f.ruleId === jf.ruleId).length, `finding gone after ${where}`);
            const introducedByJson = new Set(jsonAgain.findings.map((f) => f.ruleId));
            for (const g of again.findings) {
              assert.ok(tfResult.findings.some((b) => b.ruleId === g.ruleId) || introducedByJson.has(g.ruleId), `no new ${g.ruleId} (${g.message}) after ${where}`);
            }
            assert.deepEqual(policyOfTf(again), normal(JSON.parse(fixedJson)), `same policy as the JSON fix after ${where}`);
          }
        }
      });
    }
  }
});
