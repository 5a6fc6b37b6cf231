import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../server/src/access';
import { analyze } from '../../server/src/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { fuzzWildcards, LONG_ROLE, WILDCARD_POLICY } from './wildcards';

/** Analysis and the access matrix of a JSON key policy. */
function run(text: string) {
  const analysis = analyze({ path: 'adversarial.kms.json', text, force: true });
  const matrices = analysis.sources.filter((s) => s.keyPolicy && s.policy.root).map((s) => evaluate(s, { whatIf: [], settings: DEFAULT_SETTINGS }));
  return { analysis, matrices };
}

describe('adversarial wildcards through the engine', () => {
  it('decides every cell of a policy with 10,000-character patterns', () => {
    const { analysis, matrices } = run(WILDCARD_POLICY);
    const none = analysis.findings.find((f) => f.ruleId === 'unknown-action');
    assert.ok(none, analysis.findings.map((f) => f.ruleId).join(', '));
    assert.match(none.message, /matches no KMS action/);
    const role = matrices[0].rows.find((r) => r.id === LONG_ROLE)!;
    assert.equal(role.actions['kms:Decrypt'].value, 'allow');
    // Only the account root's grant reaches Encrypt: the StringLike statement (2) does not match the role.
    assert.deepEqual([role.actions['kms:Encrypt'].value, role.actions['kms:Encrypt'].statements], ['iam', [0]]);
    assert.deepEqual([role.actions['kms:GenerateDataKey'].value, role.actions['kms:GenerateDataKey'].statements], ['allow', [3]]);
    // "Anyone in the account": some of its principals' ARNs match each pattern, so statements 2 and 3 count.
    const account = matrices[0].rows.find((r) => r.kind === 'account')!;
    assert.deepEqual(account.actions['kms:Encrypt'].statements, [0, 2]);
    assert.deepEqual(account.actions['kms:GenerateDataKey'].statements, [0, 3]);
    assert.equal(matrices[0].rows.find((r) => r.kind === 'public')!.actions['kms:GenerateDataKey'].value, 'conditional');
  });

  const seed = Number(process.env.KEYSCOPE_FUZZ_SEED ?? 20261207);
  it(`checks generated patterns and policies of up to 20,000 characters (seed ${seed})`, (t) => {
    const report = fuzzWildcards(8, seed);
    t.diagnostic(`wildcards: ${report.inputs} patterns and policies, slowest round ${Math.round(report.slowest.ms)} ms (${report.slowest.what})`);
    assert.ok(report.inputs > 80);
    assert.deepEqual(report.failures, []);
  });
});
