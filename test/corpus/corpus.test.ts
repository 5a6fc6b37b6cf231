import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/analyze';
import { nodeHost } from '../../server/src/node-host';
import { initTerraform } from '../../server/src/terraform';
import { corpusFiles, corpusSuite, FORMS, ownFiles } from '../helpers/corpus';

/** Every file is analysed without an exception, and every finding and fix edit lies inside the document. */
function analysesCleanly(file: string, root: string): void {
  const text = readFileSync(file, 'utf8');
  const result = analyze({ path: file, text, force: true, host: nodeHost(root) });
  assert.deepEqual(result.internalErrors ?? [], [], 'no rule threw');
  for (const f of result.findings) {
    assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start <= f.span.end, `${f.ruleId} range out of document`);
    for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end, `${f.ruleId} fix edit out of range`);
  }
}

describe('own realistic fixtures and examples', () => {
  before(() => initTerraform());
  const files = ownFiles();
  it('has files to analyse', () => assert.ok(files.length >= 15, `only ${files.length} files`));
  for (const file of files) it(relative(dirname(FORMS), file), () => analysesCleanly(file, dirname(file)));
});

corpusSuite('corpus', (corpus) => {
  before(() => initTerraform());
  const files = corpusFiles();
  it('has files to analyse', () => assert.ok(files.length > 50, `only ${files.length} files`));
  for (const file of files) it(relative(corpus, file), () => analysesCleanly(file, corpus));
});
