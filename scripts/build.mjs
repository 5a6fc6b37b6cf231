// Bundles the extension: esbuild emits, tsc type-checks (`npm run typecheck`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

/** A package's folder, without going through its `exports` (which may not list package.json). */
const pkgDir = (name) => join('node_modules', name);
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// The rule pages, embedded in the CLI for its SARIF rule help (the CLI reads no docs from disk at run time).
const ruleDocs = Object.fromEntries(
  readdirSync('docs/rules')
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => [f.slice(0, -3), readFileSync(join('docs/rules', f), 'utf8')]),
);
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's UMD build uses dynamic requires esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  // web-tree-sitter's ESM build uses import.meta; the CJS build bundles cleanly.
  define: { KEYSCOPE_VERSION: JSON.stringify(version) },
  alias: { 'web-tree-sitter': './' + join(pkgDir('web-tree-sitter'), 'web-tree-sitter.cjs') },
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'server/out/server.js' }),
  build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { ...common.define, KEYSCOPE_RULE_DOCS: JSON.stringify(ruleDocs) },
  }),
  // `--bench`: the engine alone, built with the same options, for `npm run bench` to measure what ships.
  ...(process.argv.includes('--bench') ? [build({ ...common, entryPoints: ['scripts/bench-engine.ts'], outfile: '.bench/engine.js' })] : []),
]);

// The grammar and the tree-sitter runtime are loaded from files next to the server bundle.
mkdirSync('server/out', { recursive: true });
copyFileSync(join(pkgDir('web-tree-sitter'), 'web-tree-sitter.wasm'), 'server/out/web-tree-sitter.wasm');
copyFileSync(join(pkgDir('@tree-sitter-grammars/tree-sitter-hcl'), 'tree-sitter-hcl.wasm'), 'server/out/tree-sitter-hcl.wasm');
// vscode-languageclient ends a server that outlives its shutdown with this script, found next to its code.
mkdirSync('client/out', { recursive: true });
copyFileSync(join(pkgDir('vscode-languageclient'), 'lib', 'node', 'terminateProcess.sh'), 'client/out/terminateProcess.sh');
