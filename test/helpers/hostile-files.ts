import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** 2 GiB: the sparse file that used to cost 10 s and 2 GB of memory when read whole. */
export const TWO_GIB = 2 ** 31;

/** A named pipe at `path` (no writer ever opens it: reading it would block for good). */
export function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** A sparse file of `bytes` bytes (nothing written: it takes no disk space). */
export function sparseFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/** A fresh temporary folder, and a function that removes it. */
export function tempFolder(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
