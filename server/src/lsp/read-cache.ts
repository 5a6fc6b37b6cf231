import { statSync } from 'node:fs';
import type { Host } from '../host';

/** Characters of file text kept in all (about 16 MB), and the largest file kept. */
const MAX_CHARS = 8_000_000;
const MAX_FILE_CHARS = 1_000_000;

/**
 * A host whose reads are cached per file and revalidated by a `stat` of the file: its identity, size and
 * modification time. Every analysis of a .tf file reads all the other .tf files of its module, so a module of
 * n files opened in the editor costs n² reads; a `stat` is much cheaper than resolving the path, opening,
 * reading and decoding the file again, and handing back the same string lets the engine's caches compare
 * texts by identity. A file changed on disk gets a new stamp and is read again, through `host`, whose
 * workspace confinement applies to every read that reaches the file system.
 */
export function withReadCache(host: Host): Host {
  const texts = new Map<string, { stamp: string; text: string }>();
  let chars = 0;
  const drop = (path: string) => {
    const old = texts.get(path);
    if (old) chars -= old.text.length;
    texts.delete(path);
  };
  return {
    ...host,
    readFile(path) {
      let stamp: string | undefined;
      try {
        const st = statSync(path, { throwIfNoEntry: false });
        if (st?.isFile()) stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
      } catch {
        stamp = undefined;
      }
      const hit = texts.get(path);
      if (stamp && hit?.stamp === stamp) return hit.text;
      drop(path);
      const text = host.readFile(path);
      if (stamp && text !== undefined && text.length <= MAX_FILE_CHARS) {
        texts.set(path, { stamp, text });
        chars += text.length;
        // Oldest first: Map iterates in insertion order.
        for (const oldest of texts.keys()) {
          if (chars <= MAX_CHARS) break;
          drop(oldest);
        }
      }
      return text;
    },
  };
}
