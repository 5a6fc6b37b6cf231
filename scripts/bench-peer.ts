// The side-by-side figures of `npm run bench`: Keyscope's bundled server and the closest open-source peer
// (aws-iam-language-server, from ../shared/peers; see its README there), both over stdio with the same LSP
// client, on the same files, in interleaved rounds so that a busy machine weighs on both alike. The peer is a
// measuring instrument: it is unpacked into a scratch folder and started as a separate process, never
// bundled or imported.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_FLAGS } from '../client/src/server-flags';
import { TestClient } from '../test/helpers/lsp-client';
import { median } from './bench-server';

/** Keyscope's debounce after an edit (server/src/lsp/main.ts): taken off its edit figure, as the peer has none. */
const DEBOUNCE_MS = 200;

export interface BenchFile {
  /** Path relative to the workspace folder. */
  rel: string;
  text: string;
  languageId: 'json' | 'terraform';
}

export interface ServerUnderTest {
  name: string;
  command: string[];
  /** Milliseconds of its own debounce to take off the edit figure. */
  debounce: number;
}

/** The peer's archive: `KEYSCOPE_PEERS` (a folder) or ../shared/peers beside the repository. */
export function findPeer(): string | undefined {
  const dir = process.env.KEYSCOPE_PEERS ?? resolve('..', 'shared', 'peers');
  if (!existsSync(dir)) return undefined;
  const tgz = readdirSync(dir).find((f) => /^aws-iam-language-server-.*\.tgz$/.test(f));
  return tgz && join(dir, tgz);
}

/** Unpacks the peer into a scratch folder; its server's command line. */
export function unpackPeer(tgz: string): ServerUnderTest {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-peer-'));
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  return { name: basename(tgz, '.tgz'), command: [process.execPath, join(dir, 'aws-iam-language-server', 'src', 'server.js'), '--stdio'], debounce: 0 };
}

export const keyscopeServer = (): ServerUnderTest => ({ name: 'keyscope', command: [process.execPath, ...SERVER_NODE_FLAGS, resolve('server/out/server.js'), '--stdio'], debounce: DEBOUNCE_MS });

/**
 * The files both servers are given: every .json and .tf of the corpus when it is there (`KEYSCOPE_CORPUS` or
 * ../shared/corpus), else the project's own examples and fixtures.
 */
export function benchFiles(): { files: BenchFile[]; source: string } {
  const corpus = process.env.KEYSCOPE_CORPUS ?? resolve('..', 'shared', 'corpus');
  const roots = existsSync(corpus) ? [corpus] : [resolve('examples'), resolve('test/fixtures/forms')];
  const files: BenchFile[] = [];
  const walk = (root: string, dir: string) => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(root, p);
      else if (/\.(json|tf)$/.test(e) && statSync(p).size < 512 * 1024) files.push({ rel: join(basename(root), relative(root, p)), text: readFileSync(p, 'utf8'), languageId: e.endsWith('.tf') ? 'terraform' : 'json' });
    }
  };
  for (const r of roots) walk(r, r);
  return { files, source: existsSync(corpus) ? 'the corpus' : 'examples/ and test/fixtures/forms/' };
}

/** Writes the files into a fresh workspace folder (the servers read a module's other files from disk). */
function workspace(files: BenchFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-peer-ws-'));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.rel)), { recursive: true });
    writeFileSync(join(dir, f.rel), f.text);
  }
  return dir;
}

/** A one-character edit that keeps the document's meaning: a space before its last character. */
const edited = (text: string) => (text.length ? text.slice(0, -1) + ' ' + text.slice(-1) : ' ');

interface Figures {
  initialize: number[];
  jsonOpen: number[];
  tfOpen: number[];
  edit: number[];
  many: number[];
}

async function startClient(s: ServerUnderTest, root: string): Promise<{ client: TestClient; initialize: number }> {
  const t0 = performance.now();
  const client = new TestClient({ command: s.command });
  await client.initialize(root);
  return { client, initialize: performance.now() - t0 };
}

/** One round for one server: start, open each file alone until its diagnostics, edit each, then 200 at once. */
async function round(s: ServerUnderTest, root: string, files: BenchFile[], f: Figures, manyCount: number): Promise<void> {
  const { client, initialize } = await startClient(s, root);
  f.initialize.push(initialize);
  try {
    for (const file of files) {
      const uri = pathToFileURL(join(root, file.rel)).href;
      let t0 = performance.now();
      await client.open(uri, file.languageId, file.text);
      await client.diagnosticsUntil(uri, () => true, 60_000);
      (file.languageId === 'json' ? f.jsonOpen : f.tfOpen).push(performance.now() - t0);
      client.forget(uri);
      t0 = performance.now();
      await client.change(uri, 2, edited(file.text));
      await client.diagnosticsUntil(uri, () => true, 60_000);
      f.edit.push(performance.now() - t0 - s.debounce);
    }
  } finally {
    await client.close();
  }
  // Many files at once, in a fresh server: copies of the files under new names, opened as fast as possible.
  const fresh = await startClient(s, root);
  try {
    const docs = Array.from({ length: manyCount }, (_, i) => {
      const file = files[i % files.length];
      const rel = file.rel.replace(/(\.[a-z]+)$/, `.copy${i}$1`);
      writeFileSync(join(root, rel), file.text);
      return { uri: pathToFileURL(join(root, rel)).href, file };
    });
    const t0 = performance.now();
    await Promise.all(docs.map((d) => fresh.client.open(d.uri, d.file.languageId, d.file.text)));
    for (const d of docs) await fresh.client.diagnosticsUntil(d.uri, () => true, 600_000);
    f.many.push(performance.now() - t0);
  } finally {
    await fresh.client.close();
  }
}

export interface PeerRow {
  what: string;
  ours: number;
  peer: number;
}

/**
 * `rounds` interleaved rounds of each figure for both servers (Keyscope first in odd rounds, the peer first
 * in even ones); medians per server.
 */
export async function compareWithPeer(peer: ServerUnderTest, rounds = 3, manyCount = 200): Promise<{ rows: PeerRow[]; files: number; json: number; tf: number; source: string }> {
  const { files, source } = benchFiles();
  const ours = keyscopeServer();
  const figures = new Map<ServerUnderTest, Figures>([ours, peer].map((s) => [s, { initialize: [], jsonOpen: [], tfOpen: [], edit: [], many: [] }]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [ours, peer] : [peer, ours];
    for (const s of order) {
      const root = workspace(files);
      await round(s, root, files, figures.get(s)!, manyCount);
    }
  }
  const a = figures.get(ours)!;
  const b = figures.get(peer)!;
  const row = (what: string, k: keyof Figures) => ({ what, ours: median(a[k]), peer: median(b[k]) });
  return {
    rows: [
      row('spawn to initialize answered', 'initialize'),
      row('first diagnostics after didOpen, JSON (median)', 'jsonOpen'),
      row('first diagnostics after didOpen, .tf (median)', 'tfOpen'),
      row('after a one-character edit, less the debounce (median)', 'edit'),
      row(`${manyCount} files opened at once, all diagnosed`, 'many'),
    ],
    files: files.length,
    json: files.filter((f) => f.languageId === 'json').length,
    tf: files.filter((f) => f.languageId === 'terraform').length,
    source,
  };
}

/** Copies the peer's licence beside the figures it produced, for whoever reads them. */
export function peerLicence(peer: ServerUnderTest): string | undefined {
  const licence = join(dirname(dirname(peer.command[1])), 'LICENSE');
  if (!existsSync(licence)) return undefined;
  const out = resolve('.bench', 'peer-LICENSE');
  cpSync(licence, out);
  return out;
}
