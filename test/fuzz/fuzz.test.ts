import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { initTerraform } from '../../server/src/terraform';
import { fuzz, fuzzInputs } from './fuzz';

describe('fuzz (seeded, bounded)', () => {
  before(() => initTerraform());
  const count = Number(process.env.KEYSCOPE_FUZZ_COUNT ?? 400);
  const seed = Number(process.env.KEYSCOPE_FUZZ_SEED ?? 20261123);
  it(`${count} mutants of our fixtures, the examples and the corpus (when set): no exception, ranges inside, fixes never worsen parsing`, (t) => {
    const files = fuzzInputs();
    assert.ok(files.length > 0);
    const report = fuzz(files, count, seed);
    t.diagnostic(`fuzz: ${report.inputs} inputs from ${files.length} files (seed ${seed}), ${report.findings} findings, ${report.fixesApplied} fixes applied, slowest ${Math.round(report.slowest.ms)} ms`);
    assert.deepEqual(report.failures.slice(0, 5).map((f) => `seed ${f.seed} ${f.mutations.join('+')} on ${f.file}: ${f.problem}`), []);
  });
});
