/**
 * Findings in files that are not open: "Keyscope: Lint Workspace" (on demand, pushed) and pull diagnostics
 * (`workspace/diagnostic`, when `keyscope.workspaceDiagnostics` is on). Both walk the workspace folders the way
 * `keyscope lint` walks a folder (no `node_modules`, `.git`, `.terraform`), up to WORKSPACE_FILES_MAX files,
 * and keep each file's diagnostics until the file changes on disk (by size and modification time).
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { BoundedMap } from '../cache';
import { CONFIG_NAME } from '../settings';
import { readBounded, syntaxOf, type Analysis, type AnalysisSteps, type Keyscope } from '../service';
import { toDiagnostic } from './convert';
import type { SettingsStore } from './settings';

/** Files looked at in one walk: beyond it the walk stops and says so (a huge repository). */
export const WORKSPACE_FILES_MAX = 2000;

/** Diagnostics kept per file (one walk's worth): an entry is a file's diagnostics and its size and time. */
export const WORKSPACE_RESULTS_KEPT = WORKSPACE_FILES_MAX;

const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn']);

export interface LintedFile {
  uri: string;
  diagnostics: Diagnostic[];
  /** Changes when the file (or the settings) change: the pull report's resultId. */
  resultId: string;
}

export interface Walk {
  files: { uri: string; path: string; folder: string }[];
  /** True when the walk stopped at WORKSPACE_FILES_MAX. */
  truncated: boolean;
}

/** The files Keyscope could analyse in the folders (JSON and Terraform), `.keyscope.json` excluded. */
export async function walkFolders(folders: readonly string[]): Promise<Walk> {
  const files: Walk['files'] = [];
  let truncated = false;
  const visit = async (dir: string, folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folders are not ours to report
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= WORKSPACE_FILES_MAX) {
        truncated = true;
        return;
      }
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await visit(p, folder);
      } else if (e.isFile() && e.name !== CONFIG_NAME && syntaxOf(p) !== 'none') files.push({ uri: URI.file(p).toString(), path: p, folder });
    }
  };
  for (const f of folders) await visit(f, f);
  return { files, truncated };
}

/**
 * How a long analysis shares the event loop: it runs for `ms` at a time, then awaits `pause`, which lets waiting
 * messages through and answers whether to go on (false: the run was cancelled; the analysis is dropped).
 */
export interface Slices {
  ms: number;
  pause: () => Promise<boolean>;
}

/** Analyses files that are not open, keeping each result until the file or the settings change. */
export class WorkspaceLinter {
  private results = new BoundedMap<string, LintedFile>({ max: WORKSPACE_RESULTS_KEPT, name: 'lsp.workspaceResults' });
  /** Bumped when settings change: every kept result is then stale. */
  private generation = 0;

  constructor(private readonly store: SettingsStore, private readonly engineFor: (folder: string | undefined) => Keyscope) {}

  /** Forgets every result (the settings changed). */
  clear(): void {
    this.generation++;
    this.results.clear();
  }

  /**
   * The diagnostics of one file as it is on disk; undefined when it cannot be read (gone, too large...) or the
   * run was cancelled during its analysis. With `slices`, the analysis runs in steps (`analyzeInSteps`), so a
   * hover is answered while a large file is analysed; without, in one block.
   */
  async lint(file: { uri: string; path: string }, slices?: Slices): Promise<LintedFile | undefined> {
    let st;
    try {
      st = await stat(file.path);
    } catch {
      return undefined;
    }
    const resultId = `${this.generation}:${st.size}:${st.mtimeMs}`;
    const kept = this.results.get(file.uri);
    if (kept?.resultId === resultId) return kept;
    const { settings, relPath, folder } = await this.store.forDocument(file.uri);
    const read = readBounded(file.path, settings.limits.maxFileSizeKB * 1024);
    if (!('text' in read) || typeof read.text !== 'string') return undefined;
    const engine = this.engineFor(folder);
    await engine.prepare(file.path);
    const input = { path: file.path, relPath, text: read.text, settings };
    const analysis = slices ? await inSlices(engine.analyzeInSteps(input), slices) : engine.analyze(input);
    if (!analysis) return undefined;
    const doc = TextDocument.create(file.uri, syntaxOf(file.path) === 'terraform' ? 'terraform' : 'json', 0, read.text);
    const linted = { uri: file.uri, diagnostics: analysis.findings.map((f, i) => toDiagnostic(doc, f, i)), resultId };
    this.results.set(file.uri, linted);
    return linted;
  }
}

/** Runs an analysis's steps `slices.ms` at a time; undefined when a pause says the run was cancelled. */
async function inSlices(steps: AnalysisSteps, slices: Slices): Promise<Analysis | undefined> {
  for (;;) {
    const until = performance.now() + slices.ms;
    let finished: boolean;
    do finished = steps.step();
    while (!finished && performance.now() < until);
    if (finished) return steps.result;
    if (!(await slices.pause())) {
      steps.cancel(); // releases what the steps hold across their pauses (parse trees)
      return undefined;
    }
  }
}
