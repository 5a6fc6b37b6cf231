// A longer fuzz run than the one in `npm test`: `npm run fuzz -- [count] [seed]`, with adversarial wildcards and
// a tenth as many hostile configurations (test/fuzz/config-fuzz.ts). Failures are written to
// .fuzz/failures.json with the seed that reproduces each (KEYSCOPE_FUZZ_SEED=<seed> KEYSCOPE_FUZZ_COUNT=1).
import { mkdirSync, writeFileSync } from 'node:fs';
import { initTerraform } from '../server/src/terraform';
import { fuzz, fuzzInputs } from '../test/fuzz/fuzz';
import { fuzzWildcards } from '../test/fuzz/wildcards';
import { fuzzConfigs } from '../test/fuzz/config-fuzz';

async function main() {
  const count = Number(process.argv[2] ?? 20000);
  const seed = Number(process.argv[3] ?? Date.now() % 1e9);
  await initTerraform();
  const files = fuzzInputs();
  const t0 = performance.now();
  const r = fuzz(files, count, seed);
  console.log(`${r.inputs} inputs from ${files.length} files, seed ${seed}: ${r.failures.length} failures, ${r.findings} findings, ${r.fixesApplied} fixes applied, slowest ${Math.round(r.slowest.ms)} ms (${r.slowest.file}), ${Math.round((performance.now() - t0) / 1000)} s`);
  // Adversarial wildcards: one round per 100 mutants (each round is several patterns of up to 20,000 characters).
  const w = fuzzWildcards(Math.max(1, Math.ceil(count / 100)), seed);
  console.log(`wildcards: ${w.inputs} patterns and policies, seed ${seed}: ${w.failures.length} failures, slowest round ${Math.round(w.slowest.ms)} ms (${w.slowest.what})`);
  // Hostile .keyscope.json files and editor settings (test/fuzz/config-fuzz.ts): a tenth as many.
  const c0 = performance.now();
  const c = fuzzConfigs(Math.ceil(count / 10), seed);
  console.log(`configurations: ${c.inputs} hostile .keyscope.json files and editor settings, seed ${seed}: ${c.failures.length} failures, ${c.problems} problems reported, ${Math.round((performance.now() - c0) / 1000)} s`);
  const failures = [...r.failures, ...w.failures, ...c.failures];
  if (failures.length) {
    mkdirSync('.fuzz', { recursive: true });
    writeFileSync('.fuzz/failures.json', JSON.stringify(failures, null, 2));
    console.log('failures written to .fuzz/failures.json');
    process.exitCode = 1;
  }
}
void main();
