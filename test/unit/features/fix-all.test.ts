import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { applyEdits } from '../../../server/src/policy/json-writer';
import { fixableCount, fixAllEdits, fixAllSafeEdits, overlaps } from '../../../server/src/features/fix-all';
import type { Finding, Fix } from '../../../server/src/rules/types';

const finding = (ruleId: string, start: number, ...fixes: Fix[]): Finding => ({ ruleId, severity: 'error', message: '', span: { start, end: start + 1 }, fixes });
const fix = (safe: boolean, ...edits: [number, number, string][]): Fix => ({ title: 't', kind: safe ? 'safe' : 'suggestion', edits: edits.map(([start, end, newText]) => ({ start, end, newText })) });

describe('fix-all', () => {
  it('treats two insertions at one point as overlapping, touching ranges as not', () => {
    assert.ok(overlaps({ start: 5, end: 5, newText: 'a' }, { start: 5, end: 5, newText: 'b' }));
    assert.ok(overlaps({ start: 5, end: 5, newText: 'a' }, { start: 5, end: 8, newText: 'b' }));
    assert.ok(!overlaps({ start: 2, end: 5, newText: 'a' }, { start: 5, end: 8, newText: 'b' }));
    assert.ok(!overlaps({ start: 8, end: 8, newText: 'a' }, { start: 5, end: 8, newText: 'b' }));
  });

  it('takes whole fixes only: a fix with one overlapping edit is left out entirely', () => {
    const findings = [finding('r', 0, fix(true, [0, 3, 'x'])), finding('r', 10, fix(true, [2, 4, 'y'], [20, 21, 'z'])), finding('r', 30, fix(true, [30, 31, 'w']))];
    assert.deepEqual(fixAllEdits(findings, 'r').map((e) => e.newText), ['x', 'w']);
  });

  it('applies safe fixes only, the first of a finding; a lone suggestion is never applied in bulk', () => {
    const findings = [
      finding('a', 0, fix(false, [0, 1, 'only suggestion'])),
      finding('a', 5, fix(false, [5, 6, 'suggestion']), fix(true, [5, 6, 'safe']), fix(true, [5, 6, 'second safe'])),
      finding('b', 9, fix(true, [9, 10, 'b safe'])),
    ];
    assert.deepEqual(fixAllEdits(findings, 'a').map((e) => e.newText), ['safe']);
    assert.equal(fixableCount(findings, 'a'), 1);
    assert.deepEqual(fixAllSafeEdits('x'.repeat(20), findings, () => []).map((e) => e.newText), ['safe', 'b safe']);
  });

  it('fixes every misspelled action of a real policy at once, and re-analysis finds none', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/a' }, Action: ['kms:Decrpyt', 'kms:Encrpyt', 'kms:DescribKey'], Resource: '*' }] }, null, 2);
    const before = analyze({ path: 'p.kms.json', text, force: true });
    const fixed = applyEdits(text, fixAllEdits(before.findings, 'unknown-action'));
    assert.ok(fixed.includes('"kms:Decrypt",\n        "kms:Encrypt",\n        "kms:DescribeKey"'), fixed);
    assert.deepEqual(analyze({ path: 'p.kms.json', text: fixed, force: true }).findings.filter((f) => f.ruleId === 'unknown-action'), []);
  });

  const run = (text: string) => analyze({ path: 'p.kms.json', text, force: true }).findings;
  const onSave = (text: string) => applyEdits(text, fixAllSafeEdits(text, run(text), run));

  it('on save leaves an administrator\'s kms:* alone and repairs the misspelt action beside it', () => {
    const text = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/KeyAdmin' }, Action: 'kms:*', Resource: '*' },
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/App' }, Action: ['kms:Decrpyt', 'kms:Encrypt'], Resource: '*' },
        ],
      },
      null,
      2,
    );
    const findings = run(text);
    assert.ok(findings.some((f) => f.ruleId === 'kms-star' && f.fixes.length > 0 && f.fixes.every((x) => x.kind === 'suggestion')), 'kms-star offers suggestions only');
    assert.equal(onSave(text), text.replace('kms:Decrpyt', 'kms:Decrypt'));
  });

  it('on save keeps back a repair that would bring out an error (a Deny of all but a misspelt action locks the key)', () => {
    const text = JSON.stringify(
      {
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
          { Effect: 'Deny', Principal: '*', NotAction: ['kms:Decrpyt', 'kms:Encrypt'], Resource: '*' },
        ],
      },
      null,
      2,
    );
    const findings = run(text);
    const typo = findings.find((f) => f.ruleId === 'unknown-action');
    assert.equal(typo?.fixes[0]?.kind, 'safe', 'exactly one did-you-mean: a safe quick fix');
    assert.ok(run(applyEdits(text, typo.fixes[0].edits)).some((f) => f.ruleId === 'lockout-risk' && f.severity === 'error'), 'the repair alone locks the key');
    const saved = onSave(text);
    assert.ok(saved.includes('"kms:Decrpyt"'), saved);
    assert.ok(saved.includes('"Version": "2012-10-17"'), 'the other safe fix is applied');
    assert.ok(!run(saved).some((f) => f.severity === 'error' && f.ruleId === 'lockout-risk'));
  });
});
