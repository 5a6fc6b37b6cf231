// Bundles the extension: esbuild emits, tsc type-checks (`npm run typecheck`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildServerAndCli, commonOptions, pkgDir } from './bundle.mjs';

const production = process.argv.includes('--production');
const common = commonOptions(production);

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] }),
  buildServerAndCli('server/out', production),
  // `--bench`: the engine alone, built with the same options, for `npm run bench` to measure what ships.
  ...(process.argv.includes('--bench') ? [build({ ...common, entryPoints: ['scripts/bench-engine.ts'], outfile: '.bench/engine.js' })] : []),
]);

// vscode-languageclient ends a server that outlives its shutdown with this script, found next to its code.
mkdirSync('client/out', { recursive: true });
copyFileSync(join(pkgDir('vscode-languageclient'), 'lib', 'node', 'terminateProcess.sh'), 'client/out/terminateProcess.sh');
