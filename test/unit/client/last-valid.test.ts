import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LAST_VALID_MAX, LastValidMatrices } from '../../../client/src/matrix/last-valid';
import type { AccessMatrixView, AccessResult } from '../../../server/src/lsp/protocol';

const matrix = (name: string, summary: string, syntaxErrors = false): AccessMatrixView =>
  ({ name, summary, rows: [], statementRanges: [], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, statementLabels: [], statementOptional: [], ...(syntaxErrors ? { syntaxErrors } : {}) }) as AccessMatrixView;
const result = (uri: string, ...matrices: AccessMatrixView[]): AccessResult => ({ uri, version: 1, matrices, capabilityActions: {} as AccessResult['capabilityActions'] });

describe('the last valid matrix of a key while its policy has syntax errors', () => {
  it('shows the last valid matrix, marked stale, per document and key', () => {
    const memory = new LastValidMatrices();
    memory.apply(result('file:///a.tf', matrix('aws_kms_key.a', '2 can decrypt'), matrix('aws_kms_key.b', '1 can decrypt')));
    memory.apply(result('file:///b.tf', matrix('aws_kms_key.a', '7 can decrypt')));
    const broken = memory.apply(result('file:///a.tf', matrix('aws_kms_key.a', '0 can decrypt', true), matrix('aws_kms_key.b', '1 can decrypt')));
    assert.deepEqual(
      broken.matrices.map((m) => [m.name, m.summary, !!m.stale, !!m.syntaxErrors]),
      [
        ['aws_kms_key.a', '2 can decrypt', true, true],
        ['aws_kms_key.b', '1 can decrypt', false, false],
      ],
    );
    // Parsed again: the new matrix, no longer stale.
    const fixed = memory.apply(result('file:///a.tf', matrix('aws_kms_key.a', '3 can decrypt')));
    assert.equal(fixed.matrices[0].summary, '3 can decrypt');
    assert.equal(fixed.matrices[0].stale, undefined);
  });

  it('a policy broken since it was opened has no last valid matrix: shown as it is, marked', () => {
    const r = new LastValidMatrices().apply(result('file:///c.kms.json', matrix('c.kms.json', '0 can decrypt', true)));
    assert.equal(r.matrices[0].stale, undefined);
    assert.equal(r.matrices[0].syntaxErrors, true);
  });

  it(`remembers at most ${LAST_VALID_MAX} keys, the most recently seen`, () => {
    const memory = new LastValidMatrices();
    for (let i = 0; i <= LAST_VALID_MAX; i++) memory.apply(result(`file:///k${i}.kms.json`, matrix('k', `${i}`)));
    const first = memory.apply(result('file:///k0.kms.json', matrix('k', 'x', true)));
    assert.equal(first.matrices[0].stale, undefined, 'the oldest was dropped');
    const last = memory.apply(result(`file:///k${LAST_VALID_MAX}.kms.json`, matrix('k', 'x', true)));
    assert.equal(last.matrices[0].summary, `${LAST_VALID_MAX}`);
  });
});
