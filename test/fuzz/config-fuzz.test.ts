import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzConfigs } from './config-fuzz';

describe('config fuzz (seeded, bounded)', () => {
  const count = Number(process.env.KEYSCOPE_FUZZ_COUNT ?? 200);
  const seed = Number(process.env.KEYSCOPE_FUZZ_SEED ?? 20261207);
  it(`${count} hostile .keyscope.json files and editor settings: reported, ignored, analysis goes on`, (t) => {
    const report = fuzzConfigs(count, seed);
    t.diagnostic(`config fuzz: ${report.inputs} inputs (seed ${seed}), ${report.problems} problems reported`);
    assert.ok(report.problems > count, 'the generator makes invalid values');
    assert.deepEqual(report.failures.slice(0, 5).map((f) => `seed ${f.seed}: ${f.problem}`), []);
  });
});
