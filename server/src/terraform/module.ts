import { basename, dirname, join } from 'node:path';
import type { Host } from '../host';
import type { TerraformFile } from './model';
import { withParses } from './cache';
import { parseHcl } from './parser';
import { readBlocks } from './resources';
import { moduleFile } from './scope';

/** Resources of a .tf file, read from a fresh parse whose tree is freed at once. */
export function readResources(text: string, path: string): TerraformFile {
  const parsed = parseHcl(text);
  try {
    return { path, resources: readBlocks(parsed.tree.rootNode, text) };
  } finally {
    parsed.tree.delete();
  }
}

/**
 * Resources of a sibling file through the shared parse cache: a file the policy extraction has already parsed
 * is not parsed again (and one parsed here is ready for it).
 */
function parsedResources(text: string, path: string): TerraformFile {
  return withParses(() => ({ path, resources: readBlocks(moduleFile(path, text).root, text) }));
}

// Sibling files are re-read on every analysis of a file of the module; parsing is skipped while the text is
// unchanged. Bounded, so a huge workspace cannot grow it without limit.
const cache = new Map<string, { text: string; file: TerraformFile }>();
const CACHE_LIMIT = 2000;

/**
 * The other .tf files of the folder `path` lies in (a Terraform module), read through the host on first call.
 * Unreadable files are skipped.
 */
export function siblingsOf(path: string, host: Host): () => TerraformFile[] {
  let files: TerraformFile[] | undefined;
  return () => {
    if (files) return files;
    files = [];
    const dir = dirname(path);
    const self = basename(path);
    let names: string[] = [];
    try {
      names = host.listDir(dir);
    } catch {
      return files;
    }
    for (const name of names.sort()) {
      if (name === self || !/\.tf$/i.test(name)) continue;
      const p = join(dir, name);
      const text = host.readFile(p);
      if (text === undefined) continue;
      let hit = cache.get(p);
      if (!hit || hit.text !== text) {
        if (cache.size >= CACHE_LIMIT) cache.clear();
        hit = { text, file: parsedResources(text, p) };
        cache.set(p, hit);
      }
      files.push(hit.file);
    }
    return files;
  };
}
