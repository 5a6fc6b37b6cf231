import { BoundedMap } from '../../cache';
import { instanceState } from '../../state';
import { freeTree, isLive, parseHcl, type ParsedHcl } from './parser';

/**
 * The last parse of each .tf document, so the next analysis after a keystroke re-parses incrementally from it
 * (`parseHcl(text, previous)`), and a sibling file of a module that has not changed is not parsed again.
 * Tree-sitter trees live in wasm memory and must be deleted: a parse that leaves the cache (evicted, or
 * replaced by the next parse of its document) is deleted at once, or, while an extraction is running
 * (`withParses`, or `holdParses` across the steps of one), when it ends, since that extraction may still be
 * reading the tree.
 */

/**
 * Parses kept: the most recently used documents'. The documents being edited and the module files they read
 * parse trees of (only for a block merged from another file; other files are read through summaries) fit
 * many times over; each tree costs wasm memory in proportion to its text.
 */
export const PARSES_KEPT = 64;

// Per engine instance; disposing the instance frees its trees.
const parses = instanceState(
  () => new BoundedMap<string, ParsedHcl>({ max: PARSES_KEPT, onEvict: (p) => retire(p), name: 'terraform.parses' }),
  (entries) => entries.clear(),
);
let depth = 0;
const retired: ParsedHcl[] = [];

function retire(p: ParsedHcl): void {
  if (depth > 0) retired.push(p);
  else freeTree(p);
}

/** The parse of `text` for `path`, reusing or incrementally updating the previous one. */
export function parseCached(path: string, text: string): ParsedHcl {
  const entries = parses();
  const cached = entries.get(path);
  // A parse made by a parser that failed since is of no use (and its tree must not be touched).
  const prev = cached && isLive(cached) ? cached : undefined;
  if (prev && prev.text === text) return prev;
  const parsed = parseHcl(text, prev);
  entries.set(path, parsed); // the previous parse leaves: retired
  return parsed;
}

/** Runs `fn` with every tree it obtains from the cache kept alive until it returns. */
export function withParses<T>(fn: () => T): T {
  const release = holdParses();
  try {
    return fn();
  } finally {
    release();
  }
}

/**
 * Keeps every tree obtained from the cache alive until the function returned is called (once; later calls do
 * nothing): an extraction run in steps holds its trees across its pauses, and releases them when it ends or
 * is stopped (`return()` of its generator runs its `finally`).
 */
export function holdParses(): () => void {
  depth++;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    depth--;
    if (depth > 0) return;
    for (const p of retired.splice(0)) freeTree(p);
    // After a parser failure, the parses of the dropped runtime go at once: they hold its whole heap.
    const entries = parses();
    for (const key of [...entries.keys()]) if (!isLive(entries.peek(key) as ParsedHcl)) entries.delete(key);
  };
}

/** Holds on the parse cache not yet released (tests: a stopped analysis must leave none). */
export function parseHolds(): number {
  return depth;
}

/** Drops every cached parse (tests; a host that closes all documents). */
export function clearParseCache(): void {
  parses().clear();
}

/** Number of cached parses (tests). */
export function parseCacheSize(): number {
  return parses().size;
}
