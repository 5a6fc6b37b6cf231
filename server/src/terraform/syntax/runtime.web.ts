// The browser's `runtime.ts` (the browser bundles take a module's `.web.ts` twin in its place): the runtime is
// bundled, and its wasm files are fetched from the folder the worker's URL names in `?wasm=` (the extension's
// server/out/), else from the worker's own folder.
import * as TreeSitter from 'web-tree-sitter';
import type { LoadedRuntime } from './runtime';

let loaded = false;

/** The URL of the folder holding `web-tree-sitter.wasm` and `tree-sitter-hcl.wasm`. */
function wasmFolder(): string | undefined {
  const href = (globalThis as { location?: { href: string } }).location?.href;
  if (!href) return undefined;
  const here = new URL(href);
  const given = here.searchParams.get('wasm');
  return given ? new URL(given.endsWith('/') ? given : `${given}/`, here).href : new URL('./', here).href;
}

/**
 * Loads the runtime and the HCL grammar. web-tree-sitter keeps its wasm instance in module state, and in the
 * browser there is one copy of the module: after a parse exhausts the heap, the parser stays down until the
 * server is restarted.
 */
export async function loadRuntime(): Promise<LoadedRuntime> {
  const base = wasmFolder();
  if (!base) throw new Error('the location of the Terraform grammar is not known');
  if (loaded) throw new Error('the Terraform parser failed and restarts only with the server: run "Keyscope: Restart Server"');
  const at = base;
  const module: Record<string, unknown> = { locateFile: (file: string) => new URL(file, at).href };
  await TreeSitter.Parser.init(module);
  const hcl = await TreeSitter.Language.load(new URL('tree-sitter-hcl.wasm', at).href);
  loaded = true;
  return { ts: TreeSitter, module, hcl };
}
