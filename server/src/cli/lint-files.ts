import { availableParallelism } from 'node:os';
import { dirname, relative, sep } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createKeyscope, isPolicyCandidate, syntaxOf, tooLargeMessage, type Keyscope, type Severity, type VariableInput } from '../service';
import { CliConfigs, problemLines } from './config';
import { UsageError } from './errors';
import { escapeControls, quotePath } from './escape';
import { toCliFindings } from './format';
import { readInput } from './read';
import type { SarifFinding, SarifRunInfo } from './sarif';
import { hostWithVariables } from './variables';

/** A file to lint. */
export interface FileArg {
  path: string;
  /** The argument it came from (a directory, or the file's own folder). */
  root: string;
  /** Named on the command line rather than found by a directory walk. */
  explicit: boolean;
  /**
   * A file outside the given paths that calls modules the run lints (these folders): only the findings its
   * calls into them cause are reported (those pointing into one of them).
   */
  through?: string[];
}

/** What every file of a run is linted with: plain data, sent as it is to each worker. */
export interface LintOptions {
  config?: string;
  inputs: VariableInput[];
  keyPolicy?: boolean;
}

type Notification = SarifRunInfo['notifications'][number];

/**
 * What linting one file gives, as plain data: the run puts the reports of its files together in the order of
 * the files, whichever worker made each and whenever it finished, so the output is the same with any `--jobs`.
 */
export interface FileReport {
  items: SarifFinding[];
  /** What the file has to say besides findings (stderr and SARIF notifications), in order. */
  notes: Notification[];
  /** The `.keyscope.json` in force and its problems: printed once, with the first file that uses it. */
  config?: { file: string; problems: string[] };
  /** The file could not be read: the run stops there with this message (exit 2). */
  usageError?: string;
}

/** Lints files one after another, each instance of the engine kept for the files of its workspace root. */
export class FileLinter {
  private readonly engines = new Map<string, Keyscope>();

  private constructor(private readonly configs: CliConfigs, private readonly options: LintOptions) {}

  static async create(options: LintOptions): Promise<FileLinter> {
    return new FileLinter(await CliConfigs.create(options.config, { quiet: true }), options);
  }

  async lint(f: FileArg): Promise<FileReport> {
    try {
      return await this.lintFile(f);
    } catch (e) {
      if (e instanceof UsageError) return { items: [], notes: [], usageError: e.message };
      throw e;
    }
  }

  private async lintFile(f: FileArg): Promise<FileReport> {
    const { settings, relPath, root, config } = await this.configs.forFile(f.path, f.root);
    const out: FileReport = { items: [], notes: [], ...(config ? { config: { file: config.file, problems: problemLines(config) } } : {}) };
    const cwd = process.cwd();
    const shown = relative(cwd, f.path) || f.path;
    const file = shown.startsWith('..') ? f.path : shown;
    const read = readInput(f.path, quotePath(f.path), settings.limits.maxFileSizeKB * 1024);
    if ('tooLarge' in read) {
      // Not read at all: reported as the editor reports a document over the limit, at its first line.
      const level = settings.rules['analysis-limit'];
      // A JSON file found by the walk counts when its name matches the include globs (its content is unread).
      if (level !== 'off' && (f.explicit || syntaxOf(f.path) === 'terraform' || isPolicyCandidate(relPath, '', settings))) {
        const finding = { ruleId: 'analysis-limit', severity: (level as Severity | undefined) ?? 'warning', message: `Not analysed: ${tooLargeMessage(read.tooLarge / 1024, settings.limits.maxFileSizeKB)}`, span: { start: 0, end: 0 }, fixes: [] };
        for (const c of toCliFindings(file, '', [finding])) out.items.push({ finding: c, snippet: '', suppressed: false });
      }
      return out;
    }
    const text = read.text;
    if (!f.explicit && syntaxOf(f.path) === 'json' && !isPolicyCandidate(relPath, text, settings)) return out;
    // Loads the parser once, and a fresh one after a file made it fail (that file gets a finding saying so).
    const engine = this.engineFor(root);
    await engine.prepare(f.path);
    const result = engine.analyze({ path: f.path, relPath, text, settings, force: f.explicit, keyPolicy: this.options.keyPolicy });
    if (result.notKeyPolicy && f.explicit) {
      out.notes.push({ level: 'note', message: `${file} is not judged as a key policy: ${result.notKeyPolicy}; only its kms: actions are checked (--key-policy judges it as one)`, file });
    }
    for (const err of result.internalErrors ?? []) out.notes.push({ level: 'error', message: `internal error: ${err.split('\n')[0]}`, file });
    const add = (found: typeof result.findings, suppressed: boolean) =>
      toCliFindings(file, text, found).forEach((finding, i) => out.items.push({ finding, snippet: text.slice(found[i].span.start, found[i].span.end), suppressed }));
    // A caller linted for the modules it calls: what its calls into them cause, nothing of its own.
    const through = f.through;
    const mine = (found: typeof result.findings) => (through ? found.filter((x) => x.related?.some((r) => through.some((d) => dirname(r.path) === d || r.path.startsWith(d + sep)))) : found);
    add(mine(result.findings), false);
    add(mine(result.suppressed ?? []), true);
    return out;
  }

  private engineFor(root: string): Keyscope {
    // One engine instance per workspace root of this run (a root confines what its files may read).
    let k = this.engines.get(root);
    if (!k) this.engines.set(root, (k = createKeyscope({ host: hostWithVariables(root, this.options.inputs) })));
    return k;
  }

  dispose(): void {
    for (const k of this.engines.values()) k.dispose();
  }
}

/**
 * Files per worker below which fewer workers are started: a worker costs tens of milliseconds to start (its
 * own copy of the engine and the grammar), which a handful of files does not repay.
 */
export const FILES_PER_WORKER = 16;

/** The default of `--jobs`: the cores Node may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Lints `files` with up to `jobs` worker threads (in this thread with one), each taking the next file as it
 * finishes one; the reports come back in the order of `files`.
 */
export async function lintFiles(files: FileArg[], options: LintOptions, jobs: number): Promise<FileReport[]> {
  const workers = Math.min(jobs, Math.ceil(files.length / FILES_PER_WORKER));
  if (workers <= 1) {
    const linter = await FileLinter.create(options);
    try {
      const out: FileReport[] = [];
      for (const f of files) {
        const r = await linter.lint(f);
        out.push(r);
        if (r.usageError) break; // the run stops at a file it cannot read
      }
      return out;
    } finally {
      linter.dispose();
    }
  }
  const reports: FileReport[] = new Array(files.length);
  let next = 0;
  let stopped = false;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(__filename, { workerData: { [WORKER_TAG]: options } });
      const give = () => {
        if (next < files.length && !stopped) {
          const index = next++;
          w.postMessage({ index, file: files[index] });
        } else void w.terminate().then(() => resolve());
      };
      w.on('message', (m: { index: number; report: FileReport } | { ready: true }) => {
        if ('index' in m) {
          reports[m.index] = m.report;
          if (m.report.usageError) stopped = true;
        }
        give();
      });
      w.on('error', reject);
      w.on('exit', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(`a lint worker stopped (exit code ${code})`))));
    });
  await Promise.all(Array.from({ length: workers }, runWorker));
  // Up to the first file that could not be read, as one thread would have gone.
  const stop = reports.findIndex((r) => r?.usageError);
  return stop >= 0 ? reports.slice(0, stop + 1) : reports;
}

const WORKER_TAG = 'keyscopeLintWorker';

/** In a worker thread started by `lintFiles`: lints each file the run sends, and answers its report. */
async function serveAsWorker(options: LintOptions): Promise<void> {
  const linter = await FileLinter.create(options);
  parentPort!.on('message', (m: { index: number; file: FileArg }) => {
    void linter.lint(m.file).then((report) => parentPort!.postMessage({ index: m.index, report }));
  });
  parentPort!.postMessage({ ready: true });
}

if (!isMainThread && workerData && typeof workerData === 'object' && WORKER_TAG in workerData) void serveAsWorker((workerData as Record<string, LintOptions>)[WORKER_TAG]);

/** Writes a note of a report to stderr as the command line shows it. */
export function printNote(n: Notification): void {
  process.stderr.write(`keyscope: ${n.level === 'note' ? 'note: ' : ''}${escapeControls(n.message)}\n`);
}
