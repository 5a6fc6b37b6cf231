// `npm run bench`: the figures of DESIGN.md §7 from one run, each beside its baseline or budget. It only
// measures and prints; nothing here is asserted by the test suite.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseTree } from 'jsonc-parser';
import { analyze } from '../server/src/analyze';
import { initTerraform } from '../server/src/terraform';
import { TestClient } from '../test/helpers/lsp-client';
import { bigTerraform, policyJson, smallTerraform } from './bench-inputs';

const rows: [string, string, string][] = [];
const report = (what: string, figure: string, budget: string) => {
  rows.push([what, figure, budget]);
  console.log(`${what.padEnd(48)} ${figure.padEnd(34)} ${budget}`);
};

/** Runs `fn` repeatedly for about `ms` milliseconds; returns per-call times. */
function sample(fn: () => void, ms: number, warmup = 20): number[] {
  for (let i = 0; i < warmup; i++) fn();
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

async function main() {
  await initTerraform();
  const policy = policyJson(300);
  const bytes = Buffer.byteLength(policy);

  // 1. Throughput against a bare jsonc-parser parse of the same bytes.
  const lint = sample(() => analyze({ path: 'p.kms.json', text: policy, force: true }), 1500);
  const parse = sample(() => parseTree(policy, [], { disallowComments: true }), 1500);
  const mbps = (t: number[]) => (bytes * t.length) / (t.reduce((a, b) => a + b, 0) / 1000) / 1e6;
  const ratio = mbps(lint) / mbps(parse);
  report('Lint throughput (300-line policy)', `${f2(mbps(lint))} MB/s vs parse ${f2(mbps(parse))} MB/s`, `ratio ${f2(ratio)} (budget >= 0.33)`);

  // 2. Warm diagnostics latency for the 300-line policy.
  report('Warm diagnostics, 300-line policy', `median ${f2(pct(lint, 50))} ms, p95 ${f2(pct(lint, 95))} ms`, 'budget < 5 ms');

  // 3. A one-character edit in a 5,000-line .tf with 100 keys: incremental vs full.
  const tf = bigTerraform(100);
  const lines = tf.split('\n').length;
  const mid = tf.indexOf('description', Math.floor(tf.length / 2));
  let toggle = false;
  analyze({ path: '/bench/big.tf', text: tf });
  const incremental = sample(() => {
    toggle = !toggle;
    const edited = tf.slice(0, mid) + (toggle ? 'x' : '') + tf.slice(mid);
    analyze({ path: '/bench/big.tf', text: edited });
  }, 3000, 3);
  let n = 0;
  const full = sample(() => analyze({ path: `/bench/fresh-${n++}.tf`, text: tf }), 3000, 3);
  const sources = analyze({ path: '/bench/count.tf', text: tf }).sources.length;
  report(`Edit in a ${lines}-line .tf (${sources} policies)`, `incremental median ${f2(pct(incremental, 50))} ms`, `full ${f2(pct(full, 50))} ms; budget < 50 ms`);

  // 4. Server start to first diagnostics.
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-bench-'));
  writeFileSync(join(dir, 'p.kms.json'), policy);
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const c = new TestClient();
    await c.initialize(dir);
    const uri = pathToFileURL(join(dir, 'p.kms.json')).href;
    await c.open(uri, 'json', policy);
    await c.diagnosticsFor(uri, 1);
    starts.push(performance.now() - t0);
    await c.close();
  }
  report('Server start to first diagnostics', `median ${Math.round(pct(starts, 50))} ms`, 'budget < 300 ms');

  // 5. Sizes.
  const kb = (p: string) => (existsSync(p) ? `${(statSync(p).size / 1024).toFixed(0)} KB` : 'not built');
  report('Client bundle', kb('client/out/extension.js'), 'budget < 100 KB');
  report('Server bundle (+ CLI)', `${kb('server/out/server.js')} (+ ${kb('server/out/cli.js')})`, 'budget < 1.5 MB');
  const vsix = readdirSync('.').filter((f) => f.endsWith('.vsix'))[0];
  report('.vsix', vsix ? kb(vsix) : 'not built (npm run package)', 'budget < 3 MB');

  // 6. Peak RSS of the server with a workspace of 1,000 .tf files open.
  const ws = join(dir, 'ws');
  mkdirSync(ws);
  for (let i = 0; i < 1000; i++) writeFileSync(join(ws, `k${i}.tf`), smallTerraform(i));
  const c = new TestClient();
  await c.initialize(ws);
  const uris: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const uri = pathToFileURL(join(ws, `k${i}.tf`)).href;
    uris.push(uri);
    await c.open(uri, 'terraform', readFileSync(join(ws, `k${i}.tf`), 'utf8'));
  }
  for (const u of uris) await c.diagnosticsFor(u, 1, 60000);
  const status = readFileSync(`/proc/${c.proc.pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  await c.close();
  report('Server peak RSS, 1,000 .tf files open', `${hwm.toFixed(0)} MB`, 'budget < 150 MB');

  mkdirSync('.bench', { recursive: true });
  writeFileSync('.bench/results.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2));
}

main().catch((e) => {
  console.error(`bench failed: ${e?.stack ?? e}`);
  process.exitCode = 1;
});
