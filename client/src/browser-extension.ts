/**
 * Keyscope in the browser (vscode.dev, github.dev): the same extension, with its server in a Web Worker
 * (server/out/browser-server.js). The worker has no file system: the server asks for the files an analysis
 * reads (`.keyscope.json`, the other files of a Terraform module, variable files, templates) and this side
 * reads them through `workspace.fs` (`workspace-files.ts`). What needs a Node.js process (git revisions,
 * linting files that are not open, the CLI) says so.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateWith } from './activate';
import { BROWSER_DOCUMENT_SELECTOR, KeyscopeServer } from './server';
import { answerFileRequests } from './workspace-files';

let server: KeyscopeServer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const out = vscode.Uri.joinPath(context.extensionUri, 'server', 'out');
  // One worker at a time: a restart ends the previous one.
  let current: Worker | undefined;
  let files: Promise<WorkerFiles> | undefined;
  context.subscriptions.push({ dispose: () => (current?.terminate(), void files?.then((f) => f.dispose())) });
  server = new KeyscopeServer(
    async (options) => {
      current?.terminate();
      const { script, wasm } = await (files ??= workerFiles(out));
      current = new Worker(script);
      // The id makes `keyscope.trace.server` the trace setting.
      const client = new LanguageClient('keyscope', 'Keyscope', { ...options, initializationOptions: { wasm } }, current);
      answerFileRequests(client);
      return client;
    },
    'a Web Worker',
    BROWSER_DOCUMENT_SELECTOR,
    'needs Keyscope in desktop VS Code (git does not run in the browser)',
  );
  activateWith(context, server);
}

/** The URLs of the worker's script and of its wasm files (given to the server when it is initialised). */
interface WorkerFiles {
  script: string;
  wasm: { runtime: string; hcl: string };
  dispose(): void;
}

/**
 * Where the worker's files come from. An extension served over HTTP (vscode.dev, github.dev) is fetched by the
 * browser itself, at its own URLs. An extension whose files the browser cannot fetch (installed on a remote
 * server whose browser window runs it in its web worker host, as code-server does with `remote.extensionKind`
 * "ui") is read through `workspace.fs`, which reaches every file system the editor has: the script becomes a
 * `blob:` URL (VS Code's host starts the worker from a script of its own that imports it), and the wasm files
 * `data:` URLs, the only URLs besides HTTP that the worker can fetch there.
 */
async function workerFiles(out: vscode.Uri): Promise<WorkerFiles> {
  const file = (name: string) => vscode.Uri.joinPath(out, name);
  if (out.scheme === 'http' || out.scheme === 'https') {
    const [script, runtime, hcl] = ['browser-server.js', 'web-tree-sitter.wasm', 'tree-sitter-hcl.wasm'].map((name) => file(name).toString(true));
    return { script, wasm: { runtime, hcl }, dispose: () => undefined };
  }
  const read = (name: string) => vscode.workspace.fs.readFile(file(name));
  const [js, runtime, hcl] = await Promise.all([read('browser-server.js'), read('web-tree-sitter.wasm'), read('tree-sitter-hcl.wasm')]);
  const script = URL.createObjectURL(new Blob([js as Uint8Array<ArrayBuffer>], { type: 'text/javascript' }));
  return { script, wasm: { runtime: dataUrl(runtime), hcl: dataUrl(hcl) }, dispose: () => URL.revokeObjectURL(script) };
}

/** A `data:` URL of a wasm file's bytes. */
function dataUrl(bytes: Uint8Array): string {
  let binary = '';
  // In pieces: one call with every byte as an argument would exceed the engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:application/wasm;base64,${btoa(binary)}`;
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
