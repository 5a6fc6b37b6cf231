import { BoundedMap } from '../../cache';
import { instanceState } from '../../state';
import type { Pause, Steps } from '../../steps';
import { freeTree, isLive, parseHcl, type ParsedHcl } from './parser';

/**
 * The last parse of each .tf document, so the next analysis after a keystroke re-parses incrementally from it
 * (`parseHcl(text, previous)`), and a sibling file of a module that has not changed is not parsed again.
 * Tree-sitter trees live in wasm memory and must be deleted: a parse that leaves the cache (evicted, or
 * replaced by the next parse of its document) is deleted at once, or, while an extraction is running
 * (`withParses`, or `holdingSteps` across the steps of one) that obtained it, when that extraction ends, since
 * it may still be reading the tree.
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
/** The holds open (one per running extraction): the parses handed out to each while it ran. */
const open = new Set<Set<ParsedHcl>>();
/** The holds of the code running now: an extraction's step, and a `withParses` inside it. */
const running: Set<ParsedHcl>[] = [];
const retired: ParsedHcl[] = [];

/** True while an open hold was handed `p`: the extraction holding it may still read its tree. */
function held(p: ParsedHcl): boolean {
  for (const h of open) if (h.has(p)) return true;
  return false;
}

function retire(p: ParsedHcl): void {
  if (held(p)) retired.push(p);
  else freeTree(p);
}

/** The parse of `text` for `path`, reusing or incrementally updating the previous one. */
export function parseCached(path: string, text: string): ParsedHcl {
  const entries = parses();
  const cached = entries.get(path);
  // A parse made by a parser that failed since is of no use (and its tree must not be touched).
  const prev = cached && isLive(cached) ? cached : undefined;
  let parsed = prev;
  if (!prev || prev.text !== text) {
    parsed = parseHcl(text, prev);
    entries.set(path, parsed); // the previous parse leaves: retired
  }
  for (const h of running) h.add(parsed!);
  return parsed!;
}

/** Runs `fn` with every tree it obtains from the cache kept alive until it returns. */
export function withParses<T>(fn: () => T): T {
  const [hold, release] = openHold();
  running.push(hold);
  try {
    return fn();
  } finally {
    running.pop();
    release();
  }
}

/**
 * Runs the steps `make` returns keeping every tree they obtain from the cache alive until they end or are
 * stopped (`return()` runs the `finally`), across their pauses. Only those trees: while many documents are
 * analysed at once, a tree another extraction obtained and that left the cache is freed at once, not when
 * the last of them ends (their trees would otherwise pile up in the parser's memory, which never shrinks).
 */
export function* holdingSteps<T>(make: () => Steps<T>): Steps<T> {
  const [hold, release] = openHold();
  const steps = make();
  let done = false;
  try {
    for (;;) {
      running.push(hold);
      let next: IteratorResult<Pause, T>;
      try {
        next = steps.next();
      } finally {
        running.pop();
      }
      if (next.done) {
        done = true;
        return next.value;
      }
      yield next.value as Pause;
    }
  } finally {
    if (!done) {
      running.push(hold);
      try {
        steps.return(undefined as never);
      } finally {
        running.pop();
      }
    }
    release();
  }
}

/** A new open hold, and the function (once; later calls do nothing) that closes it and frees what it kept. */
function openHold(): [Set<ParsedHcl>, () => void] {
  const hold = new Set<ParsedHcl>();
  open.add(hold);
  return [
    hold,
    () => {
      if (!open.delete(hold)) return;
      const still = retired.splice(0).filter((p) => {
        if (held(p)) return true;
        freeTree(p);
        return false;
      });
      retired.push(...still);
      if (open.size > 0) return;
      // After a parser failure, the parses of the dropped runtime go at once: they hold its whole heap.
      const entries = parses();
      for (const key of [...entries.keys()]) if (!isLive(entries.peek(key) as ParsedHcl)) entries.delete(key);
    },
  ];
}

/** Holds on the parse cache not yet released (tests: a stopped analysis must leave none). */
export function parseHolds(): number {
  return open.size;
}

/** Drops every cached parse (tests; a host that closes all documents). */
export function clearParseCache(): void {
  parses().clear();
}

/** Number of cached parses (tests). */
export function parseCacheSize(): number {
  return parses().size;
}
