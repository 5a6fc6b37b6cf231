import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex, type Position } from '../text';
import type { SettingsLayer } from './types';
import { sanitizeSettings, type SettingsChecks, type SettingsProblem } from './sanitize';

export const CONFIG_NAME = '.keyscope.json';
/** A larger `.keyscope.json` is refused before it is read (real ones are a few KB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** What a host found at a configuration path. Reasons never quote the file's bytes. */
export type ConfigRead = { kind: 'text'; text: string } | { kind: 'missing' } | { kind: 'refused'; reason: string };

/**
 * How the engine reads configuration files: the editor and the CLI each hand one in (`nodeConfigHost`).
 */
export interface ConfigHost {
  /**
   * Where discovery stops, included: the workspace folder in the editor, the repository root (the folder
   * holding `.git`) in the CLI. A `.keyscope.json` above it never applies.
   */
  readonly root: string;
  /**
   * The text of `path` when it is a regular file inside `root` (after links) of at most `maxBytes`;
   * never throws and never blocks the event loop.
   */
  readConfig(path: string, maxBytes: number): Promise<ConfigRead>;
}

/** A problem of a configuration file, at its place in the file. */
export interface ConfigProblem {
  message: string;
  /** UTF-16 offsets into the file's text, and the 0-based line and character of each. */
  start: number;
  end: number;
  position: Position;
  endPosition: Position;
}

export interface LoadedConfig {
  /** The absolute path of the `.keyscope.json`. */
  file: string;
  /** Its folder: globs in it are relative to this folder. */
  dir: string;
  /** Its well-formed settings (nothing when it could not be read or parsed). */
  config: SettingsLayer;
  problems: ConfigProblem[];
}

/**
 * The one discovery rule: the nearest `.keyscope.json` in `dir` or a folder above it, up to and including
 * `host.root`, and never above. Undefined when there is none (or `dir` lies outside the root).
 */
export async function loadConfig(host: ConfigHost, dir: string, checks: SettingsChecks = {}): Promise<LoadedConfig | undefined> {
  const root = resolve(host.root);
  let d = resolve(dir);
  if (!isInside(root, d)) return undefined;
  for (;;) {
    const loaded = await loadConfigFile(host, join(d, CONFIG_NAME), checks);
    if (loaded) return loaded;
    if (d === root) return undefined;
    const parent = dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

/** Reads and checks one configuration file; undefined when there is no such file. */
export async function loadConfigFile(host: ConfigHost, file: string, checks: SettingsChecks = {}): Promise<LoadedConfig | undefined> {
  const read = await host.readConfig(file, MAX_CONFIG_BYTES);
  if (read.kind === 'missing') return undefined;
  const base = { file, dir: dirname(file) };
  if (read.kind === 'refused') return { ...base, config: {}, problems: [{ message: `${CONFIG_NAME} ${read.reason}: it is ignored`, start: 0, end: 0, position: { line: 0, character: 0 }, endPosition: { line: 0, character: 0 } }] };
  return { ...base, ...parseConfig(read.text, checks) };
}

/** Parses and sanitises the text of a `.keyscope.json`; problems carry their place in the text. */
export function parseConfig(text: string, checks: SettingsChecks = {}): { config: SettingsLayer; problems: ConfigProblem[] } {
  const lines = new LineIndex(text);
  const at = (start: number, end: number, message: string): ConfigProblem => ({ message, start, end, position: lines.positionAt(start), endPosition: lines.positionAt(end) });
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || !tree) {
    // The whole file is ignored: a half-read configuration could turn on what the rest turns off.
    const shown = errors.slice(0, 10).map((e) => at(e.offset, e.offset + e.length, `${CONFIG_NAME} is not valid JSON (${readable(printParseErrorCode(e.error))}): it is ignored`));
    return { config: {}, problems: shown.length ? shown : [at(0, 0, `${CONFIG_NAME} is empty: it is ignored`)] };
  }
  const { settings, problems } = sanitizeSettings(jsonValue(tree), 'file', checks);
  return { config: settings, problems: problems.map((p) => placed(tree, p, at)) };
}

function placed(tree: Node, p: SettingsProblem, at: (s: number, e: number, m: string) => ConfigProblem): ConfigProblem {
  // The deepest node of the path that exists (a missing member is reported on its object).
  let node: Node | undefined;
  for (let n = p.path.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, p.path.slice(0, n));
  node ??= tree;
  if (p.atKey && node.parent?.type === 'property' && node.parent.children?.[0]) node = node.parent.children[0];
  return at(node.offset, node.offset + node.length, `${p.message}; it is ignored`);
}

/** The value of a parse tree (jsonc-parser's `getNodeValue`, with members named `__proto__` kept as data). */
function jsonValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key && value) Object.defineProperty(out, String(key.value), { value: jsonValue(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

function readable(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** True when `p` is `root` or lies below it (both absolute). */
export function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
