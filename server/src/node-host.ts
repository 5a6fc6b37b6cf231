import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Host } from './host';

/** File access for the CLI: reads only inside `root` (no `..` escape, no absolute paths elsewhere, no symlink escape). */
export function nodeHost(root: string): Host {
  const realRoot = safeReal(root) ?? resolve(root);
  const inside = (p: string) => {
    const real = safeReal(p);
    if (!real) return false;
    const rel = relative(realRoot, real);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  return {
    workspaceRoot: realRoot,
    readFile(p) {
      if (!inside(p)) return undefined;
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    listDir(d) {
      if (!inside(d)) return [];
      try {
        return readdirSync(d);
      } catch {
        return [];
      }
    },
  };
}

function safeReal(p: string): string | undefined {
  try {
    return realpathSync.native(p);
  } catch {
    return undefined;
  }
}
