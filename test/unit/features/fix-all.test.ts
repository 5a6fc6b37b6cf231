import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { applyEdits } from '../../../server/src/policy/json-writer';
import { fixableCount, fixAllEdits, fixAllPreferredEdits, overlaps } from '../../../server/src/features/fix-all';
import type { Finding, Fix } from '../../../server/src/rules/types';

const finding = (ruleId: string, start: number, ...fixes: Fix[]): Finding => ({ ruleId, severity: 'error', message: '', span: { start, end: start + 1 }, fixes });
const fix = (preferred: boolean, ...edits: [number, number, string][]): Fix => ({ title: 't', preferred, edits: edits.map(([start, end, newText]) => ({ start, end, newText })) });

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

  it('uses the preferred fix, or the only one; the source fix-all only preferred fixes of every rule', () => {
    const findings = [finding('a', 0, fix(false, [0, 1, 'only'])), finding('a', 5, fix(false, [5, 6, 'one']), fix(false, [5, 6, 'two'])), finding('b', 9, fix(true, [9, 10, 'pref']))];
    assert.deepEqual(fixAllEdits(findings, 'a').map((e) => e.newText), ['only']);
    assert.equal(fixableCount(findings, 'a'), 1);
    assert.deepEqual(fixAllPreferredEdits(findings).map((e) => e.newText), ['pref']);
  });

  it('fixes every misspelled action of a real policy at once, and re-analysis finds none', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/a' }, Action: ['kms:Decrpyt', 'kms:Encrpyt', 'kms:DescribKey'], Resource: '*' }] }, null, 2);
    const before = analyze({ path: 'p.kms.json', text, force: true });
    const fixed = applyEdits(text, fixAllEdits(before.findings, 'unknown-action'));
    assert.ok(fixed.includes('"kms:Decrypt",\n        "kms:Encrypt",\n        "kms:DescribeKey"'), fixed);
    assert.deepEqual(analyze({ path: 'p.kms.json', text: fixed, force: true }).findings.filter((f) => f.ruleId === 'unknown-action'), []);
  });
});
