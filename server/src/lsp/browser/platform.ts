/**
 * The server in a browser's Web Worker: no file system, no git. The engine's host answers synchronously from
 * what was fetched before; after each analysis the server fetches what it asked for and did not get
 * (`keyscope/readFile`, `keyscope/listDir`: the client reads them through `workspace.fs`, bounded) and analyses
 * again, until nothing new is asked for. `.keyscope.json` files are read the same way.
 */
import { dirname } from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { BoundedMap } from '../../cache';
import { useWasmFiles, type FileReads, type Host, type ReadResult } from '../../service';
import { isInside, type ConfigHost, type ConfigRead } from '../../settings';
import type { ServerPlatform } from '../platform';
import { LIST_DIR_REQUEST, READ_FILE_REQUEST, type ListDirParams, type ListDirResult, type ReadFileParams, type ReadFileResult } from '../protocol';

/** Files and folders kept (as the Node.js server's read cache keeps them); the client is asked again past these. */
export const CLIENT_READS_KEPT = 5000;
export const CLIENT_READ_CHARS_KEPT = 8_000_000;
export const CLIENT_DIRS_KEPT = 2000;

const MISSING: ReadResult = { missing: true };

export function browserPlatform(connection: Connection): ServerPlatform {
  const files = new BoundedMap<string, { maxBytes: number; result: ReadResult }>({
    max: CLIENT_READS_KEPT,
    maxWeight: CLIENT_READ_CHARS_KEPT,
    weigh: (e) => ('text' in e.result ? e.result.text.length : 1),
    name: 'lsp.clientReads',
  });
  const dirs = new BoundedMap<string, string[]>({ max: CLIENT_DIRS_KEPT, name: 'lsp.clientDirs' });
  /** The scheme and authority of the URIs seen, by folder: a path maps back to the URI it came from. */
  const bases = new BoundedMap<string, URI>({ max: CLIENT_DIRS_KEPT, name: 'lsp.uriBases' });
  let lastBase: URI | undefined;

  const pathOf = (uri: string): string | undefined => {
    const u = URI.parse(uri);
    if (u.scheme === 'untitled' || !u.path.startsWith('/')) return undefined;
    const base = u.with({ path: '/', query: null, fragment: null });
    bases.set(u.path, base);
    bases.set(dirname(u.path), base);
    lastBase = base;
    return u.path;
  };
  const uriOf = (path: string): string => {
    for (let d = path; ; d = dirname(d)) {
      const base = bases.get(d);
      if (base) return base.with({ path }).toString();
      if (d === dirname(d)) break;
    }
    return (lastBase ?? URI.file('/')).with({ path }).toString();
  };

  const readFile = (path: string, maxBytes: number): Promise<ReadResult> =>
    connection
      .sendRequest<ReadFileResult>(READ_FILE_REQUEST, { uri: uriOf(path), maxBytes } satisfies ReadFileParams)
      .then((r) => (r && typeof r === 'object' && ('text' in r ? typeof r.text === 'string' : 'skipped' in r) ? r : MISSING), () => MISSING);
  const listDir = (dir: string): Promise<string[]> =>
    connection
      .sendRequest<ListDirResult>(LIST_DIR_REQUEST, { uri: uriOf(dir) } satisfies ListDirParams)
      .then((r) => (Array.isArray(r) ? r.filter((n): n is string => typeof n === 'string') : []), () => []);

  return {
    pathOf,
    uriOf,
    unavailable: 'needs Keyscope in desktop VS Code (a Node.js process), not in the browser',
    initialize(options) {
      const wasm = readWasmOption(options);
      if (wasm) useWasmFiles(wasm);
    },
    host(folder): Host {
      return {
        workspaceRoot: folder,
        read(path, maxBytes) {
          if (!isInside(folder, path)) return MISSING;
          const hit = files.get(path);
          return hit && hit.maxBytes === maxBytes ? hit.result : MISSING;
        },
        listDir: (dir) => (isInside(folder, dir) ? dirs.get(dir) ?? [] : []),
      };
    },
    async fetchMissing(reads: FileReads | undefined): Promise<boolean> {
      const root = reads?.workspaceRoot;
      if (!reads || !root) return false;
      const wantFiles = [...reads.files].filter((p) => isInside(root, p) && files.get(p)?.maxBytes !== reads.maxBytes);
      const wantDirs = [...reads.dirs].filter((d) => isInside(root, d) && !dirs.has(d));
      if (!wantFiles.length && !wantDirs.length) return false;
      await Promise.all([
        ...wantFiles.map(async (p) => files.set(p, { maxBytes: reads.maxBytes, result: await readFile(p, reads.maxBytes) })),
        ...wantDirs.map(async (d) => dirs.set(d, await listDir(d))),
      ]);
      return true;
    },
    changed(changes) {
      for (const c of changes) {
        const path = pathOf(c.uri);
        if (path === undefined) continue;
        files.delete(path);
        dirs.delete(path);
        dirs.delete(dirname(path)); // created or deleted: the folder's names change
      }
    },
    configHost(folder): ConfigHost {
      return {
        root: folder,
        async readConfig(path, maxBytes): Promise<ConfigRead> {
          if (!isInside(folder, path)) return { kind: 'missing' };
          const r = await readFile(path, maxBytes);
          if ('text' in r) return { kind: 'text', text: r.text };
          if ('missing' in r) return { kind: 'missing' };
          return { kind: 'refused', reason: r.skipped === 'too-large' ? `is larger than ${Math.round(maxBytes / 1024)} KB` : 'is not a regular file' };
        },
      };
    },
  };
}

/** Longest URL taken for a wasm file: a `data:` URL carries the file (the grammar and runtime are under 300 KB). */
const MAX_URL = 4 * 1024 * 1024;

/** `initializationOptions.wasm`: the URLs of the two wasm files, when both are given as URL strings. */
function readWasmOption(options: unknown): { runtime: string; hcl: string } | undefined {
  const wasm = (options as { wasm?: unknown } | null | undefined)?.wasm as { runtime?: unknown; hcl?: unknown } | undefined;
  const ok = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_URL && /^(https?|data|blob):/.test(v);
  return wasm && ok(wasm.runtime) && ok(wasm.hcl) ? { runtime: wasm.runtime, hcl: wasm.hcl } : undefined;
}
