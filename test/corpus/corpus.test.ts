import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze, syntaxOf } from '../../server/src/analyze';
import { nodeHost } from '../../server/src/node-host';
import { initTerraform } from '../../server/src/terraform';

/** The shared corpus of real-world policies and Terraform, beside the repository. */
export const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');

export function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (syntaxOf(p) !== 'none') out.push(p);
    }
  };
  if (existsSync(CORPUS)) walk(CORPUS);
  return out.sort();
}

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
