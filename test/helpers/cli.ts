// The built `keyscope` command line as a process, run in a folder, and the findings of `lint --format json`.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');

/** A finding as `keyscope lint --format json` prints it. */
export interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number } };
}

/** Runs the CLI with `args` in `cwd`. */
export function cliIn(cwd: string): (args: string[]) => SpawnSyncReturns<string> {
  return (args) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
}

/** The findings of `keyscope lint --format json .` in `cwd`. */
export function lintJson(cwd: string): JsonFinding[] {
  return JSON.parse(cliIn(cwd)(['lint', '--format', 'json', '.']).stdout) as JsonFinding[];
}
