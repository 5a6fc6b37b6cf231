import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { policy, run, ADMIN } from '../helpers/rule-table';

const code = policy({ Effect: 'Allow', Principal: { AWS: ADMIN }, Action: ['kms:decrypt', 'kms:Decrpyt'], Resource: '*' });

describe('rule severity settings', () => {
  it('a rule may lower the severity of one finding by default', () => {
    const found = run(code).findings.filter((f) => f.ruleId === 'unknown-action');
    assert.deepEqual(found.map((f) => f.severity).sort(), ['error', 'hint']);
  });

  it('a severity the user sets applies to every finding of the rule', () => {
    const found = run(code, undefined, { rules: { 'unknown-action': 'warning' } }).findings.filter((f) => f.ruleId === 'unknown-action');
    assert.deepEqual(found.map((f) => f.severity), ['warning', 'warning']);
  });

  it('off removes the rule', () => {
    assert.equal(run(code, undefined, { rules: { 'unknown-action': 'off' } }).findings.filter((f) => f.ruleId === 'unknown-action').length, 0);
  });
});
