import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { bigTerraform } from '../../../scripts/bench-inputs';
import { createKeyscope, nodeHost, type AnalysisSteps } from '../../../server/src/service';
import { initTerraform } from '../../../server/src/terraform';
import { parseHolds } from '../../../server/src/terraform/syntax/cache';
import { snapshot } from '../../helpers/incremental';


/**
 * A .tf file is extracted in steps: the language server answers other requests between them. Whatever runs
 * between two steps (another analysis of the same path, a newer text, a run stopped half way), each finished
 * analysis is the one a fresh instance gives, and a stopped one holds no parse tree.
 */

// Callers passing principals and a variable file to modules of the repository's own fixtures.
const WORKSPACE = join(__dirname, '..', '..', 'fixtures', 'forms', 'module-calls');

const BIG = bigTerraform(40);
const EDITED = BIG.replace('"key 10"', '"key 10 edited"').replace('kms:Decrypt", "kms:Encrypt"]', 'kms:Decrpyt", "kms:Encrypt"]');

/** Steps until the analysis has its policies; how many steps that took. */
function stepsToExtract(s: AnalysisSteps): number {
  let n = 0;
  while (!s.extracted && !s.step()) n++;
  return n;
}

function complete(s: AnalysisSteps) {
  while (!s.step());
  assert.ok(s.result);
  return s.result;
}

describe('Terraform extraction in steps', () => {
  before(() => initTerraform());

  it('pauses during the extraction of a large file, not only in the rules', () => {
    const engine = createKeyscope();
    try {
      const s = engine.analyzeInSteps({ path: '/ws/keys.tf', text: BIG });
      s.step();
      assert.ok(!s.extracted && parseHolds() > 0, 'the extraction does not hold its trees across its pauses');
      assert.ok(stepsToExtract(s) > 10, 'the extraction ran as one step');
      assert.equal(parseHolds(), 0);
      complete(s);
      assert.equal(parseHolds(), 0);
    } finally {
      engine.dispose();
    }
  });

  it('gives a fresh analysis\'s result when analyses of the same path interleave and one is stopped', () => {
    const engine = createKeyscope();
    const fresh = createKeyscope();
    try {
      complete(engine.analyzeInSteps({ path: '/ws/keys.tf', text: BIG }));
      // An edit: its analysis starts, and half way through its extraction a newer text arrives.
      const stale = engine.analyzeInSteps({ path: '/ws/keys.tf', text: EDITED.replace('"key 20"', '"key 20 x"') });
      for (let i = 0; i < 15; i++) stale.step();
      assert.ok(!stale.extracted);
      const current = engine.analyzeInSteps({ path: '/ws/keys.tf', text: EDITED });
      for (let i = 0; i < 7; i++) current.step();
      // A whole analysis of the older text (fix all on save) runs between two steps of the current one.
      engine.analyze({ path: '/ws/keys.tf', text: BIG });
      stale.cancel();
      const result = complete(current);
      assert.equal(parseHolds(), 0, 'a stopped analysis kept its hold on the parse trees');
      assert.deepEqual(snapshot(result), snapshot(fresh.analyze({ path: '/ws/keys.tf', text: EDITED })));
      assert.ok(result.findings.some((f) => f.ruleId === 'unknown-action'));
    } finally {
      engine.dispose();
      fresh.dispose();
    }
  });

  it('gives a fresh analysis\'s result for the callers of modules and the modules, stepped', () => {
    const engine = createKeyscope({ host: nodeHost(WORKSPACE) });
    const fresh = createKeyscope({ host: nodeHost(WORKSPACE) });
    try {
      for (const rel of ['live/main.tf', 'live/terraform.tfvars', 'modules/kms-key/main.tf']) {
        const path = join(WORKSPACE, rel);
        const text = readFileSync(path, 'utf8');
        const s = engine.analyzeInSteps({ path, text });
        stepsToExtract(s);
        assert.deepEqual(snapshot(complete(s), WORKSPACE), snapshot(fresh.analyze({ path, text }), WORKSPACE));
      }
      assert.equal(parseHolds(), 0);
    } finally {
      engine.dispose();
      fresh.dispose();
    }
  });

  it('releases the trees of an unfinished analysis when its instance is disposed', () => {
    const engine = createKeyscope();
    const s = engine.analyzeInSteps({ path: '/ws/keys.tf', text: BIG });
    for (let i = 0; i < 5; i++) s.step();
    assert.ok(parseHolds() > 0);
    engine.dispose();
    assert.equal(parseHolds(), 0);
  });
});
