import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validateConfig, type ConfigFile } from '../settings';
import { UsageError } from './errors';
import { quotePath } from './escape';

export const CONFIG_NAME = '.keyscope.json';

export interface LoadedConfig {
  config: ConfigFile;
  /** Folder the config lives in: paths in overrides are relative to it. */
  dir: string;
}

/** Reads and validates a `.keyscope.json`; throws UsageError with a readable message. */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read configuration ${quotePath(file)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`invalid configuration ${quotePath(file)}: ${(e as Error).message}`);
  }
  const errors = validateConfig(value);
  if (errors.length) throw new UsageError(`invalid configuration ${quotePath(file)}:\n  ${errors.join('\n  ')}`);
  return { config: value as ConfigFile, dir: dirname(resolve(file)) };
}

/** The nearest `.keyscope.json` at or above `startDir`, if any. */
export function findConfig(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
