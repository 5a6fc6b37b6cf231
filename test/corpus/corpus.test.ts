import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/analyze';
import { nodeHost } from '../../server/src/node-host';
import { initTerraform } from '../../server/src/terraform';
import { CORPUS, corpusFiles } from '../helpers/corpus';

describe('corpus', { skip: !existsSync(CORPUS) && 'shared/corpus is not beside the repository' }, () => {
  before(() => initTerraform());
  const files = corpusFiles();
  it('has files to analyse', () => assert.ok(files.length > 50, `only ${files.length} files`));
  for (const file of files) {
    it(relative(CORPUS, file), () => {
      const text = readFileSync(file, 'utf8');
      const result = analyze({ path: file, text, force: true, host: nodeHost(CORPUS) });
      for (const f of result.findings) {
        assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start <= f.span.end, `${f.ruleId} range out of document`);
        for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end, `${f.ruleId} fix edit out of range`);
      }
    });
  }
});
