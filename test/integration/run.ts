// `npm run test:integration`: the core editor scenarios through the VS Code API, in a VS Code that
// @vscode/test-electron downloads. Where that download is impossible (no network, as on our CI machines,
// whose editor tests run in code-server instead: `npm run test:e2e`) it skips with a message, quickly.
import { lookup } from 'node:dns/promises';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = join(__dirname, '..', '..');
/** The VS Code version the code-server suite runs too (code-server 4.100.3). */
const VSCODE_VERSION = '1.100.3';
const DOWNLOAD_HOST = 'update.code.visualstudio.com';

function skip(reason: string): never {
  console.log(`SKIP integration suite: ${reason}\n(the same scenarios run in a real VS Code with \`npm run test:e2e\`)`);
  process.exit(0);
}

async function vscodeExecutable(): Promise<string> {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  try {
    await Promise.race([lookup(DOWNLOAD_HOST), new Promise((_, rej) => setTimeout(() => rej(new Error('DNS timed out')), 5000))]);
  } catch (e) {
    skip(`VS Code cannot be downloaded here (${DOWNLOAD_HOST}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return await downloadAndUnzipVSCode({ version: VSCODE_VERSION, cachePath: join(ROOT, '.vscode-test'), timeout: 30_000 });
  } catch (e) {
    skip(`downloading VS Code ${VSCODE_VERSION} failed: ${(e as Error).message}`);
  }
}

async function main(): Promise<void> {
  const executable = await vscodeExecutable();
  const out = join(ROOT, 'test', 'integration', 'out', 'suite.js');
  await build({
    entryPoints: [join(__dirname, 'suite', 'index.ts')], outfile: out, bundle: true, platform: 'node', target: 'node18',
    format: 'cjs', external: ['vscode'], mainFields: ['module', 'main'], logLevel: 'warning',
    alias: { 'web-tree-sitter': './' + join('node_modules', 'web-tree-sitter', 'web-tree-sitter.cjs') },
  });
  const base = mkdtempSync(join(tmpdir(), 'keyscope-integration-'));
  const workspace = join(base, 'workspace');
  cpSync(join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: out,
      extensionTestsEnv: { KEYSCOPE_ROOT: ROOT, KEYSCOPE_FIXTURE: join(ROOT, 'test', 'e2e', 'fixtures', 'workspace') },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', join(base, 'user-data')],
    });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
