import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/analyze';
import { completeAt } from '../../server/src/features/completion';
import { hoverAt } from '../../server/src/features/hover';
import { nodeHost } from '../../server/src/node-host';
import { initTerraform } from '../../server/src/terraform';
import { corpusFiles, corpusSuite, FORMS, ownFiles } from '../helpers/corpus';
import { writtenHere } from '../../server/src/policy/model';

/** Offsets worth probing: the start, middle and end of every quoted string, and the document's ends. */
function probes(text: string): number[] {
  const out = [0, text.length];
  for (const m of text.matchAll(/"[^"\n]{0,200}"/g)) out.push(m.index!, m.index! + Math.floor(m[0].length / 2), m.index! + m[0].length - 1);
  return out;
}

/** Hover and completion answer inside the document at every probe; returns how many probes had a hover. */
function featuresHold(file: string, root: string): { hovers: number; policies: number } {
  const text = readFileSync(file, 'utf8');
  const analysis = analyze({ path: file, text, force: true, host: nodeHost(root) });
  let hovers = 0;
  for (const offset of probes(text)) {
    const h = hoverAt(analysis, offset);
    if (h) {
      hovers++;
      assert.ok(h.span.start <= offset && offset <= h.span.end && h.span.end <= text.length, `hover span at ${offset}`);
    }
    for (const c of completeAt(analysis, offset)) assert.ok(c.edit.start <= offset && offset <= c.edit.end && c.edit.end <= text.length, `completion edit at ${offset}`);
  }
  // A policy read from another file (`file()`, `templatefile()`), or another file's policy judged here for
  // this file's values (a .tfvars), has nothing to hover in this one.
  return { hovers, policies: analysis.sources.filter(writtenHere).length };
}

describe('hover and completion on our realistic fixtures and examples', () => {
  before(() => initTerraform());
  for (const file of ownFiles()) {
    it(relative(dirname(FORMS), file), () => {
      const { hovers, policies } = featuresHold(file, dirname(file));
      if (policies > 0) assert.ok(hovers > 0, 'no hover anywhere in a file with a policy');
    });
  }
});

corpusSuite('hover and completion on the corpus', (corpus) => {
  before(() => initTerraform());
  for (const file of corpusFiles()) it(relative(corpus, file), () => void featuresHold(file, corpus));
});
