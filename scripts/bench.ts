// `npm run bench`: the figures of DESIGN.md §7 from one run, each beside its baseline or budget (and the
// previous run's figure, from .bench/results.json). It measures what ships: it builds the production bundles
// and the .vsix, and times the engine bundled with the same options. Nothing here is asserted by the tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseTree } from 'jsonc-parser';
import { bigTerraform, policyJson } from './bench-inputs';
import { writeModuleWorkspace } from './bench-modules';
import { hoverWhileAnalysing, matrixClick } from './bench-responsive';
import { median, nodeStartFloor, oneFileOfLargeModule, openWorkspace, startToFirstDiagnostics } from './bench-server';
import { compareWithPeer, findPeer, unpackPeer } from './bench-peer';
import { repositoryFigures } from './bench-repo';

type Engine = typeof import('./bench-engine');

interface Row {
  id: string;
  what: string;
  figure: string;
  budget: string;
}
const RESULTS = '.bench/results.json';
const previous = new Map<string, string>();
try {
  for (const r of JSON.parse(readFileSync(RESULTS, 'utf8')).rows as Row[]) if (r.id) previous.set(r.id, r.figure);
} catch {
  // no earlier run
}
const rows: Row[] = [];
const report = (id: string, what: string, figure: string, budget: string) => {
  rows.push({ id, what, figure, budget });
  const before = previous.get(id);
  console.log(`${what.padEnd(42)} ${figure.padEnd(58)} ${budget}${before && before !== figure ? `   (last run: ${before})` : ''}`);
};

/**
 * Runs `fn` repeatedly for about `ms` milliseconds and returns per-call times, after warming it up for
 * `warmupMs` (at least 3 calls): "warm" means after the JIT has optimised the hot code, which takes far more
 * than a handful of calls of a millisecond each.
 */
function sample(fn: () => void, ms: number, warmupMs = 500): number[] {
  const warm = performance.now() + warmupMs;
  for (let i = 0; i < 3 || performance.now() < warm; i++) fn();
  const times: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times;
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const f2 = (x: number) => x.toFixed(2);
const ms = (x: number) => `${Math.round(x)} ms`;
const kb = (p: string) => (existsSync(p) ? statSync(p).size / 1024 : NaN);

/** The production bundles, the .vsix, and the engine bundle the bench times (scripts/bench-engine.ts). */
function buildProduction(): void {
  const t0 = performance.now();
  execFileSync(process.execPath, ['scripts/build.mjs', '--production', '--bench'], { stdio: 'inherit' });
  rmSync('.bench/keyscope.vsix', { force: true });
  try {
    execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--out', '.bench/keyscope.vsix'], { stdio: 'pipe' });
  } catch (e) {
    console.error(`vsce package failed: ${(e as { stderr?: Buffer }).stderr?.toString() ?? e}`);
  }
  console.log(`Built the production bundles, the .vsix and the bench engine in ${ms(performance.now() - t0)} (node ${process.version}).\n`);
}

async function main() {
  mkdirSync('.bench', { recursive: true });
  buildProduction();
  console.log(`${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (figures on a busy machine are slower)\n`);
  // KEYSCOPE_BENCH_ONLY=repositories: only the whole-repository figures (section 10).
  if (process.env.KEYSCOPE_BENCH_ONLY === 'repositories') return repositories();
  const { analyze, initTerraform, nodeHost } = createRequire(__filename)(resolve('.bench/engine.js')) as Engine;
  await initTerraform();
  const policy = policyJson(300);
  const bytes = Buffer.byteLength(policy);

  // 1. Throughput against a bare jsonc-parser parse of the same bytes.
  const lint = sample(() => analyze({ path: 'p.kms.json', text: policy, force: true }), 1500);
  const parse = sample(() => parseTree(policy, [], { disallowComments: true }), 1500);
  // From the median call of each: on a busy machine the mean is dominated by the calls another process preempted.
  const mbps = (t: number[]) => bytes / (pct(t, 50) / 1000) / 1e6;
  const ratio = mbps(lint) / mbps(parse);
  report('throughput', `Lint throughput (300-line policy, ${(bytes / 1024).toFixed(0)} KB)`, `${f2(mbps(lint))} MB/s vs parse ${f2(mbps(parse))} MB/s`, `ratio ${f2(ratio)} (budget >= 0.33)`);

  // 2. Warm diagnostics latency for the 300-line policy.
  report('warm', 'Warm diagnostics, 300-line policy', `median ${f2(pct(lint, 50))} ms, p95 ${f2(pct(lint, 95))} ms`, 'budget < 5 ms');

  // 3. A one-character edit in a 5,000-line .tf with 100 keys: incremental vs full.
  const tf = bigTerraform(100);
  const lines = tf.split('\n').length;
  const mid = tf.indexOf('description', Math.floor(tf.length / 2));
  let toggle = false;
  analyze({ path: '/bench/big.tf', text: tf });
  const incremental = sample(() => {
    toggle = !toggle;
    analyze({ path: '/bench/big.tf', text: tf.slice(0, mid) + (toggle ? 'x' : '') + tf.slice(mid) });
  }, 3000);
  let n = 0;
  const full = sample(() => analyze({ path: `/bench/fresh-${n++}.tf`, text: tf }), 3000);
  const sources = analyze({ path: '/bench/count.tf', text: tf }).sources.length;
  report('tf-edit', `Edit in a ${lines}-line .tf (${sources} policies)`, `incremental median ${f2(pct(incremental, 50))} ms`, `full ${f2(pct(full, 50))} ms; budget < 50 ms`);

  // 4. Server start to first diagnostics (the production server bundle), beside a bare node start.
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-bench-'));
  const floor = await nodeStartFloor();
  const json = await startToFirstDiagnostics(dir, 'p.kms.json', policy, 11);
  report('start', 'Server start to first diagnostics (JSON)', `median ${ms(median(json.total))} (initialized ${ms(median(json.initialize))}; server CPU ${ms(median(json.cpu))})`, `budget < 300 ms; bare node start ${ms(floor.ms)}, CPU ${ms(floor.cpuMs)}`);
  const tfStart = await startToFirstDiagnostics(dir, 'main.tf', bigTerraform(1));
  report('start-tf', 'Server start to first diagnostics (.tf)', `median ${ms(median(tfStart.total))} (server CPU ${ms(median(tfStart.cpu))})`, 'loads the HCL grammar first');

  // 5. Sizes of what ships.
  const size = (p: string) => (existsSync(p) ? `${kb(p).toFixed(0)} KB` : 'not built');
  report('client-size', 'Client bundle', size('client/out/extension.js'), 'budget < 100 KB');
  report('server-size', 'Server bundle (+ CLI; + wasm)', `${size('server/out/server.js')} (+ ${size('server/out/cli.js')}; + ${(kb('server/out/web-tree-sitter.wasm') + kb('server/out/tree-sitter-hcl.wasm')).toFixed(0)} KB)`, 'budget < 1.5 MB');
  report('vsix-size', '.vsix', size('.bench/keyscope.vsix'), 'budget < 3 MB');

  // 6. Peak RSS of the server with 1,000 .tf files open, in modules of 10 files (every file reads its 9
  // siblings), and one file of a module of 1,000 files in one folder.
  // The peak depends on when V8 collects garbage: the median of three servers, and the range.
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await openWorkspace(join(dir, `ws${i}`), 1000, 10));
  const peaks = runs.map((r) => r.peakMb);
  const ws = runs.find((r) => r.peakMb === median(peaks))!;
  const range = `${Math.min(...peaks).toFixed(0)}-${Math.max(...peaks).toFixed(0)}`;
  report('rss', 'Server peak RSS, 1,000 .tf files open', `${ws.peakMb.toFixed(0)} MB (${range}; all diagnosed in ${(ws.ms / 1000).toFixed(1)} s, server CPU ${(ws.cpuMs / 1000).toFixed(1)} s)`, 'budget < 150 MB');
  const big = await oneFileOfLargeModule(join(dir, 'flat'), 1000);
  report('big-module', 'One file of a 1,000-file module', `first diagnostics ${ms(big.open)}, after an edit ${ms(big.edit)}`, 'edit includes the 200 ms debounce');

  // 7. Responsiveness: hovers while a 2,000-key .tf is analysed after an edit; a matrix click on a large policy.
  const busy = await hoverWhileAnalysing(join(dir, 'busy'), 2000);
  report('hover-busy', 'Hover while a 2,000-key .tf is analysed', `worst ${ms(busy.worst)}, median ${ms(busy.median)} (${busy.answered} answered in ${ms(busy.analysis)}; in the file ${ms(busy.inFile)})`, 'budget < 50 ms');
  const click = await matrixClick(400);
  report('matrix-click', 'Matrix cell click, 400-statement policy', click ? `median ${f2(click.median)} ms (${click.cells} cells)` : 'Chromium not found', 'click to layout, in Chromium');

  // 8. Side by side with the peer (../shared/peers), when it is there: the same files, the same client,
  // interleaved rounds; the ratio is the peer's time over ours.
  const tgz = findPeer();
  if (!tgz) console.log('\nPeer comparison skipped: no aws-iam-language-server archive in ../shared/peers (or KEYSCOPE_PEERS).');
  else {
    const peer = unpackPeer(tgz);
    const cmp = await compareWithPeer(peer, Number(process.env.KEYSCOPE_BENCH_PEER_ROUNDS ?? 3));
    console.log(`\nSide by side with ${peer.name}: ${cmp.files} files of ${cmp.source} (${cmp.json} JSON, ${cmp.tf} .tf), ${os.cpus().length} cores, node ${process.version}`);
    for (const r of cmp.rows) report(`peer-${r.what.split(' ').slice(0, 3).join('-')}`, r.what, `keyscope ${f2(r.ours)} ms, peer ${f2(r.peer)} ms`, `ratio ${f2(r.peer / r.ours)}x (goal >= 10x)`);
  }

  // 9. A workspace of modules: 200 key modules of 5 keys whose principals come from variables, called by 20
  // root modules that pass principals (and all call one shared module). Every file analysed once, then the
  // shared module edited on disk and its 20 callers analysed again (what the editor does for open callers).
  const mods = writeModuleWorkspace(join(dir, 'modules-ws'));
  const modHost = nodeHost(mods.dir);
  const lintAll = () => {
    let policies = 0;
    for (const f of mods.files) policies += analyze({ path: f, text: readFileSync(f, 'utf8'), host: modHost }).sources.length;
    return policies;
  };
  const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const policies = lintAll();
  const fullMs = performance.now() - t0;
  const fullCpu = cpuMs(process.cpuUsage(c0));
  const shared = readFileSync(mods.shared, 'utf8');
  const edits: number[] = [];
  const editCpu: number[] = [];
  for (let i = 0; i < 5; i++) {
    writeFileSync(mods.shared, shared.replace('key 0', `key 0 (edit ${i})`));
    const t = performance.now();
    const c = process.cpuUsage();
    for (const r of mods.roots) analyze({ path: r, text: readFileSync(r, 'utf8'), host: modHost });
    edits.push(performance.now() - t);
    editCpu.push(cpuMs(process.cpuUsage(c)));
  }
  report('modules-full', `Module workspace (${mods.files.length} files, ${policies} policies)`, `every file analysed in ${ms(fullMs)} (CPU ${ms(fullCpu)})`, 'budget < 3 s (1,000 files, 2 cores)');
  report('modules-edit', 'Edit in a module called by 20 roots', `the 20 callers again: median ${ms(median(edits))} (CPU ${ms(median(editCpu))})`, 'budget < 100 ms');

  rmSync(dir, { recursive: true, force: true });
  await repositories();
}

/**
 * 10. Whole repositories: the built CLI on generated repositories of 100, 1,000 and 5,000 files (Terraform, and
 * JSON policies), and the editor's workspace diagnostics of the 1,000-file one (scripts/bench-repo.ts).
 */
async function repositories() {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-bench-repo-'));
  try {
    await repositoryFigures(dir, report, (texts) => {
      const t0 = performance.now();
      for (const t of texts) parseTree(t, [], { disallowComments: true });
      return performance.now() - t0;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  saveResults();
}

/** Writes this run's rows; rows of the last run that this one did not measure (KEYSCOPE_BENCH_ONLY) are kept. */
function saveResults(): void {
  let kept: Row[] = [];
  try {
    kept = (JSON.parse(readFileSync(RESULTS, 'utf8')).rows as Row[]).filter((r) => !rows.some((x) => x.id === r.id));
  } catch {
    // no earlier run
  }
  writeFileSync(RESULTS, JSON.stringify({ date: new Date().toISOString(), node: process.version, rows: [...kept, ...rows] }, null, 2));
}

main().catch((e) => {
  console.error(`bench failed: ${e?.stack ?? e}`);
  process.exitCode = 1;
});
