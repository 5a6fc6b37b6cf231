import { statSync } from 'node:fs';
import { readBounded } from '../service';
import { UsageError } from './errors';

/**
 * A file the user named (or a directory walk found), read like every other file: a regular file only, at most
 * `maxBytes` bytes, its size checked before it is read. A file over the limit gives its size instead of its
 * text; anything else that cannot be read is a UsageError naming `shown`.
 */
export function readInput(path: string, shown: string, maxBytes: number): { text: string } | { tooLarge: number } {
  const r = readBounded(path, maxBytes);
  if ('text' in r) return r;
  if ('skipped' in r) {
    if (r.skipped === 'too-large') return { tooLarge: r.bytes };
    throw new UsageError(r.kind === 'a directory' ? `${shown} is a directory: give one policy file` : `cannot read ${shown}: not a regular file (it is ${r.kind})`);
  }
  let code: string | undefined;
  try {
    statSync(path);
  } catch (e) {
    code = (e as NodeJS.ErrnoException).code;
  }
  throw new UsageError(`cannot read ${shown}: ${code === 'ENOENT' ? 'no such file or directory' : code ?? 'unreadable'}`);
}
