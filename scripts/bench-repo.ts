// Generated repositories for the whole-repository figures of `npm run bench` and the `--jobs` test: Terraform
// of reusable key modules and the root modules that call them (principals passed as arguments, values from
// .tfvars, policies composed from documents in another file), and folders of JSON key policies. Written by
// code, the same on every machine.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, WorkspaceDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../server/src/text';
import { TestClient } from '../test/helpers/lsp-client';
import { cpuMs, peakRss } from './bench-server';
import { policyJson } from './bench-inputs';
import { keyModule as benchKeyModule } from './bench-modules';

const ACCT = '111122223333';
const OTHER = '444455556666';


/**
 * The .tf files of one reusable key module: the bench's key module (a key whose administrators and users are
 * variables), a second key whose policy composes the first one's document with a statement of its own, in
 * another file, and the module's outputs. One module in seven misspells an action.
 */
function keyModule(m: number): Record<string, string> {
  const typo = m % 7 === 3 ? ', "kms:Decrpyt"' : '';
  return {
    ...benchKeyModule(1, ` of module ${m}`),
    'composed.tf': `resource "aws_kms_key" "composed" {
  description         = "\${var.name}: storage key"
  enable_key_rotation = var.rotate
  policy              = data.aws_iam_policy_document.composed.json
}

data "aws_iam_policy_document" "composed" {
  source_policy_documents = [data.aws_iam_policy_document.k0.json]

  statement {
    sid = "StorageThroughS3"
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.eu-west-1.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = var.users
    }
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"${typo}]
    resources = ["*"]
  }
}
`,
    'outputs.tf': `variable "name" {
  type = string
}

output "storage_key_arn" {
  value = aws_kms_key.composed.arn
}
`,
  };
}

/** One file of a root module: calls of key modules, principals as arguments, some from the .tfvars. */
function callerFile(r: number, f: number, modules: number[]): string {
  let text = '';
  for (const m of modules) {
    const users = m % 5 === 1 ? `["arn:aws:iam::${OTHER}:root"]` : `["arn:aws:iam::${ACCT}:role/app-${r}-${m}", var.worker_role]`;
    text += `module "key_${f}_${m}" {
  source = "../../modules/key-${m}"
  name   = "\${var.stage}-${r}-${m}"
  admins = var.admins
  users  = ${users}
}

`;
  }
  return text;
}

/** The variables and the .tfvars of a root module. */
function rootInputs(r: number): Record<string, string> {
  return {
    'variables.tf': `variable "stage" {
  type = string
}

variable "admins" {
  type = list(string)
}

variable "worker_role" {
  type = string
}
`,
    'terraform.tfvars': `stage       = "${r % 2 ? 'prod' : 'dev'}"
admins      = ["arn:aws:iam::${ACCT}:role/platform-${r}"]
worker_role = "arn:aws:iam::${ACCT}:role/worker-${r}"
`,
  };
}

export interface TerraformRepository {
  /** Every .tf file written. */
  tf: string[];
  /** Every file written (.tf and .tfvars). */
  files: string[];
}

/**
 * About `tfFiles` .tf files in `tfFiles / 5` modules: four of every five modules are key modules (4 files
 * each), the fifth a root module of calls of them (its files and variables, and a terraform.tfvars).
 */
export function writeTerraformRepository(dir: string, tfFiles: number): TerraformRepository {
  const out: TerraformRepository = { tf: [], files: [] };
  const write = (sub: string, files: Record<string, string>) => {
    const d = join(dir, sub);
    mkdirSync(d, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(d, name), text);
      out.files.push(join(d, name));
      if (name.endsWith('.tf')) out.tf.push(join(d, name));
    }
  };
  const modules = Math.max(5, Math.round(tfFiles / 5));
  const roots = Math.max(1, Math.round(modules / 5));
  const keyModules = modules - roots;
  for (let m = 0; m < keyModules; m++) write(join('modules', `key-${m}`), keyModule(m));
  // The root modules' .tf files make up the rest: each calls a slice of the key modules.
  let callerFiles = Math.max(roots, tfFiles - keyModules * 4 - roots);
  for (let r = 0; r < roots; r++) {
    const files = Math.ceil(callerFiles / (roots - r));
    callerFiles -= files;
    const own: Record<string, string> = rootInputs(r);
    for (let f = 0; f < files; f++) {
      const first = (r * 7 + f * 3) % keyModules;
      own[`keys-${f}.tf`] = callerFile(r, f, [first, (first + 1) % keyModules]);
    }
    write(join('live', `env-${r}`), own);
  }
  return out;
}

/** `count` JSON key policies, 100 to a folder; one in ten with a finding or two. */
export function writeJsonRepository(dir: string, count: number): string[] {
  const out: string[] = [];
  const base = policyJson(40);
  for (let i = 0; i < count; i++) {
    const d = join(dir, 'policies', `team-${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(d, { recursive: true });
    let text = base.replaceAll('role/app-', `role/app${i}-`);
    if (i % 10 === 3) text = text.replace('"kms:Decrypt"', '"kms:Decrpyt"');
    if (i % 10 === 7) text = text.replace(`arn:aws:iam::${ACCT}:role/admin-0`, '*');
    const p = join(d, `key-${i}.kms.json`);
    writeFileSync(p, text);
    out.push(p);
  }
  return out;
}

/** A run of the built CLI: wall time, its CPU time (every thread) and its peak resident memory. */
export interface CliRun {
  ms: number;
  cpuMs: number;
  peakMb: number;
  findings: number;
}

/**
 * `keyscope lint --format json --exit-zero [--jobs N] .` in `dir` with the built CLI (`server/out/cli.js`), its
 * memory and CPU time read from /proc every 20 ms while it runs.
 */
export async function lintRepository(dir: string, jobs?: number): Promise<CliRun> {
  const args = [join(process.cwd(), 'server', 'out', 'cli.js'), 'lint', '--format', 'json', '--exit-zero', ...(jobs ? ['--jobs', String(jobs)] : []), '.'];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  let peakMb = 0;
  let cpu = 0;
  const sample = () => {
    try {
      peakMb = Math.max(peakMb, peakRss(child.pid!));
      cpu = cpuMs(child.pid!);
    } catch {
      // already gone
    }
  };
  const timer = setInterval(sample, 20);
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  const ms = performance.now() - t0;
  await new Promise((resolve) => (child.stdout.readableEnded ? resolve(undefined) : child.stdout.on('end', resolve)));
  return { ms, cpuMs: cpu, peakMb, findings: (JSON.parse(out) as unknown[]).length };
}

/**
 * The editor's workspace diagnostics (`workspace/diagnostic`, keyscope.workspaceDiagnostics on) of the
 * repository in `dir`, from the built server: the time to the report, the hovers answered meanwhile in a small
 * open policy (each hover's wait: worst and median), and the server's peak memory with all of it loaded.
 */
export async function workspaceDiagnostics(dir: string): Promise<{ ms: number; files: number; hovers: number; worstHover: number; medianHover: number; peakMb: number; cpuMs: number }> {
  const small = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/app` }, Action: 'kms:Decrypt', Resource: '*' }] }, null, 2);
  const smallPath = join(dir, 'open.kms.json');
  writeFileSync(smallPath, small);
  const uri = pathToFileURL(smallPath).href;
  const c = new TestClient();
  c.settings = { workspaceDiagnostics: true };
  try {
    await c.initialize(dir, {}, { diagnostic: { dynamicRegistration: false } });
    await c.open(uri, 'json', small);
    await c.diagnosticsFor(uri, 1);
    const position = new LineIndex(small).positionAt(small.indexOf('kms:Decrypt') + 5);
    const t0 = performance.now();
    let done = false;
    const report = c.conn.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] }).finally(() => (done = true));
    const waits: number[] = [];
    while (!done) {
      const t = performance.now();
      await c.conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
      waits.push(performance.now() - t);
    }
    const files = (await report).items.length;
    const ms = performance.now() - t0;
    const sorted = waits.sort((a, b) => a - b);
    return { ms, files, hovers: waits.length, worstHover: sorted[sorted.length - 1] ?? 0, medianHover: sorted[Math.floor(sorted.length / 2)] ?? 0, peakMb: peakRss(c.proc.pid!), cpuMs: cpuMs(c.proc.pid!) };
  } finally {
    await c.close();
  }
}

type Report = (id: string, what: string, figure: string, budget: string) => void;

/**
 * The whole-repository figures: `keyscope lint .` on generated Terraform repositories of 100, 1,000 and 5,000
 * .tf files and JSON sets of as many policies (time, CPU and peak memory, and how they grow per file), the
 * JSON set against a bare jsonc-parser parse of the same bytes, one thread against all cores, and the editor's
 * workspace diagnostics of the 1,000-file repository with hovers answered meanwhile.
 */
export async function repositoryFigures(dir: string, report: Report, parseMs: (texts: string[]) => number): Promise<void> {
  const cores = availableParallelism();
  const load = () => loadavg()[0].toFixed(1);
  const per = (r: CliRun, n: number) => `${((r.ms / n) * 1000).toFixed(0)} us/file`;
  const line = (r: CliRun) => `${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s), peak ${r.peakMb.toFixed(0)} MB`;
  for (const kind of ['tf', 'json'] as const) {
    const runs: { n: number; run: CliRun }[] = [];
    for (const n of [100, 1000, 5000]) {
      const d = join(dir, `${kind}-${n}`);
      let texts: string[] = [];
      if (kind === 'tf') writeTerraformRepository(d, n);
      else texts = writeJsonRepository(d, n).map((p) => readFileSync(p, 'utf8'));
      const run = await lintRepository(d);
      runs.push({ n, run });
      const what = kind === 'tf' ? `keyscope lint, ${n} .tf files (${Math.round(n / 5)} modules)` : `keyscope lint, ${n} JSON policies`;
      report(`repo-${kind}-${n}`, what, `${line(run)}, ${per(run, n)}; ${run.findings} findings`, `${cores} cores, load ${load()}${n === 1000 && kind === 'tf' ? '; budget < 3 s' : ''}`);
      if (kind === 'json' && n === 5000) {
        const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
        const parse = parseMs(texts);
        report('repo-json-ratio', `JSON set against a bare parse (${(bytes / 1e6).toFixed(1)} MB)`, `lint ${((bytes / run.ms) / 1000).toFixed(1)} MB/s, jsonc-parser ${((bytes / parse) / 1000).toFixed(1)} MB/s`, `ratio ${(parse / run.ms).toFixed(2)} (budget >= 0.33)`);
      }
      if (kind === 'tf' && n === 1000) {
        const one = await lintRepository(d, 1);
        report('repo-tf-jobs1', 'keyscope lint --jobs 1, 1,000 .tf files', line(one), `all ${cores} cores: ${(one.ms / run.ms).toFixed(2)}x faster`);
        const ws = await workspaceDiagnostics(d);
        report('repo-ws-diagnostics', `Workspace diagnostics in the editor, ${ws.files} files`, `${(ws.ms / 1000).toFixed(2)} s (server CPU ${(ws.cpuMs / 1000).toFixed(2)} s); ${ws.hovers} hovers meanwhile, worst ${ws.worstHover.toFixed(0)} ms, median ${ws.medianHover.toFixed(1)} ms`, 'budget < 5 s; hovers < 50 ms');
        report('repo-ws-memory', 'Server peak RSS, 1,000 .tf files linted', `${ws.peakMb.toFixed(0)} MB`, 'budget < 300 MB');
      }
    }
    // Growth from 100 to 1,000 to 5,000 files: time and memory per file, relative to the 100-file run.
    const [a, b, c] = runs;
    const grow = (x: { n: number; run: CliRun }) => `${((x.run.ms / x.n) / (a.run.ms / a.n)).toFixed(2)}x time/file, ${(x.run.peakMb / a.run.peakMb).toFixed(1)}x memory`;
    report(`repo-${kind}-growth`, `Growth, ${kind === 'tf' ? '.tf' : 'JSON'} 100 -> 1,000 -> 5,000`, `${grow(b)}; ${grow(c)}`, 'linear: time/file <= ~1x');
  }
}
