import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { RULES } from '../../../server/src/rules';
import type { PolicyRule, Rule } from '../../../server/src/rules/types';

const BROKEN: PolicyRule = {
  meta: { id: 'always-throws', severity: 'error', appliesTo: 'any-policy', fixable: false, summary: 'A rule with a bug.' },
  check() {
    throw new Error('boom');
  },
};

describe('rule isolation', () => {
  it('a rule that throws is recorded as an internal error and the other rules still report', () => {
    const rules = RULES as Rule[];
    rules.unshift(BROKEN);
    try {
      const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/a"}, "Action": "kms:Decrpyt", "Resource": "*"}]}';
      const a = analyze({ path: 'p.kms.json', text, force: true });
      assert.equal(a.internalErrors?.length, 1);
      assert.match(a.internalErrors![0], /rule always-throws failed on p\.kms\.json: Error: boom/);
      assert.ok(a.findings.some((f) => f.ruleId === 'unknown-action'), 'rules after the broken one still ran');
    } finally {
      rules.splice(rules.indexOf(BROKEN), 1);
    }
  });
});
