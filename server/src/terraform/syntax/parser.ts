import type * as TreeSitter from 'web-tree-sitter';
import type { Parser, Tree } from 'web-tree-sitter';
import { loadRuntime } from './runtime';

/**
 * The tree-sitter runtime: a wasm instance with its own heap, and the HCL parser on it. When a parse exhausts
 * the heap (a huge generated file, or many large trees kept at once), emscripten aborts the instance and every
 * later call into it fails too; so a failed parse throws `ParserFailure`, the instance is dropped, and the next
 * `initParser()` loads a fresh one. Trees of a dropped instance are never touched again (`freeTree`).
 */
interface Runtime {
  ts: typeof TreeSitter;
  parser: Parser;
  generation: number;
  /** The emscripten module object: the options passed to `Parser.init`, which the runtime fills in. */
  module: Record<string, unknown>;
}

let runtime: Runtime | undefined;
let loading: Promise<void> | undefined;
let generations = 0;
/** Set when the runtime failed: the next `initParser()` loads a new one. */
let failed = false;

/** Thrown when the HCL parser fails or is being restarted after a failure. */
export class ParserFailure extends Error {}

/**
 * Loads the tree-sitter runtime and the HCL grammar (`./runtime`, or `./runtime.web` in the browser): once,
 * and again after a failure.
 */
export function initParser(): Promise<void> {
  if (failed) {
    failed = false;
    loading = undefined;
  }
  loading ??= load().catch((e) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

async function load(): Promise<void> {
  const { ts, module, hcl } = await loadRuntime();
  const parser = new ts.Parser();
  parser.setLanguage(hcl);
  runtime = { ts, parser, generation: ++generations, module };
}

let failures = 0;

/** True when the parser is loaded and usable (`initParser()` has resolved, and no failure since). */
export function parserReady(): boolean {
  return runtime !== undefined && !failed;
}

/** How many times the parser has failed (an analysis during which this changes reports the failure). */
export function parserFailures(): number {
  return failures;
}

/**
 * Drops the runtime after a failure: nothing calls into its instance again. Its objects (the parser, trees)
 * free their wasm memory from finalizers when they are garbage-collected, by calling the instance's exports
 * (`_ts_tree_delete`, ...) on the module object; into an aborted instance such a call can abort again, from a
 * finalizer, where nothing can catch it. So the exports are replaced with functions that do nothing: the
 * instance and its heap are then freed whole by the garbage collector.
 */
function fail(e: unknown): never {
  if (runtime) {
    for (const [k, v] of Object.entries(runtime.module)) if (k.startsWith('_') && typeof v === 'function') runtime.module[k] = () => 0;
  }
  runtime = undefined;
  failed = true;
  failures++;
  const why = e instanceof Error ? e.message : String(e);
  throw new ParserFailure(`the Terraform parser failed (${why.split('.')[0]}); it is restarted for the next analysis`);
}

/** A parsed HCL document: the text it was parsed from, its tree, and the runtime that made it. */
export interface ParsedHcl {
  text: string;
  tree: Tree;
  generation: number;
}

/** True while the runtime that made `parsed` is the live one: its tree may be used. */
export function isLive(parsed: ParsedHcl): boolean {
  return parsed.generation === runtime?.generation;
}

/** Frees a tree; a tree of a dropped runtime is left to the garbage collector with its instance. */
export function freeTree(parsed: ParsedHcl): void {
  if (isLive(parsed)) parsed.tree.delete();
}

/**
 * Parses HCL text. Given the previous parse of the same document, it tells tree-sitter what changed (the
 * span between the common prefix and suffix of the two texts) and re-parses incrementally, so a keystroke in
 * a large file does not re-parse all of it. The previous tree stays valid for its owner to delete. Throws
 * `ParserFailure` when the runtime fails (or is down after a failure until `initParser()` is awaited again).
 */
export function parseHcl(text: string, previous?: ParsedHcl): ParsedHcl {
  const rt = runtime;
  if (!rt) {
    if (failed) throw new ParserFailure('the Terraform parser is being restarted after a failure');
    throw new Error('the HCL parser is not initialised (call initTerraform first)');
  }
  let tree: Tree | null;
  try {
    let old: Tree | undefined;
    if (previous && previous.generation === rt.generation) {
      old = previous.tree.copy();
      const a = previous.text;
      let start = 0;
      const max = Math.min(a.length, text.length);
      while (start < max && a.charCodeAt(start) === text.charCodeAt(start)) start++;
      let endA = a.length;
      let endB = text.length;
      while (endA > start && endB > start && a.charCodeAt(endA - 1) === text.charCodeAt(endB - 1)) {
        endA--;
        endB--;
      }
      old.edit(new rt.ts.Edit({
        startIndex: start,
        oldEndIndex: endA,
        newEndIndex: endB,
        startPosition: pointAt(a, start),
        oldEndPosition: pointAt(a, endA),
        newEndPosition: pointAt(text, endB),
      }));
    }
    tree = rt.parser.parse(text, old ?? null);
    old?.delete();
  } catch (e) {
    fail(e);
  }
  if (!tree) throw new Error('the HCL parser returned no tree');
  return { text, tree, generation: rt.generation };
}

/** tree-sitter point for an offset. web-tree-sitter takes indices and columns in UTF-16 code units. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
