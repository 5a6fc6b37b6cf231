import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { BoundedMap } from './cache';
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

/**
 * Files kept per workspace folder, their characters in all (about 16 MB), and the largest file kept. The files
 * read again and again are the .tf files of the modules being analysed: as many files as the sibling summaries
 * keep, and enough text for the modules being worked on; a file larger than a million characters is read
 * each time (the engine does not analyse siblings that large).
 */
export const READS_KEPT = 5000;
export const READ_CHARS_KEPT = 8_000_000;
export const READ_FILE_CHARS_KEPT = 1_000_000;

/**
 * Folder listings kept per workspace folder: every analysis of a .tf file lists its module's folder, and every
 * module call lists the called module's; a workspace of a few thousand folders fits.
 */
export const LISTINGS_KEPT = 5000;

/**
 * How long ago a folder must have last changed for its listing to be kept. A file system stamps times in
 * ticks of a few milliseconds (or coarser), so two changes within one tick leave the same times: a listing
 * made between them would look current. A folder that changed this recently is listed again each time.
 */
export const LISTING_SETTLED_MS = 2_000;

/**
 * A host whose reads are cached per file and revalidated by a `stat` of the file: its identity, size and
 * modification time. Every analysis of a .tf file reads all the other .tf files of its module, so a module of
 * n files opened in the editor (or linted) costs n² reads; a `stat` is much cheaper than resolving the path,
 * opening, reading and decoding the file again, and handing back the same string lets the engine's caches
 * compare texts by identity. A file changed on disk gets a new stamp and is read again, through `host`, whose
 * workspace confinement and type and size checks apply to every read that reaches the file system: only a
 * regular file within the size cap is answered from here. Folder listings are kept the same way, revalidated
 * by the folder's identity and its modification and change times (adding, removing or renaming an entry
 * changes both), once the folder has not changed for `LISTING_SETTLED_MS`.
 */
export function withReadCache(host: Host): Host {
  const texts = new BoundedMap<string, { stamp: string; text: string }>({ max: READS_KEPT, maxWeight: READ_CHARS_KEPT, weigh: (e) => e.text.length, name: 'lsp.reads' });
  const listings = new BoundedMap<string, { stamp: string; names: string[] }>({ max: LISTINGS_KEPT, name: 'lsp.listings' });
  return {
    ...host,
    read(path, maxBytes) {
      let stamp: string | undefined;
      try {
        const st = statSync(path, { throwIfNoEntry: false });
        if (st?.isFile() && st.size <= maxBytes) stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
      } catch {
        stamp = undefined;
      }
      const hit = texts.get(path);
      if (stamp && hit?.stamp === stamp) return { text: hit.text };
      texts.delete(path);
      const r = host.read(path, maxBytes);
      if (stamp && 'text' in r && r.text.length <= READ_FILE_CHARS_KEPT) texts.set(path, { stamp, text: r.text });
      return r;
    },
    listDir(dir) {
      let stamp: string | undefined;
      try {
        const st = statSync(dir, { throwIfNoEntry: false });
        if (st?.isDirectory() && Date.now() - st.mtimeMs > LISTING_SETTLED_MS) stamp = `${st.dev}:${st.ino}:${st.mtimeMs}:${st.ctimeMs}`;
      } catch {
        stamp = undefined;
      }
      const hit = listings.get(dir);
      if (stamp && hit?.stamp === stamp) return hit.names.slice();
      listings.delete(dir);
      const names = host.listDir(dir);
      if (stamp) listings.set(dir, { stamp, names: names.slice() });
      return names;
    },
  };
}
