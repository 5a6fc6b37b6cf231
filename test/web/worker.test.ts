// The web extension's server (server/out/browser-server.js, as `npm run build` makes it) in Chromium's Web
// Worker, spoken to over postMessage by a small LSP client in the page, as vscode-languageclient/browser does in
// vscode.dev. The page plays the extension's part for the files: it answers `keyscope/readFile` and
// `keyscope/listDir` from a workspace held in memory, with the bounds the extension applies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, NO_CHROMIUM } from '../helpers/chromium';

const ROOT = join(__dirname, '..', '..');
/** A workspace as github.dev names it. */
const WS = 'vscode-vfs://github/acme/infra';

const BAD_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'App', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: 'kms:Decrytp', Resource: '*' }],
});

/** The workspace the page's client serves: path (under WS) -> text. */
const FILES: Record<string, string> = {
  '/acme/infra/keys/app.kms.json': BAD_POLICY,
  // A Terraform module whose key policy is a file of the module: read through the client, then analysed.
  '/acme/infra/tf/main.tf': 'resource "aws_kms_key" "app" {\n  description = "app"\n  policy      = file("${path.module}/key-policy.json")\n}\n',
  '/acme/infra/tf/key-policy.json': BAD_POLICY,
  // A folder whose .keyscope.json turns unknown-action off.
  '/acme/infra/quiet/.keyscope.json': JSON.stringify({ rules: { 'unknown-action': 'off' } }),
  '/acme/infra/quiet/app.kms.json': BAD_POLICY,
};

/** Serves the page and the files of server/out (the worker bundle and the wasm files it fetches). */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><title>keyscope</title>');
      return;
    }
    const m = /^\/server\/out\/([\w.-]+\.(js|wasm))$/.exec(url.pathname);
    if (!m) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': m[2] === 'wasm' ? 'application/wasm' : 'text/javascript' }).end(readFileSync(join(ROOT, 'server', 'out', m[1])));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * The page's LSP client: JSON-RPC over the worker's postMessage, the file requests answered from `files`. Plain
 * JavaScript in a string: the page runs it as written (the test's own functions are transformed by tsx).
 */
const PAGE_CLIENT = `(args) => {
  const w = new Worker(args.worker);
  let next = 0;
  const pending = new Map();
  const diagnostics = {};
  const asked = [];
  const pathOf = (uri) => (uri.startsWith(args.ws) ? uri.slice('vscode-vfs://github'.length) : undefined);
  const answer = (method, params) => {
    asked.push({ method, uri: params.uri });
    const path = pathOf(params.uri);
    if (method === 'keyscope/readFile') {
      const text = path === undefined ? undefined : args.files[path];
      if (text === undefined) return { missing: true };
      const bytes = new TextEncoder().encode(text).length;
      return bytes > (params.maxBytes ?? 0) ? { skipped: 'too-large', bytes } : { text };
    }
    if (method === 'keyscope/listDir') {
      if (path === undefined) return [];
      const prefix = path.endsWith('/') ? path : path + '/';
      return [...new Set(Object.keys(args.files).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]))];
    }
    return null;
  };
  w.onmessage = (e) => {
    const m = e.data;
    if (m.method && m.id !== undefined) w.postMessage({ jsonrpc: '2.0', id: m.id, result: answer(m.method, m.params) });
    else if (m.id !== undefined) pending.get(m.id)?.(m);
    else if (m.method === 'textDocument/publishDiagnostics') diagnostics[m.params.uri] = m.params.diagnostics;
  };
  window.lsp = {
    request: (method, params) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result)));
        w.postMessage({ jsonrpc: '2.0', id, method, params });
      }),
    notify: (method, params) => w.postMessage({ jsonrpc: '2.0', method, params }),
    diagnostics,
    asked,
  };
}`;

type PageLsp = { request(m: string, p: unknown): Promise<unknown>; notify(m: string, p: unknown): void; diagnostics: Record<string, { code: string; message: string }[]>; asked: { method: string; uri: string }[] };
declare const lsp: PageLsp;

/**
 * How the worker is started, and what the client tells it at initialisation:
 * - from its own URL, the wasm folder in `?wasm=` (a page that starts the worker itself);
 * - as VS Code's web worker host starts an extension's worker (it replaces `Worker` with one that runs a `blob:`
 *   script of its own importing the extension's, so the worker's location is not the extension's URL), the wasm
 *   files' URLs in `initializationOptions` — at their HTTP URLs (an extension the browser fetches, as on
 *   vscode.dev), or, for an extension on a file system the browser cannot fetch from (a remote's, in code-server),
 *   the files the client read: the script as a `blob:` URL, the wasm files as `data:` URLs.
 */
const STARTS: { name: string; start: (page: Page, origin: string) => Promise<{ worker: string; initializationOptions?: unknown }> }[] = [
  { name: 'from its URL', start: async (_page, origin) => ({ worker: `${origin}/server/out/browser-server.js?wasm=${encodeURIComponent(`${origin}/server/out/`)}` }) },
  { name: 'as VS Code starts it, its files at their URLs', start: (page, origin) => vscodeStart(page, origin, false) },
  { name: 'as VS Code starts it from a remote, its script a blob: URL and its wasm files data: URLs', start: (page, origin) => vscodeStart(page, origin, true) },
];

/** Plain JavaScript in a string, as PAGE_CLIENT, so the page runs it as written. */
function vscodeStart(page: Page, origin: string, read: boolean): Promise<{ worker: string; initializationOptions: unknown }> {
  return page.evaluate(`(async (o, read) => {
    const bytes = (name) => fetch(o + '/server/out/' + name).then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b));
    const dataUrl = (b) => { let s = ''; for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000)); return 'data:application/wasm;base64,' + btoa(s); };
    const script = read ? URL.createObjectURL(new Blob([await bytes('browser-server.js')], { type: 'text/javascript' })) : o + '/server/out/browser-server.js';
    const wasm = read
      ? { runtime: dataUrl(await bytes('web-tree-sitter.wasm')), hcl: dataUrl(await bytes('tree-sitter-hcl.wasm')) }
      : { runtime: o + '/server/out/web-tree-sitter.wasm', hcl: o + '/server/out/tree-sitter-hcl.wasm' };
    const bootstrap = URL.createObjectURL(new Blob(['importScripts(' + JSON.stringify(script) + ');'], { type: 'text/javascript' }));
    return { worker: bootstrap, initializationOptions: { wasm } };
  })(${JSON.stringify(origin)}, ${read})`) as Promise<{ worker: string; initializationOptions: unknown }>;
}

for (const start of STARTS) describe(`the server in a Web Worker (the web extension), started ${start.name}`, { skip: NO_CHROMIUM }, () => {
  let http: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;

  before(async () => {
    http = await serve();
    origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
    const { worker, initializationOptions } = await start.start(page, origin);
    await page.evaluate(`(${PAGE_CLIENT})(${JSON.stringify({ worker, ws: WS, files: FILES })})`);
    const init = (await page.evaluate((options) =>
      lsp.request('initialize', { processId: null, rootUri: null, capabilities: { textDocument: { publishDiagnostics: {} } }, workspaceFolders: [{ uri: 'vscode-vfs://github/acme/infra', name: 'infra' }], initializationOptions: options }),
    initializationOptions)) as { serverInfo: { name: string } };
    assert.equal(init.serverInfo.name, 'keyscope');
    await page.evaluate(() => lsp.notify('initialized', {}));
    assert.deepEqual(errors, []);
  });

  after(async () => {
    await browser?.close();
    http?.close();
  });

  const open = (uri: string, languageId: string, text: string) => page.evaluate((p) => lsp.notify('textDocument/didOpen', { textDocument: { uri: p.uri, languageId: p.languageId, version: 1, text: p.text } }), { uri, languageId, text });
  /** The codes of the diagnostics published for `uri`, once there are some (or once `until` holds). */
  const codes = async (uri: string, until: (codes: string[]) => boolean = (c) => c.length > 0): Promise<string[]> => {
    const h = await page.waitForFunction(
      (p) => {
        const d = lsp.diagnostics[p.uri];
        const c = d?.map((x) => x.code);
        return c && new Function('c', `return (${p.until})(c)`)(c) ? c : undefined;
      },
      { uri, until: until.toString() },
      { timeout: 30_000 },
    );
    return (await h.jsonValue()) as string[];
  };

  /** What BAD_POLICY gets where no .keyscope.json applies. */
  let everywhere: string[] = [];

  it('reports a key policy error', async () => {
    const uri = `${WS}/keys/app.kms.json`;
    await open(uri, 'json', BAD_POLICY);
    everywhere = await codes(uri);
    assert.ok(everywhere.includes('unknown-action'), everywhere.join(', '));
  });

  it('loads the Terraform grammar from its URL and reports the findings of a .tf file, with the module file it reads fetched through the client', async () => {
    const uri = `${WS}/tf/main.tf`;
    await open(uri, 'terraform', FILES['/acme/infra/tf/main.tf']);
    const found = await codes(uri, (c) => c.includes('unknown-action'));
    assert.ok(found.includes('unknown-action'), found.join(', '));
    const asked = await page.evaluate(() => lsp.asked);
    assert.ok(asked.some((a) => a.method === 'keyscope/readFile' && a.uri === `${WS}/tf/key-policy.json`), JSON.stringify(asked));
    // The module's folder is listed for its other .tf files.
    assert.ok(asked.some((a) => a.method === 'keyscope/listDir' && a.uri === `${WS}/tf`), JSON.stringify(asked));
  });

  it('applies a .keyscope.json that the client reads: the rule it turns off is not reported', async () => {
    const uri = `${WS}/quiet/app.kms.json`;
    await open(uri, 'json', BAD_POLICY);
    // The same policy elsewhere reports unknown-action; here everything else, without it.
    const h = await page.waitForFunction((u) => lsp.diagnostics[u], uri, { timeout: 30_000 });
    const found = ((await h.jsonValue()) as { code: string }[]).map((d) => d.code);
    assert.deepEqual(found, everywhere.filter((c) => c !== 'unknown-action'));
    const asked = await page.evaluate(() => lsp.asked);
    assert.ok(asked.some((a) => a.method === 'keyscope/readFile' && a.uri === `${WS}/quiet/.keyscope.json`), JSON.stringify(asked));
  });

  it('says that comparing with git is not available in the browser', async () => {
    const r = (await page.evaluate((u) => lsp.request('keyscope/accessDiff', { uri: u }), `${WS}/keys/app.kms.json`)) as { base: unknown; message: string };
    assert.equal(r.base, null);
    assert.match(r.message, /not in the browser/);
  });
});
