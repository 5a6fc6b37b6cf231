// The npm package `keyscope`: the command line and the language server, bundled (no dependencies at run
// time), with the wasm files, README, LICENSE and the licences of every package bundled into it. It is built
// as its own folder, dist/npm, with its own package.json: the repository's package.json is the extension's
// manifest. Its version is the extension's, so the .vsix and the npm package of one release match.
//
//   node scripts/build-npm.mjs          writes dist/npm
//   cd dist/npm && npm pack             the tarball `npm publish` would upload
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildServerAndCli, bundledPackages, notices, RUNTIME, version, WASM } from './bundle.mjs';

const OUT = process.argv[2] ?? join('dist', 'npm');
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const metafiles = await buildServerAndCli(OUT, true, { metafile: true });

writeFileSync(
  join(OUT, 'package.json'),
  JSON.stringify(
    {
      name: 'keyscope',
      version,
      description: 'Lint AWS KMS key policies in JSON and Terraform, from the command line (text, JSON, SARIF for GitHub code scanning) or any editor that speaks LSP.',
      keywords: ['aws', 'kms', 'key policy', 'terraform', 'iam', 'security', 'lint', 'sarif', 'language-server', 'lsp'],
      license: manifest.license,
      homepage: manifest.homepage,
      bugs: manifest.bugs,
      repository: manifest.repository,
      bin: { keyscope: 'cli.js', 'keyscope-language-server': 'server.js' },
      files: ['cli.js', 'server.js', ...WASM.map((w) => w.file), RUNTIME.file, 'README.md', 'LICENSE', 'THIRD-PARTY-NOTICES.md'],
      engines: { node: manifest.engines.node },
    },
    null,
    2,
  ) + '\n',
);
copyFileSync('README.md', join(OUT, 'README.md'));
copyFileSync('LICENSE', join(OUT, 'LICENSE'));
writeFileSync(join(OUT, 'THIRD-PARTY-NOTICES.md'), notices(bundledPackages(metafiles), `The keyscope ${version} package bundles the following packages (their code is inside cli.js and server.js, or
their wasm files ship beside them)`, 'scripts/build-npm.mjs'));
console.log(`${OUT}: keyscope ${version}`);
