// The esbuild options every bundle of Keyscope shares, and the server + CLI bundles with their wasm files:
// used by build.mjs (the extension, into server/out) and build-npm.mjs (the npm package, into dist/npm).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
    build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: join(outdir, 'server.js'), banner: bin }),
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
