// The language-server figures of `npm run bench`: start to first diagnostics, and memory with a large workspace
// open. Each drives the built server (`server/out/server.js`, built with --production by the bench) over stdio.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_FLAGS } from '../client/src/server-flags';
import { TestClient } from '../test/helpers/lsp-client';
import { smallTerraform } from './bench-inputs';

/**
 * The server runs with the Node flags the extension gives it. `KEYSCOPE_BENCH_PROFILE=<dir>` also writes a CPU
 * profile of every server the bench starts into <dir>.
 */
const serverArgs = () => [...SERVER_NODE_FLAGS, ...(process.env.KEYSCOPE_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.KEYSCOPE_BENCH_PROFILE}`] : [])];

/** Median of a list of numbers. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A bare node started and exited: the floor under any start-up figure, as the median wall time and the CPU
 * time node's own start-up takes.
 */
export async function nodeStartFloor(runs = 7): Promise<{ ms: number; cpuMs: number }> {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', 'const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000))']);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((resolve) => child.on('close', resolve));
    times.push(performance.now() - t0);
    cpu.push(Number(out));
  }
  return { ms: median(times), cpuMs: median(cpu) };
}

/**
 * Spawn, initialize, open `text`, first diagnostics: milliseconds per run, to the initialize answer, and the
 * server's CPU time by its first diagnostics.
 */
export async function startToFirstDiagnostics(dir: string, file: string, text: string, runs = 9): Promise<{ total: number[]; initialize: number[]; cpu: number[] }> {
  writeFileSync(join(dir, file), text);
  const uri = pathToFileURL(join(dir, file)).href;
  const total: number[] = [];
  const initialize: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c = new TestClient({ nodeArgs: serverArgs() });
    await c.initialize(dir);
    initialize.push(performance.now() - t0);
    await c.open(uri, file.endsWith('.tf') ? 'terraform' : 'json', text);
    await c.diagnosticsFor(uri, 1);
    total.push(performance.now() - t0);
    cpu.push(cpuMs(c.proc.pid!));
    await c.close();
  }
  return { total, initialize, cpu };
}

/** CPU time (user + system) a process has used so far, in ms: unlike wall time, not inflated by a busy machine. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s (USER_HZ on Linux)
}

/** Peak resident memory (VmHWM) of a process, in MB. */
export function peakRss(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/**
 * Writes `count` .tf files in modules (folders) of `perModule` files, opens every one in one server at once
 * (as fast as the client can send them) and waits for all their diagnostics.
 */
export async function openWorkspace(root: string, count: number, perModule: number, timeoutMs = 600_000): Promise<{ ms: number; cpuMs: number; peakMb: number; diagnostics: number }> {
  mkdirSync(root, { recursive: true });
  const docs: { uri: string; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(root, `m${Math.floor(i / perModule)}`);
    mkdirSync(dir, { recursive: true });
    const text = smallTerraform(i);
    writeFileSync(join(dir, `k${i}.tf`), text);
    docs.push({ uri: pathToFileURL(join(dir, `k${i}.tf`)).href, text });
  }
  const c = new TestClient({ nodeArgs: serverArgs() });
  try {
    await c.initialize(root);
    const t0 = performance.now();
    await Promise.all(docs.map((d) => c.open(d.uri, 'terraform', d.text)));
    let diagnostics = 0;
    for (const d of docs) diagnostics += (await c.diagnosticsFor(d.uri, 1, Math.max(1, t0 + timeoutMs - performance.now()))).length;
    return { ms: performance.now() - t0, cpuMs: cpuMs(c.proc.pid!), peakMb: peakRss(c.proc.pid!), diagnostics };
  } finally {
    await c.close();
  }
}

/**
 * One file of a module of `count` .tf files in one folder (every file is a sibling the analysis reads):
 * milliseconds to its first diagnostics, and after a one-character edit.
 */
export async function oneFileOfLargeModule(root: string, count: number): Promise<{ open: number; edit: number }> {
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(root, `k${i}.tf`), smallTerraform(i));
  const text = smallTerraform(0);
  const uri = pathToFileURL(join(root, 'k0.tf')).href;
  const c = new TestClient({ nodeArgs: serverArgs() });
  try {
    await c.initialize(root);
    let t0 = performance.now();
    await c.open(uri, 'terraform', text);
    await c.diagnosticsFor(uri, 1, 600_000);
    const open = performance.now() - t0;
    t0 = performance.now();
    await c.change(uri, 2, text.replace('"key ', '"key x'));
    await c.diagnosticsFor(uri, 2, 600_000);
    return { open, edit: performance.now() - t0 };
  } finally {
    await c.close();
  }
}
