import { statSync } from 'node:fs';
import { BoundedMap } from '../cache';
import type { Host } from '../service';

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
 * A host whose reads are cached per file and revalidated by a `stat` of the file: its identity, size and
 * modification time. Every analysis of a .tf file reads all the other .tf files of its module, so a module of
 * n files opened in the editor costs n² reads; a `stat` is much cheaper than resolving the path, opening,
 * reading and decoding the file again, and handing back the same string lets the engine's caches compare
 * texts by identity. A file changed on disk gets a new stamp and is read again, through `host`, whose
 * workspace confinement and type and size checks apply to every read that reaches the file system: only a
 * regular file within the size cap is answered from here.
 */
export function withReadCache(host: Host): Host {
  const texts = new BoundedMap<string, { stamp: string; text: string }>({ max: READS_KEPT, maxWeight: READ_CHARS_KEPT, weigh: (e) => e.text.length, name: 'lsp.reads' });
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
  };
}
