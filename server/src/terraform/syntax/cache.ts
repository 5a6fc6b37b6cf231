import { parseHcl, type ParsedHcl } from './parser';

/**
 * The last parse of each .tf document, so the next analysis after a keystroke re-parses incrementally from it
 * (`parseHcl(text, previous)`), and a sibling file of a module that has not changed is not parsed again.
 * Bounded: the least recently used entries are dropped and their trees freed (tree-sitter trees live in wasm
 * memory and must be deleted). Trees are only freed between extractions, never while one is using them.
 */
const LIMIT = 64;
const entries = new Map<string, ParsedHcl>();
let depth = 0;

/** The parse of `text` for `path`, reusing or incrementally updating the previous one. */
export function parseCached(path: string, text: string): ParsedHcl {
  const prev = entries.get(path);
  if (prev && prev.text === text) {
    entries.delete(path);
    entries.set(path, prev); // most recently used last
    return prev;
  }
  const parsed = parseHcl(text, prev);
  entries.delete(path);
  entries.set(path, parsed);
  if (prev) retire(prev);
  return parsed;
}

const retired: ParsedHcl[] = [];

function retire(p: ParsedHcl): void {
  if (depth > 0) retired.push(p);
  else p.tree.delete();
}

/**
 * Runs `fn` with every tree it obtains from the cache kept alive until it returns; then trims the cache to
 * its bound.
 */
export function withParses<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    if (depth === 0) {
      for (const p of retired.splice(0)) p.tree.delete();
      while (entries.size > LIMIT) {
        const [key, oldest] = entries.entries().next().value as [string, ParsedHcl];
        entries.delete(key);
        oldest.tree.delete();
      }
    }
  }
}

/** Drops every cached parse (tests; a host that closes all documents). */
export function clearParseCache(): void {
  for (const p of entries.values()) p.tree.delete();
  entries.clear();
}

/** Number of cached parses (tests). */
export function parseCacheSize(): number {
  return entries.size;
}
