// The browser's `runtime.ts` (the browser bundles take a module's `.web.ts` twin in its place): the runtime is
// bundled, and its wasm files are fetched from where the client says (see `wasmFiles`).
import * as TreeSitter from 'web-tree-sitter';
import type { LoadedRuntime, WasmFiles } from './runtime';

let loaded = false;

let given: WasmFiles | undefined;

/**
 * The wasm files' URLs as the client gives them when the server is initialised. The worker's own URL cannot
 * carry them in VS Code: its web worker host starts a nested worker from a `blob:` script of its own that
 * imports ours, so the worker's location is not the URL the client gave.
 */
export function useWasmFiles(files: WasmFiles): void {
  given = files;
}

/** The client's URLs, else `?wasm=<folder>` in the worker's URL, else the worker's own folder. */
function wasmFiles(): WasmFiles | undefined {
  if (given) return given;
  const href = (globalThis as { location?: { href: string } }).location?.href;
  if (!href || href.startsWith('blob:')) return undefined;
  const here = new URL(href);
  const param = here.searchParams.get('wasm');
  const folder = param ? new URL(param.endsWith('/') ? param : `${param}/`, here).href : new URL('./', here).href;
  return { runtime: new URL('web-tree-sitter.wasm', folder).href, hcl: new URL('tree-sitter-hcl.wasm', folder).href };
}

/**
 * Loads the runtime and the HCL grammar. web-tree-sitter keeps its wasm instance in module state, and in the
 * browser there is one copy of the module: after a parse exhausts the heap, the parser stays down until the
 * server is restarted.
 */
export async function loadRuntime(): Promise<LoadedRuntime> {
  const files = wasmFiles();
  if (!files) throw new Error('the location of the Terraform grammar is not known');
  if (loaded) throw new Error('the Terraform parser failed and restarts only with the server: run "Keyscope: Restart Server"');
  // Both files are fetched here and handed over as bytes: in a worker the runtime's own loader may fall back to
  // a synchronous XMLHttpRequest, which VS Code's web worker host replaces with its own.
  const [runtime, hcl] = await Promise.all([bytesOf(files.runtime), bytesOf(files.hcl)]);
  const module: Record<string, unknown> = { wasmBinary: runtime, locateFile: () => files.runtime };
  await TreeSitter.Parser.init(module);
  const language = await TreeSitter.Language.load(hcl);
  loaded = true;
  return { ts: TreeSitter, module, hcl: language };
}

const DATA_PREFIX = 'data:application/wasm;base64,';

/**
 * A wasm file's bytes: decoded from a `data:` URL here (VS Code's web worker host does not let a worker fetch
 * `data:` or `blob:` URLs), else fetched.
 */
async function bytesOf(url: string): Promise<Uint8Array> {
  if (url.startsWith(DATA_PREFIX)) {
    const binary = atob(url.slice(DATA_PREFIX.length));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.startsWith('data:') ? 'a wasm file' : url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
