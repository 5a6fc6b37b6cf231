/**
 * Inputs written outside the tests: our own realistic fixtures (always), the examples (always) and the shared
 * corpus of real-world files, which is read only when `KEYSCOPE_CORPUS` names its folder (`.ci/run` sets it when
 * `../shared/corpus` exists). Without the switch the corpus tests are skipped with `CORPUS_SKIP` as the reason;
 * a switch that names a missing folder fails at once instead of passing on nothing.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { syntaxOf } from '../../server/src/analyze';

const REPO = join(__dirname, '..', '..');

function corpusFromEnv(): string | undefined {
  const value = process.env.KEYSCOPE_CORPUS;
  if (!value) return undefined;
  const dir = isAbsolute(value) ? value : resolve(REPO, value);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`KEYSCOPE_CORPUS=${value}: no such folder (${dir})`);
  return dir;
}

/** The shared corpus folder, or undefined when `KEYSCOPE_CORPUS` is not set. */
export const CORPUS: string | undefined = corpusFromEnv();

/** The `skip` option of a corpus suite: false when the corpus is there, else the reason it is skipped. */
export const CORPUS_SKIP: string | false = CORPUS ? false : 'KEYSCOPE_CORPUS is not set (e.g. KEYSCOPE_CORPUS=../shared/corpus)';

/** A path inside the corpus; only call it from a suite skipped by `CORPUS_SKIP`. */
export function inCorpus(...parts: string[]): string {
  if (!CORPUS) throw new Error('the corpus is not available (KEYSCOPE_CORPUS is not set)');
  return join(CORPUS, ...parts);
}

/** Our own realistic inputs (test/fixtures/forms) and the examples. */
export const FORMS = join(REPO, 'test', 'fixtures', 'forms');
export const EXAMPLES = join(REPO, 'examples');

/** Every JSON and Terraform file below a folder, sorted; none when the folder is absent. */
export function policyFilesUnder(root: string | undefined): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (syntaxOf(p) !== 'none') out.push(p);
    }
  };
  if (root && existsSync(root)) walk(root);
  return out.sort();
}

/** Every JSON and Terraform file of the corpus; none when the switch is off. */
export const corpusFiles = (): string[] => policyFilesUnder(CORPUS);

/** Every JSON and Terraform file of our own realistic fixtures and the examples. */
export const ownFiles = (): string[] => [...policyFilesUnder(FORMS), ...policyFilesUnder(EXAMPLES)];

/**
 * A suite over the corpus. Without the switch it holds one skipped test that gives the reason, so the runner
 * counts it as skipped (a skipped `describe` alone is not counted by Node 20's runner).
 */
export function corpusSuite(name: string, body: (corpus: string) => void): void {
  if (CORPUS) describe(name, () => body(CORPUS!));
  else describe(name, () => it('reads the shared corpus', { skip: CORPUS_SKIP || true }, () => {}));
}
