import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { entryKind, type Host, type ReadResult } from './host';

/** File access for the CLI: reads only inside `root` (no `..` escape, no absolute paths elsewhere, no symlink escape). */
export function nodeHost(root: string): Host {
  const realRoot = safeReal(root) ?? resolve(root);
  const inside = (real: string) => {
    const rel = relative(realRoot, real);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  return {
    workspaceRoot: realRoot,
    read(p, maxBytes) {
      const real = safeReal(p);
      if (!real || !inside(real)) return { missing: true };
      return readBounded(real, maxBytes);
    },
    listDir(d) {
      const real = safeReal(d);
      if (!real || !inside(real)) return [];
      try {
        return readdirSync(real);
      } catch {
        return [];
      }
    },
  };
}

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer (the type check below then refuses it).
// Windows has neither flag and no FIFOs to open.
// (A function, not a constant: a bundle without this host, the browser's, then leaves `node:fs` out.)
const openFlags = () => constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Reads a file only when it is a regular file of at most `maxBytes` bytes: its type and size are checked with
 * `stat` before it is opened, and again on the open descriptor (the path may have been replaced in between),
 * and no more than `maxBytes + 1` bytes are ever read (a file that grows while it is read is refused too). So
 * a FIFO, a device or a 2 GiB sparse file costs a `stat`, not a blocked thread or the memory of its size.
 */
export function readBounded(path: string, maxBytes: number): ReadResult {
  let st;
  try {
    st = statSync(path);
  } catch {
    return { missing: true };
  }
  const refused = refusal(st, maxBytes);
  if (refused) return refused;
  let fd: number;
  try {
    fd = openSync(path, openFlags());
  } catch {
    return { missing: true };
  }
  try {
    const fst = fstatSync(fd);
    const again = refusal(fst, maxBytes);
    if (again) return again;
    // One byte more than allowed tells a file that grew past the cap from one that fits exactly.
    const cap = maxBytes + 1;
    let buf = Buffer.allocUnsafe(Math.min(fst.size + 1, cap));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n >= cap) return { skipped: 'too-large', bytes: n };
        // The file grew since the fstat (or reports no size, as some special files do): read on, still capped.
        const bigger = Buffer.allocUnsafe(Math.min(cap, Math.max(4096, buf.length * 2)));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    return { text: buf.toString('utf8', 0, n) };
  } catch {
    return { missing: true };
  } finally {
    closeSync(fd);
  }
}

function refusal(st: Stats, maxBytes: number): ReadResult | undefined {
  if (!st.isFile()) return { skipped: 'not-regular', kind: entryKind(st) };
  if (st.size > maxBytes) return { skipped: 'too-large', bytes: st.size };
  return undefined;
}

function safeReal(p: string): string | undefined {
  try {
    return realpathSync.native(p);
  } catch {
    return undefined;
  }
}
