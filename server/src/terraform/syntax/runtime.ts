import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';

/** A loaded tree-sitter runtime: its module, the emscripten module object it filled in, and the HCL grammar. */
export interface LoadedRuntime {
  ts: typeof TreeSitter;
  module: Record<string, unknown>;
  hcl: TreeSitter.Language;
}

/** Where the browser's worker finds the two wasm files: `web-tree-sitter.wasm` and `tree-sitter-hcl.wasm`. */
export interface WasmFiles {
  runtime: string;
  hcl: string;
}

/**
 * Where the wasm files are, as the browser's client says when the server is initialised (`runtime.web.ts`).
 * Under Node.js they are found next to the server, so this does nothing.
 */
export function useWasmFiles(_files: WasmFiles): void {
  // Nothing to do: see `locate`.
}

/**
 * Finds a file shipped next to the bundle (`server/out/`, where the build copies the runtime and the wasm
 * files and the .vsix ships them), or in node_modules when the engine runs from source (tests).
 */
function locate(file: string, pkg: string): string {
  const candidates: string[] = [join(__dirname, file)];
  for (let d = __dirname, i = 0; i < 6; i++, d = dirname(d)) {
    candidates.push(join(d, 'server', 'out', file), join(d, 'node_modules', pkg, file));
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`${file} not found next to the Keyscope server`);
  return found;
}

/**
 * Loads a fresh tree-sitter runtime and the HCL grammar from the files next to the server. web-tree-sitter
 * keeps its wasm instance in module state, so a fresh instance (after a failure) needs a fresh copy of its
 * module: it is loaded from its file (kept out of the bundle for this reason), never from the require cache.
 * The browser's counterpart is `runtime.web.ts`.
 */
export async function loadRuntime(): Promise<LoadedRuntime> {
  const file = locate('web-tree-sitter.cjs', 'web-tree-sitter');
  delete require.cache[file];
  const ts = require(file) as typeof TreeSitter;
  const wasm = locate('web-tree-sitter.wasm', 'web-tree-sitter');
  const module: Record<string, unknown> = { locateFile: () => wasm, ...heapOption() };
  await ts.Parser.init(module);
  const hcl = await ts.Language.load(locate('tree-sitter-hcl.wasm', '@tree-sitter-grammars/tree-sitter-hcl'));
  return { ts, module, hcl };
}

/**
 * `KEYSCOPE_TREE_SITTER_HEAP_MB`: the most memory the parser's wasm heap may grow to (default: the runtime's
 * own ceiling, 2 GB). Tests set it low to exhaust the heap for real with a small file, and see the server
 * recover.
 */
function heapOption(): { wasmMemory?: object } {
  const mb = Number(process.env.KEYSCOPE_TREE_SITTER_HEAP_MB);
  if (!Number.isInteger(mb) || mb < 32 || mb > 2048) return {};
  // (Node's types leave WebAssembly out.) 32 MB (512 pages of 64 KB) is what the runtime starts with.
  const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number }) => object } }).WebAssembly;
  return { wasmMemory: new Memory({ initial: 512, maximum: mb * 16 }) };
}
