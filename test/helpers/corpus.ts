import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { syntaxOf } from '../../server/src/analyze';

/** The shared corpus of real-world policies and Terraform, beside the repository. */
export const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Every JSON and Terraform file of the corpus, sorted; none when the corpus is absent. */
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
