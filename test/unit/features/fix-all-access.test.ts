// Fix all (what fix on save applies) never changes who can do what: over every policy file of the repository's
// fixtures and examples, seeded mutants of them that type the usual mistakes in, and the shared corpus when
// KEYSCOPE_CORPUS is set. Rule tables check the same property over their own cases (test/helpers/rule-table.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { initTerraform } from '../../../server/src/terraform';
import { REFERENCE_POLICIES } from '../../fixtures/policies';
import { CORPUS, CORPUS_SKIP, EXAMPLES, FORMS, policyFilesUnder } from '../../helpers/corpus';
import { checkFixAll, type FixAllCheck } from '../../helpers/fix-all-property';
import { MUTATIONS, rng } from '../../fuzz/fuzz';

const root = join(__dirname, '..', '..', '..');

interface Input {
  name: string;
  path: string;
  text: string;
}

const FIXTURES: Input[] = [
  ...[FORMS, EXAMPLES, join(root, 'test', 'e2e', 'fixtures')].flatMap(policyFilesUnder).map((p) => ({ name: p.slice(root.length + 1), path: p, text: readFileSync(p, 'utf8') })),
  ...Object.entries(REFERENCE_POLICIES).map(([name, text]) => ({ name, path: `${name}.kms.json`, text })),
];

/** Seeded mutants: string values replaced by what authors get wrong (misspelt actions, `allow`, `Principle`, ...). */
function mutants(inputs: Input[], count: number, seed: number): Input[] {
  const out: Input[] = [];
  for (let n = 0; n < count; n++) {
    const r = rng(seed + n);
    const base = inputs[Math.floor(r() * inputs.length)];
    let text = base.text;
    for (let k = 0, m = 1 + Math.floor(r() * 4); k < m; k++) text = MUTATIONS.replaceString(text, r);
    out.push({ name: `${base.name} (mutant seed ${seed + n})`, path: base.path, text });
  }
  return out;
}

/** Runs the property over inputs; returns the problems and the figures said in the test's diagnostics. */
function checkAll(inputs: Input[]): { problems: string[]; figures: string } {
  const problems: string[] = [];
  const sum: Omit<FixAllCheck, 'problems'> = { safe: 0, suggestions: 0, applied: 0 };
  let changed = 0;
  for (const input of inputs) {
    const r = checkFixAll(input.path, input.text);
    problems.push(...r.problems.map((p) => `${input.name}: ${p}`));
    sum.safe += r.safe;
    sum.suggestions += r.suggestions;
    sum.applied += r.applied;
    if (r.applied) changed++;
  }
  return { problems, figures: `${inputs.length} files: ${sum.safe} safe fixes and ${sum.suggestions} suggestions offered; fix all edited ${changed} files (${sum.applied} edits)` };
}

describe('fix all keeps who can do what', () => {
  before(() => initTerraform());

  it('over the fixtures and examples', (t) => {
    assert.ok(FIXTURES.length >= 20, `only ${FIXTURES.length} fixtures found`);
    const { problems, figures } = checkAll(FIXTURES);
    t.diagnostic(figures);
    assert.deepEqual(problems, []);
  });

  it('over seeded mutants of them', (t) => {
    const count = Number(process.env.KEYSCOPE_FIX_ALL_MUTANTS ?? 300);
    const { problems, figures } = checkAll(mutants(FIXTURES, count, 20261207));
    t.diagnostic(figures);
    assert.deepEqual(problems.slice(0, 10), []);
  });

  it('over the shared corpus', { skip: CORPUS_SKIP }, (t) => {
    const files = policyFilesUnder(CORPUS);
    assert.ok(files.length > 0, `no policy files in ${CORPUS}`);
    const inputs = files.map((p) => ({ name: p.slice(CORPUS!.length + 1), path: p, text: readFileSync(p, 'utf8') }));
    const { problems, figures } = checkAll([...inputs, ...mutants(inputs, 300, 20261207)]);
    t.diagnostic(figures);
    assert.deepEqual(problems.slice(0, 10), []);
  });
});
