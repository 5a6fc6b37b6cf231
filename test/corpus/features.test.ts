import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/analyze';
import { completeAt } from '../../server/src/features/completion';
import { hoverAt } from '../../server/src/features/hover';
import { nodeHost } from '../../server/src/node-host';
import { initTerraform } from '../../server/src/terraform';
import { CORPUS, corpusFiles } from '../helpers/corpus';

/** Offsets worth probing: the start, middle and end of every quoted string, and the document's ends. */
function probes(text: string): number[] {
  const out = [0, text.length];
  for (const m of text.matchAll(/"[^"\n]{0,200}"/g)) out.push(m.index!, m.index! + Math.floor(m[0].length / 2), m.index! + m[0].length - 1);
  return out;
}

describe('hover and completion on the corpus', { skip: !existsSync(CORPUS) && 'shared/corpus is not beside the repository' }, () => {
  before(() => initTerraform());
  for (const file of corpusFiles()) {
    it(relative(CORPUS, file), () => {
      const text = readFileSync(file, 'utf8');
      const analysis = analyze({ path: file, text, force: true, host: nodeHost(CORPUS) });
      for (const offset of probes(text)) {
        const h = hoverAt(analysis, offset);
        if (h) assert.ok(h.span.start <= offset && offset <= h.span.end && h.span.end <= text.length, `hover span at ${offset}`);
        for (const c of completeAt(analysis, offset)) assert.ok(c.edit.start <= offset && offset <= c.edit.end && c.edit.end <= text.length, `completion edit at ${offset}`);
      }
    });
  }
});
