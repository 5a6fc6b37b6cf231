import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { givesAccess } from '../../../server/src/access/diff';
import type { CellValue, Decision, OpenCondition } from '../../../server/src/access/types';

const cond = (effect: 'Allow' | 'Deny', value: string): OpenCondition => ({ statementIndex: 0, statement: '1', operator: 'StringEquals', key: 'kms:ViaService', values: [value], effect });
const d = (value: CellValue, conditions: OpenCondition[] = []): Decision => ({ value, statements: [], conditions });

describe('givesAccess: which cell changes are new access', () => {
  const table: [Decision, Decision, boolean][] = [
    [d('none'), d('allow'), true],
    [d('none'), d('iam'), true],
    [d('deny'), d('conditional', [cond('Allow', 'a')]), true],
    [d('iam'), d('allow'), true],
    [d('conditional', [cond('Allow', 'a')]), d('allow'), true],
    [d('conditional', [cond('Allow', 'a')]), d('iam'), true],
    [d('iam'), d('conditional', [cond('Allow', 'a')]), true],
    // An identity policy of the workspace that allows a delegated cell gives it; losing it, or its allow
    // becoming the key policy's own, is no new access beyond `allow`.
    [d('iam'), d('iam-allow'), true],
    [d('none'), d('iam-allow'), true],
    [d('iam-allow'), d('iam'), false],
    [d('iam-allow'), d('conditional', [cond('Allow', 'a')]), false],
    [d('iam-allow'), d('allow'), true],
    // Same value: an Allow condition dropped, or a Deny condition added, widens; the reverse narrows.
    [d('conditional', [cond('Allow', 'a'), cond('Allow', 'b')]), d('conditional', [cond('Allow', 'a')]), true],
    [d('conditional', [cond('Allow', 'a')]), d('conditional', [cond('Allow', 'a'), cond('Allow', 'b')]), false],
    [d('conditional', [cond('Deny', 'a')]), d('conditional', [cond('Deny', 'a'), cond('Deny', 'b')]), true],
    [d('conditional', [cond('Deny', 'a'), cond('Deny', 'b')]), d('conditional', [cond('Deny', 'a')]), false],
    [d('allow'), d('iam'), false],
    [d('allow'), d('none'), false],
    [d('iam'), d('deny'), false],
    [d('allow'), d('allow'), false],
    [d('none'), d('deny'), false],
  ];
  for (const [before, after, expected] of table)
    it(`${before.value}${before.conditions.length ? `[${before.conditions.map((c) => c.effect + ':' + c.values[0]).join(',')}]` : ''} -> ${after.value}${after.conditions.length ? `[${after.conditions.map((c) => c.effect + ':' + c.values[0]).join(',')}]` : ''}: ${expected}`, () => {
      assert.equal(givesAccess(before, after), expected);
    });
});
