// Builds the in-host test extension (test/e2e/in-host/extension.ts and its cases) into a temporary folder
// and packs it as a .vsix, at test time: it is never part of keyscope.vsix.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../../../scripts/e2e/code-server';
import { packTestExtension } from '../pack-extension';

/** The test extension's id (publisher.name), to tell it from Keyscope in logs. */
export const IN_HOST_EXTENSION = 'keyscope.keyscope-in-host-tests';

const MANIFEST = {
  name: 'keyscope-in-host-tests',
  displayName: 'Keyscope in-host tests',
  description: 'Runs Keyscope\'s client tests with the real vscode module (test builds only).',
  main: './out/extension.js',
  files: ['out/**', 'README.md'],
  // After start-up, so the workbench (and Keyscope) are up when the cases open documents.
  activationEvents: ['onStartupFinished'],
};

/** Bundles the extension with esbuild and packs it; returns the .vsix path, in a fresh temporary folder. */
export function buildInHostExtension(): Promise<string> {
  return packTestExtension(MANIFEST, async (dir) => {
    await build({
      entryPoints: [join(__dirname, 'extension.ts')], outfile: join(dir, 'out', 'extension.js'), bundle: true,
      platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], logLevel: 'warning',
      // jsonc-parser's UMD main hides its modules from the bundler; its ESM build does not.
      mainFields: ['module', 'main'],
      // As in scripts/build.mjs: web-tree-sitter's ESM build uses import.meta; the CJS build bundles cleanly.
      alias: { 'web-tree-sitter': './' + join('node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs') },
      absWorkingDir: ROOT,
    });
    // The engine (the scenarios' expectations) finds its wasm files next to the bundle.
    copyFileSync(join(ROOT, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'), join(dir, 'out', 'web-tree-sitter.wasm'));
    copyFileSync(join(ROOT, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs'), join(dir, 'out', 'web-tree-sitter.cjs'));
    copyFileSync(join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl', 'tree-sitter-hcl.wasm'), join(dir, 'out', 'tree-sitter-hcl.wasm'));
  });
}
