// Bundles the extension: esbuild emits, tsc type-checks (`npm run typecheck`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBrowser, buildServerAndCli, bundledPackages, commonOptions, notices, pkgDir, version } from './bundle.mjs';

const production = process.argv.includes('--production');
const common = commonOptions(production);

const [client, server, browser] = await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'], metafile: true }),
  buildServerAndCli('server/out', production, { metafile: true }),
  // The web extension (vscode.dev, github.dev): its client and its server's Web Worker.
  buildBrowser(production),
  // `--bench`: the engine alone, built with the same options, for `npm run bench` to measure what ships.
  ...(process.argv.includes('--bench') ? [build({ ...common, entryPoints: ['scripts/bench-engine.ts'], outfile: '.bench/engine.js' })] : []),
]);

// vscode-languageclient ends a server that outlives its shutdown with this script, found next to its code.
mkdirSync('client/out', { recursive: true });
copyFileSync(join(pkgDir('vscode-languageclient'), 'lib', 'node', 'terminateProcess.sh'), 'client/out/terminateProcess.sh');

// The licences of what the .vsix bundles (the client's and the server's packages, the wasm files), shipped in it.
// The CLI bundle is not part of the .vsix: its packages count only where the server bundles them too.
const shipped = [client.metafile, server[0], ...browser];
writeFileSync('THIRD-PARTY-NOTICES.md', notices(bundledPackages(shipped), `The Keyscope ${version} extension bundles the following packages (their code is inside client/out/extension.js,\nserver/out/server.js and, for the browser, client/out/browser-extension.js and server/out/browser-server.js, or\ntheir wasm files ship beside them)`, 'scripts/build.mjs'));
