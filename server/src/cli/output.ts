import { writeFileSync } from 'node:fs';
import { UsageError } from './errors';
import { quotePath } from './escape';

/** A report for standard output, or written to `--output FILE` (then nothing is printed). */
export function deliver(output: string, exitCode: number, file: string | undefined): { output: string; exitCode: number } {
  if (file === undefined) return { output, exitCode };
  try {
    writeFileSync(file, output);
  } catch (e) {
    throw new UsageError(`cannot write ${quotePath(file)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return { output: '', exitCode };
}
