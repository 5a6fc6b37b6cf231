import { constants } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isInside, type ConfigHost, type ConfigRead } from './load';

// Opening a FIFO for reading waits for a writer unless it is opened non-blocking (no such flag on Windows).
// (A function, not a constant: a bundle without this host, the browser's, then leaves `node:fs` out.)
const openFlags = () => constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Configuration files from the disk, for the server and the CLI: only regular files, inside `root` once links
 * are followed, of a bounded size, read with asynchronous calls (the event loop never waits on the disk).
 * Type and size are checked before the file is opened, and again on the open file.
 */
export function nodeConfigHost(root: string): ConfigHost {
  const absRoot = resolve(root);
  return {
    root: absRoot,
    async readConfig(path, maxBytes): Promise<ConfigRead> {
      try {
        await lstat(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : refused(`cannot be read (${code ?? 'error'})`);
      }
      let real: string;
      let realRoot: string;
      try {
        [real, realRoot] = await Promise.all([realpath(path), realpath(absRoot)]);
      } catch {
        return refused('is a link to nothing');
      }
      if (!isInside(realRoot, real)) return refused('is a link to a file outside the folder');
      try {
        const before = await stat(real);
        const problem = typeProblem(before, maxBytes);
        if (problem) return refused(problem);
        const fh = await open(real, openFlags());
        try {
          const problem = typeProblem(await fh.stat(), maxBytes);
          if (problem) return refused(problem);
          // At most maxBytes + 1 bytes are read: a file that grew since is refused too.
          const buf = Buffer.allocUnsafe(maxBytes + 1);
          let n = 0;
          for (let r = 1; r > 0 && n < buf.length; n += r) r = (await fh.read(buf, n, buf.length - n, n)).bytesRead;
          if (n > maxBytes) return refused(`is larger than ${Math.round(maxBytes / 1024)} KB`);
          try {
            return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, n)) };
          } catch {
            return refused('is not UTF-8 text');
          }
        } finally {
          await fh.close();
        }
      } catch (e) {
        return refused(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    },
  };
}

function typeProblem(st: { isFile(): boolean; size: number | bigint }, maxBytes: number): string | undefined {
  if (!st.isFile()) return 'is not a regular file';
  if (Number(st.size) > maxBytes) return `is larger than ${Math.round(maxBytes / 1024)} KB`;
  return undefined;
}

function refused(reason: string): ConfigRead {
  return { kind: 'refused', reason };
}
