import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root, and the code-server that `scripts/e2e/setup-code-server.sh` installs. */
export const ROOT = process.env.KEYSCOPE_ROOT ?? resolve(__dirname, '..', '..');
export const CODE_SERVER_DIR = process.env.KEYSCOPE_CODE_SERVER_DIR ?? join(ROOT, '.e2e', 'code-server');
export const CODE_SERVER = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const VSIX = join(ROOT, 'keyscope.vsix');

/** Editor settings that keep the workbench quiet and predictable: no welcome page, tips, trust prompt or updates. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.hover.delay': 200,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'window.restoreWindows': 'none',
};

/** A running code-server with our .vsix installed, serving a fresh copy of a workspace folder. */
export interface CodeServer {
  url: string;
  /** The temporary workspace folder (a copy; tests may edit it). */
  workspace: string;
  proc: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** A port the kernel says is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** An error that ends a `poll` at once instead of being retried. */
export class FatalError extends Error {}

/** Polls `check` every `intervalMs` until it returns a truthy value or `timeoutMs` passes. */
export async function poll<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      if (e instanceof FatalError) throw e;
      lastError = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** How to start code-server. */
export interface StartOptions {
  /** Serve a temporary copy of the folder (the default, for tests) or the folder itself (for the demo). */
  copy?: boolean;
  /** The port to listen on; a free one by default. */
  port?: number;
  /** Extra environment for code-server and its extension host. */
  env?: NodeJS.ProcessEnv;
  /** Further .vsix files to install next to keyscope.vsix (the in-host test extension). */
  extensions?: string[];
  /** User settings added to the suite's own (which they override). */
  settings?: Record<string, unknown>;
}

/**
 * Installs the .vsix into a fresh extensions folder, copies `folder` to a temporary workspace and starts
 * code-server on 127.0.0.1 with a free port. Everything lives under one unique temporary folder, removed by `stop`.
 */
export async function startCodeServer(folder: string, options: StartOptions = {}): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed at ${CODE_SERVER}: run bash scripts/e2e/setup-code-server.sh`);
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package`);
  const base = mkdtempSync(join(tmpdir(), 'keyscope-e2e-'));
  const workspace = options.copy === false ? resolve(folder) : join(base, 'workspace');
  const userData = join(base, 'user-data');
  const extensions = join(base, 'extensions');
  if (options.copy !== false) cpSync(folder, workspace, { recursive: true });
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2));
  const configFile = join(base, 'config.yaml');
  writeFileSync(configFile, 'auth: none\n');
  const common = ['--config', configFile, '--user-data-dir', userData, '--extensions-dir', extensions];
  for (const vsix of [VSIX, ...(options.extensions ?? [])]) {
    const install = spawnSync(process.execPath, [CODE_SERVER, ...common, '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
    if (install.status !== 0) throw new Error(`installing ${vsix} failed:\n${install.stdout}\n${install.stderr}`);
  }

  const port = options.port ?? (await freePort());
  let output = '';
  const proc = spawn(
    process.execPath,
    [
      CODE_SERVER, ...common,
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--ignore-last-opened', workspace,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  // If this process dies without `stop` (an interrupted run), take code-server's process group with it.
  const killGroup = () => { try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killGroup);
  proc.once('exit', () => process.removeListener('exit', killGroup));
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      // detached: code-server and its extension host form one process group; end them together.
      try { process.kill(-proc.pid!, 'SIGTERM'); } catch { /* already gone */ }
      const t = setTimeout(() => { try { process.kill(-proc.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(base, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await poll('code-server to answer /healthz', async () => {
      if (proc.exitCode !== null) throw new FatalError(`code-server exited with ${proc.exitCode}:\n${output}`);
      const r = await fetch(`${url}/healthz`);
      return r.ok;
    }, 120_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, workspace, proc, log: () => output, stop };
}
