import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { moduleCallerFiles, syntaxOf } from '../service';
import { globProblem, matchesAnyGlob } from '../settings/glob';
import { CliConfigs, CONFIG_NAME } from './config';
import { UsageError } from './errors';
import { deliver } from './output';
import { quotePath } from './escape';
import { formatJson, formatText, type CliFinding } from './format';
import { formatGitlabSast } from './gitlab';
import { formatSarif, type SarifFinding, type SarifRunInfo } from './sarif';
import { hostWithVariables, variableInputs, VARIABLE_OPTIONS, VARIABLE_USAGE } from './variables';
import { defaultJobs, lintFiles, printNote, type FileArg } from './lint-files';

const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn']);

export const LINT_USAGE = `Usage: keyscope lint [options] PATH...

Analyses KMS key policies in JSON files and Terraform (.tf) files. Directories are walked recursively:
.tf files are always read; JSON files when they match the include globs or read like a key policy.

  --format FORMAT     text (default), json, sarif (SARIF 2.1.0, for GitHub code scanning) or gitlab (a
                      GitLab SAST report, for artifacts: reports: sast)
  --output FILE       write the report to FILE instead of standard output
  --config FILE       a .keyscope.json (default: the nearest one at or above each file's folder, up to the
                      repository root: the folder holding .git, else the current folder)
  --max-warnings N    fail when there are more than N warnings (default: no limit)
  --exit-zero         exit 0 even when findings would fail the run (report only)
  --key-policy        judge every JSON file as a key policy, whatever its content (see below)
  --exclude GLOB      skip files whose path from the current folder matches GLOB (repeatable); the globs of
                      .keyscope.json: *, **, ?, [a-z], no braces or extended globs, 512 characters at most
  --jobs N            lint with N threads (default: the number of cores); the report is the same with any N
${VARIABLE_USAGE}

A Terraform module linted without the files that call it (keyscope lint modules/kms) is linted through its
callers in the repository: what their calls cause in it is reported at the calls (see docs/terraform-evaluation.md).

A JSON file that does not match the include globs is judged by its content: with no Principal (an IAM
identity policy), a Resource of another service (an S3 bucket policy) or no kms: action, it is not a key
policy, and only its kms: actions are checked; a note on stderr says why.

Exit status: 0 no errors, 1 findings fail the run, 2 bad usage, an unreadable file or a .keyscope.json with
problems (each is printed with its line and column; the other settings still apply).`;

/** Threads at most: each holds its own engine and grammar (tens of megabytes). */
const MAX_JOBS = 64;

export interface LintOutcome {
  output: string;
  exitCode: number;
}

/** `keyscope lint`: never throws except UsageError (exit 2). */
export async function lint(argv: string[], version: string): Promise<LintOutcome> {
  let values: { format?: string; config?: string; output?: string; 'max-warnings'?: string; 'exit-zero'?: boolean; 'key-policy'?: boolean; exclude?: string[]; jobs?: string; help?: boolean };
  let positionals: string[];
  let tokens: Parameters<typeof variableInputs>[0];
  try {
    ({ values, positionals, tokens } = parseArgs({
      args: argv,
      allowPositionals: true,
      tokens: true,
      options: {
        format: { type: 'string' },
        config: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'max-warnings': { type: 'string' },
        'exit-zero': { type: 'boolean' },
        'key-policy': { type: 'boolean' },
        exclude: { type: 'string', multiple: true },
        jobs: { type: 'string', short: 'j' },
        ...VARIABLE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${LINT_USAGE}`);
  }
  if (values.help) return { output: LINT_USAGE + '\n', exitCode: 0 };
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif', 'gitlab'].includes(format)) throw new UsageError(`unknown format "${format}": use text, json, sarif or gitlab`);
  const start = new Date();
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings needs a whole number >= 0, not "${values['max-warnings']}"`);
  }
  let jobs = defaultJobs();
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) throw new UsageError(`--jobs needs a whole number from 1 to ${MAX_JOBS}, not "${values.jobs}"`);
  }
  if (positionals.length === 0) throw new UsageError(`no PATH given\n\n${LINT_USAGE}`);
  const inputs = variableInputs(tokens);
  // A --config that cannot be read is a usage error before any file is linted.
  const configs = await CliConfigs.create(values.config, { quiet: true });

  const excludes = values.exclude ?? [];
  for (const g of excludes) {
    const problem = globProblem(g);
    if (problem) throw new UsageError(`--exclude ${quotePath(g)}: ${problem}`);
  }
  const cwd = process.cwd();
  const excluded = (p: string) => excludes.length > 0 && matchesAnyGlob(excludes, relative(cwd, p).split(sep).join('/'));
  const files = collect(positionals).filter((f) => !excluded(f.path));
  // A module linted without the files that call it: those calls are linted too, for what they cause in it.
  files.push(...(await callerFiles(files, positionals.map((a) => resolve(a)), configs, inputs)).filter((f) => !excluded(f.path)));
  const reports = await lintFiles(files, { config: values.config, inputs, keyPolicy: values['key-policy'] }, jobs);
  // Put together in the order of the files, as one thread going through them would have written it.
  const items: SarifFinding[] = [];
  const notifications: SarifRunInfo['notifications'] = [];
  const reported = new Set<string>();
  let configProblems = false;
  for (const r of reports) {
    if (r.config && !reported.has(r.config.file)) {
      reported.add(r.config.file);
      for (const line of r.config.problems) process.stderr.write(line);
      configProblems ||= r.config.problems.length > 0;
    }
    if (r.usageError) throw new UsageError(r.usageError);
    for (const n of r.notes) printNote(n);
    notifications.push(...r.notes);
    items.push(...r.items);
  }
  const all: CliFinding[] = items.filter((i) => !i.suppressed).map((i) => i.finding);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  const failed = errors > 0 || warnings > maxWarnings;
  // A .keyscope.json with problems is a usage error, whatever the findings (and --exit-zero).
  const exitCode = configProblems ? 2 : failed && !values['exit-zero'] ? 1 : 0;
  const run = { version, cwd, exitCode, notifications };
  const output =
    format === 'json' ? formatJson(all) : format === 'sarif' ? formatSarif(items, run) : format === 'gitlab' ? formatGitlabSast(items, { ...run, start, end: new Date() }) : formatText(all);
  return deliver(output, exitCode, values.output);
}

/**
 * The files outside the given paths that call a module (a folder of .tf files) the run lints, found in its
 * workspace root (the `.keyscope.json`'s folder, else the repository; one walk per root, the engine's bounds):
 * each is linted for the findings of its calls into those modules only (`through`). None for a root that a
 * given folder contains whole (its callers are linted anyway).
 */
async function callerFiles(files: FileArg[], args: string[], configs: CliConfigs, inputs: ReturnType<typeof variableInputs>): Promise<FileArg[]> {
  const byRoot = new Map<string, Set<string>>();
  for (const f of files) {
    if (syntaxOf(f.path) !== 'terraform' || !f.path.endsWith('.tf')) continue;
    const { root } = await configs.forFile(f.path, f.root);
    if (args.some((a) => inside(a, root))) continue;
    const dirs = byRoot.get(root) ?? new Set<string>();
    dirs.add(dirname(f.path));
    byRoot.set(root, dirs);
  }
  const linted = new Set(files.map((f) => f.path));
  const out: FileArg[] = [];
  for (const [root, dirs] of byRoot) {
    for (const c of await moduleCallerFiles(dirs, hostWithVariables(root, inputs))) {
      if (linted.has(c.path)) continue;
      linted.add(c.path);
      out.push({ path: c.path, root, explicit: false, through: c.modules });
    }
  }
  return out;
}

/** True when `p` is `dir` or inside it. */
function inside(dir: string, p: string): boolean {
  const r = relative(dir, p);
  return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && !/^[a-zA-Z]:/.test(r));
}

function collect(args: string[]): FileArg[] {
  const out: FileArg[] = [];
  for (const a of args) {
    const p = resolve(a);
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw new UsageError(`cannot read ${quotePath(a)}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as NodeJS.ErrnoException).code}`);
    }
    if (st.isDirectory()) walk(p, p, out);
    else out.push({ path: p, root: dirname(p), explicit: true });
  }
  return out;
}

function walk(dir: string, root: string, out: FileArg[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`cannot read directory ${quotePath(dir)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, root, out);
    } else if (e.isFile() && e.name !== CONFIG_NAME && syntaxOf(p) !== 'none') out.push({ path: p, root, explicit: false });
  }
}
