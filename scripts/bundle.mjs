// The esbuild options every bundle of Keyscope shares, and the server + CLI bundles with their wasm files:
// used by build.mjs (the extension, into server/out) and build-npm.mjs (the npm package, into dist/npm).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';

/** A package's folder, without going through its `exports` (which may not list package.json). */
export const pkgDir = (name) => join('node_modules', name);
export const version = JSON.parse(readFileSync('package.json', 'utf8')).version;

export function commonOptions(production) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    // jsonc-parser's UMD build uses dynamic requires esbuild cannot follow; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
    define: { KEYSCOPE_VERSION: JSON.stringify(version) },
    // web-tree-sitter's ESM build uses import.meta; the CJS build bundles cleanly.
    alias: { 'web-tree-sitter': './' + join(pkgDir('web-tree-sitter'), 'web-tree-sitter.cjs') },
  };
}

/** The rule pages, embedded in the CLI for its SARIF rule help (the CLI reads no docs from disk at run time). */
function ruleDocs() {
  return Object.fromEntries(
    readdirSync('docs/rules')
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => [f.slice(0, -3), readFileSync(join('docs/rules', f), 'utf8')]),
  );
}

/** The grammar and the tree-sitter runtime, loaded from files next to the server bundle. */
export const WASM = [
  { file: 'web-tree-sitter.wasm', from: join(pkgDir('web-tree-sitter'), 'web-tree-sitter.wasm'), pkg: 'web-tree-sitter' },
  { file: 'tree-sitter-hcl.wasm', from: join(pkgDir('@tree-sitter-grammars/tree-sitter-hcl'), 'tree-sitter-hcl.wasm'), pkg: '@tree-sitter-grammars/tree-sitter-hcl' },
];

/**
 * The tree-sitter runtime's JavaScript, shipped beside the bundles rather than in them: after a parse exhausts
 * its wasm heap, the engine loads a fresh copy of it to get a fresh instance (server/src/terraform/syntax/parser.ts).
 */
export const RUNTIME = { file: 'web-tree-sitter.cjs', from: join(pkgDir('web-tree-sitter'), 'web-tree-sitter.cjs') };

/**
 * server.js (the language server) and cli.js (the command line, which also runs the server as `keyscope
 * lsp`) into `outdir`, with the wasm files. Both are executable scripts. Returns esbuild's metafiles (the
 * inputs each bundle holds).
 */
export async function buildServerAndCli(outdir, production, extra = {}) {
  const common = { ...commonOptions(production), ...extra };
  const bin = { js: '#!/usr/bin/env node' };
  const results = await Promise.all([
    build({ ...common, entryPoints: ['server/src/lsp/node-main.ts'], outfile: join(outdir, 'server.js'), banner: bin }),
    build({
      ...common,
      entryPoints: ['server/src/cli/main.ts'],
      outfile: join(outdir, 'cli.js'),
      banner: bin,
      define: { ...common.define, KEYSCOPE_RULE_DOCS: JSON.stringify(ruleDocs()) },
    }),
  ]);
  mkdirSync(outdir, { recursive: true });
  for (const w of WASM) copyFileSync(w.from, join(outdir, w.file));
  await build({ entryPoints: [RUNTIME.from], outfile: join(outdir, RUNTIME.file), bundle: false, platform: 'node', target: 'node18', format: 'cjs', minify: production, logLevel: 'warning' });
  return results.map((r) => r.metafile).filter(Boolean);
}

/**
 * The options of a browser bundle (the web extension's client, the server's Web Worker): esbuild's browser
 * platform, no Node.js module inside. A module with a `.web.ts` twin beside it is replaced by the twin. The
 * only Node.js module the engine may import is `node:path`, which resolves to a POSIX implementation of our
 * own; any other (`node:fs`, `node:child_process`...) may only be imported by code the bundle leaves out
 * (tree-shaken: the Node.js host, git), else the build fails (`checkBrowserBundle`). web-tree-sitter's own
 * Node.js branch, which never runs in a worker, gets empty modules.
 */
export function browserOptions(production) {
  const { alias, define } = commonOptions(production);
  return {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    mainFields: ['browser', 'module', 'main'],
    define,
    alias,
    metafile: true,
    plugins: [browserModules],
  };
}

const BUILTIN = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const browserModules = {
  name: 'keyscope-browser-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.importer.includes('node_modules')) return undefined;
      const twin = resolve(args.resolveDir, `${args.path}.web.ts`);
      return existsSync(twin) ? { path: twin } : undefined;
    });
    b.onResolve({ filter: /^(node:)?[a-z_]+(\/[a-z_]+)?$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!BUILTIN.has(name)) return undefined;
      if (name === 'path') return { path: resolve('server/src/lsp/browser/path.ts') };
      if (/[\\/]node_modules[\\/]web-tree-sitter[\\/]/.test(args.importer)) return { path: name, namespace: 'node-branch' };
      return { path: args.path, namespace: 'node-builtin', sideEffects: false };
    });
    b.onLoad({ filter: /.*/, namespace: 'node-branch' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/** Fails when a Node.js module reached a browser bundle, naming the modules that import it. */
export function checkBrowserBundle(meta) {
  for (const [out, { inputs }] of Object.entries(meta.outputs)) {
    const reached = Object.keys(inputs).filter((i) => i.startsWith('node-builtin:'));
    if (!reached.length) continue;
    const importers = (m) => Object.entries(meta.inputs).filter(([, v]) => v.imports.some((i) => i.path === m)).map(([k]) => k);
    const why = reached.map((m) => `${m.slice('node-builtin:'.length)} (imported by ${importers(m).join(', ')})`);
    throw new Error(`${out} is a browser bundle but needs Node.js modules: ${why.join('; ')}`);
  }
}

/**
 * The web extension's bundles: the client (`client/out/browser-extension.js`, CommonJS as VS Code loads it) and
 * the server's Web Worker (`server/out/browser-server.js`, beside the wasm files it fetches). Returns their
 * metafiles.
 */
export async function buildBrowser(production) {
  const options = browserOptions(production);
  const results = await Promise.all([
    build({ ...options, entryPoints: ['client/src/browser-extension.ts'], outfile: 'client/out/browser-extension.js', format: 'cjs', external: ['vscode'] }),
    build({ ...options, entryPoints: ['server/src/lsp/browser/main.ts'], outfile: 'server/out/browser-server.js', format: 'iife' }),
  ]);
  for (const r of results) checkBrowserBundle(r.metafile);
  return results.map((r) => r.metafile);
}

/** The packages whose files esbuild put into the bundles, plus those whose wasm files ship beside them. */
export function bundledPackages(metas) {
  const names = new Set(WASM.map((w) => w.pkg));
  for (const meta of metas) {
    for (const input of Object.keys(meta.inputs)) {
      const parts = input.split('/');
      const at = parts.lastIndexOf('node_modules');
      if (at < 0) continue;
      names.add(parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1]);
    }
  }
  return [...names].sort();
}

/**
 * THIRD-PARTY-NOTICES.md: each package's name, version, licence and licence text, as its own files state them.
 * `what` says what bundles them, `by` which script wrote the file.
 */
export function notices(names, what, by) {
  const out = [
    '# Third-party notices',
    '',
    `${what}.`,
    'Each is listed with the licence its package declares and the licence text it ships.',
    `This file is generated by ${by}.`,
    '',
  ];
  for (const name of names) {
    const dir = pkgDir(name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licence = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? 'not stated';
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    if (!file && licence === 'not stated') throw new Error(`${name} states no licence: it cannot be bundled`);
    out.push(`## ${name} ${pkg.version}`, '', `Licence: ${licence}`, '');
    if (file) out.push('```', readFileSync(join(dir, file), 'utf8').trim(), '```', '');
    else out.push(`(The package ships no licence file; its package.json declares ${licence}.)`, '');
  }
  return out.join('\n');
}
