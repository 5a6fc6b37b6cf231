import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_NAME, isInside, loadConfig, loadConfigFile, nodeConfigHost, resolveSettings, type KeyscopeSettings, type LoadedConfig } from '../settings';
import { SETTINGS_CHECKS } from '../service';
import { UsageError } from './errors';
import { quotePath, safeJson } from './escape';

export { CONFIG_NAME };

/** The settings in force for one file, and the folder its globs and `file()` reads are relative to. */
export interface FileSettings {
  settings: KeyscopeSettings;
  relPath: string;
  root: string;
  config?: LoadedConfig;
}

/**
 * The CLI's configuration: `--config FILE`, or for each file the nearest `.keyscope.json` at or above its
 * folder, up to the repository root (the nearest folder holding `.git`) or, outside a repository, the
 * current folder (or the folder named on the command line when the file lies outside the current one).
 * Problems of a configuration are written to stderr once each, with their line and column; the valid
 * settings still apply, and `hadProblems` makes the run exit 2.
 */
export class CliConfigs {
  hadProblems = false;
  private readonly found = new Map<string, Promise<LoadedConfig | undefined>>();
  private readonly reported = new Set<string>();

  private constructor(private readonly explicit: LoadedConfig | undefined, private readonly quiet: boolean) {}

  /** `quiet`: problems are not written (the caller reports them, with `problemLines`). */
  static async create(configArg: string | undefined, options: { quiet?: boolean } = {}): Promise<CliConfigs> {
    const quiet = options.quiet ?? false;
    if (configArg === undefined) return new CliConfigs(undefined, quiet);
    const file = resolve(configArg);
    const loaded = await loadConfigFile(nodeConfigHost(dirname(file)), file, SETTINGS_CHECKS);
    if (!loaded) throw new UsageError(`cannot read configuration ${quotePath(configArg)}: no such file`);
    return new CliConfigs(loaded, quiet);
  }

  async forFile(path: string, namedRoot: string): Promise<FileSettings> {
    const cwd = process.cwd();
    const boundary = repositoryRoot(dirname(path)) ?? (isInside(cwd, path) ? cwd : namedRoot);
    let loaded = this.explicit;
    if (!loaded) {
      const key = `${boundary}\0${dirname(path)}`;
      let p = this.found.get(key);
      if (!p) this.found.set(key, (p = loadConfig(nodeConfigHost(boundary), dirname(path), SETTINGS_CHECKS)));
      loaded = await p;
    }
    if (loaded) this.report(loaded);
    const root = loaded?.dir ?? boundary;
    const relPath = relative(root, path).split(sep).join('/');
    return { settings: resolveSettings(undefined, loaded?.config, relPath), relPath, root, config: loaded };
  }

  private report(loaded: LoadedConfig): void {
    if (this.quiet || this.reported.has(loaded.file)) return;
    this.reported.add(loaded.file);
    for (const line of problemLines(loaded)) {
      process.stderr.write(line);
      this.hadProblems = true;
    }
  }
}

/** The problems of a configuration as the command line writes them to stderr, a line each. */
export function problemLines(loaded: LoadedConfig): string[] {
  const rel = relative(process.cwd(), loaded.file);
  const shown = quotePath(rel && !rel.startsWith('..') ? rel : loaded.file);
  return loaded.problems.map((p) => `keyscope: ${shown}:${p.position.line + 1}:${p.position.character + 1}: ${p.message}\n`);
}

/** The nearest folder at or above `dir` holding `.git` (a folder, or a file in a linked worktree). */
export function repositoryRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

export const SETTINGS_USAGE = `Usage: keyscope settings [--config FILE] FILE

Prints, as JSON, the settings in force for FILE: the .keyscope.json that applies (see keyscope lint --help),
its problems, and the settings after defaults and overrides.

Exit status: 0 printed, 2 bad usage or a configuration with problems.`;

/** `keyscope settings FILE`: what the linter would use for FILE. */
export async function settingsCommand(argv: string[]): Promise<{ output: string; exitCode: number }> {
  let values: { config?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${SETTINGS_USAGE}`);
  }
  if (values.help) return { output: SETTINGS_USAGE + '\n', exitCode: 0 };
  if (positionals.length !== 1) throw new UsageError(`${positionals.length ? 'give one FILE' : 'no FILE given'}\n\n${SETTINGS_USAGE}`);
  const file = resolve(positionals[0]);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`${positionals[0]} is a directory: give a file`);
  const configs = await CliConfigs.create(values.config);
  const { settings, relPath, config } = await configs.forFile(file, dirname(file));
  const problems = (config?.problems ?? []).map((p) => ({ line: p.position.line + 1, column: p.position.character + 1, message: p.message }));
  const output = safeJson({ config: config?.file ?? null, relPath, problems, settings }) + '\n';
  return { output, exitCode: configs.hadProblems ? 2 : 0 };
}
