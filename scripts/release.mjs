// One release, built once: the .vsix and the npm package of one version, checked, then the same files published
// to the VS Code Marketplace, Open VSX and npm. .github/workflows/release.yml runs the two halves in two jobs.
//
//   node scripts/release.mjs --dry-run [DIR]   builds into DIR (dist/release), checks, writes SHA256SUMS and
//                                              prints what publishing would run; publishes nothing
//   node scripts/release.mjs --publish [DIR]   publishes the files a dry run left in DIR, after checking them
//                                              against SHA256SUMS; needs VSCE_PAT, OVSX_PAT and NODE_AUTH_TOKEN
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [mode, dirArg] = process.argv.slice(2);
if (mode !== '--dry-run' && mode !== '--publish') {
  process.stderr.write('Usage: node scripts/release.mjs --dry-run|--publish [DIR]\n');
  process.exit(2);
}
const DIR = resolve(dirArg ?? join('dist', 'release'));
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const version = manifest.version;
const VSIX = `keyscope-${version}.vsix`;
const TGZ = `keyscope-${version}.tgz`;
/** Open VSX's publisher tool, pinned: 1.1 is the newest line that runs on Node 20. */
const OVSX = 'ovsx@1.1';

const fail = (message) => {
  process.stderr.write(`release: ${message}\n`);
  process.exit(1);
};
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...opts });
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What publishing runs, each with the one file it uploads. */
const plan = [
  { to: 'the VS Code Marketplace', token: 'VSCE_PAT', cmd: ['npx', '--no-install', 'vsce', 'publish', '--packagePath', join(DIR, VSIX)] },
  { to: 'Open VSX', token: 'OVSX_PAT', cmd: ['npx', '--yes', OVSX, 'publish', join(DIR, VSIX)] },
  { to: 'npm', token: 'NODE_AUTH_TOKEN', cmd: ['npm', 'publish', join(DIR, TGZ), '--access', 'public'] },
];

if (mode === '--dry-run') {
  // A tag names the version it releases; the changelog has a section for it.
  const tag = process.env.GITHUB_REF_TYPE === 'tag' ? process.env.GITHUB_REF_NAME : undefined;
  if (tag && tag !== `v${version}`) fail(`the tag ${tag} does not name version ${version} (package.json)`);
  if (!readFileSync('CHANGELOG.md', 'utf8').split('\n').some((l) => l.startsWith(`## ${version}`))) fail(`CHANGELOG.md has no section for ${version}`);
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });

  // The .vsix: vsce runs vscode:prepublish (the production build, which writes the third-party notices).
  run(process.execPath, [join('node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', join(DIR, VSIX)], { stdio: 'inherit' });
  const shipped = run(process.execPath, [join('node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies']).split('\n').map((l) => l.trim());
  for (const f of ['THIRD-PARTY-NOTICES.md', 'LICENSE', 'server/out/server.js', 'schemas/keyscope-config.schema.json', ...readdirSync('docs/rules').map((r) => `docs/rules/${r}`)]) {
    if (!shipped.includes(f)) fail(`the .vsix lacks ${f}`);
  }

  // The npm package, of the same version.
  const npmDir = join(DIR, 'npm');
  run(process.execPath, [join('scripts', 'build-npm.mjs'), npmDir], { stdio: 'inherit' });
  const npmVersion = JSON.parse(readFileSync(join(npmDir, 'package.json'), 'utf8')).version;
  if (npmVersion !== version) fail(`the npm package is ${npmVersion}, the extension ${version}`);
  run('npm', ['pack', '--pack-destination', DIR], { cwd: npmDir });
  if (!existsSync(join(DIR, TGZ))) fail(`npm pack wrote no ${TGZ}`);
  rmSync(npmDir, { recursive: true, force: true });

  writeFileSync(join(DIR, 'SHA256SUMS'), [VSIX, TGZ].map((f) => `${sha256(join(DIR, f))}  ${f}\n`).join(''));
  console.log(`\nkeyscope ${version}: ${VSIX} and ${TGZ} in ${DIR} (SHA256SUMS beside them).`);
  console.log('Dry run: nothing was published. Publishing these files would run:');
  for (const p of plan) console.log(`  to ${p.to} (with ${p.token}): ${p.cmd.join(' ')}`);
} else {
  const sums = existsSync(join(DIR, 'SHA256SUMS')) ? readFileSync(join(DIR, 'SHA256SUMS'), 'utf8').trim().split('\n') : [];
  for (const f of [VSIX, TGZ]) {
    const line = sums.find((l) => l.endsWith(`  ${f}`));
    if (!line || !existsSync(join(DIR, f))) fail(`${f} is not in ${DIR}: run the dry run first`);
    if (line.split(' ')[0] !== sha256(join(DIR, f))) fail(`${f} is not the file the dry run built (SHA256SUMS differs)`);
  }
  const missing = plan.filter((p) => !process.env[p.token]).map((p) => p.token);
  if (missing.length) fail(`nothing published: ${missing.join(', ')} not set`);
  for (const p of plan) {
    console.log(`Publishing to ${p.to}: ${p.cmd.join(' ')}`);
    run(p.cmd[0], p.cmd.slice(1), { stdio: 'inherit' });
  }
}
