import { globProblem } from './glob';
import type { AccountInfo, RuleLevel, SettingsLayer } from './types';

/** Where a value sits in the settings: `['overrides', 0, 'files', 1]`. */
export type SettingsPath = (string | number)[];

export interface SettingsProblem {
  path: SettingsPath;
  message: string;
  /** The problem is the property's name (an unknown setting), not its value. */
  atKey?: boolean;
}

/** Where the settings come from: the file may also hold `overrides` and `$schema`. */
export type SettingsOrigin = 'editor' | 'file';

type Problems = SettingsProblem[];
type Reader = (value: unknown, path: SettingsPath, problems: Problems, checks: SettingsChecks) => unknown;

/**
 * Checks this layer cannot make by itself, given by the engine above it: `ruleId` says what is wrong with a
 * rule id (undefined when a rule has it). Without it, rule ids are taken as written.
 */
export interface SettingsChecks {
  ruleId?(id: string): string | undefined;
}

interface Field {
  /** Dotted name: `keyscope.<key>` in the editor, the same nesting in `.keyscope.json`. */
  key: string;
  read: Reader;
  /** A valid value other than the default (tests set every field to it and look for it in both hosts). */
  example: unknown;
}

const LEVELS = ['error', 'warning', 'info', 'hint', 'off'];
const ACCOUNT_ID = /^\d{12}$/;

/**
 * Every setting, once: the editor's settings and `.keyscope.json` are read by `sanitizeSettings` through this
 * table, so a field added here reaches both hosts. See CONTRIBUTING.md, "Adding a setting".
 */
export const SETTINGS_FIELDS: readonly Field[] = [
  { key: 'enable', read: readBoolean, example: false },
  { key: 'rules', read: readRules, example: { 'root-delegation': 'off', 'kms-star': 'error' } },
  { key: 'files.include', read: readIncludeGlobs, example: ['policies/**/*.json'] },
  { key: 'files.contentSniffing', read: readBoolean, example: false },
  { key: 'accounts', read: readAccounts, example: { '111122223333': { name: 'payments-prod', stage: 'prod' } } },
  { key: 'deployerArn', read: readString, example: 'arn:aws:iam::111122223333:role/ci-deployer' },
  { key: 'organizationId', read: readString, example: 'o-a1b2c3d4e5' },
  { key: 'keyAccount', read: readAccountId, example: '444455556666' },
  { key: 'terraform.varFiles', read: readVarFiles, example: ['prod.tfvars'] },
  { key: 'limits.maxFileSizeKB', read: readAtLeastOne, example: 512 },
  { key: 'limits.maxNestingDepth', read: readAtLeastOne, example: 40 },
  { key: 'accessDiff.codeLens', read: readBoolean, example: false },
  { key: 'workspaceDiagnostics', read: readBoolean, example: true },
];

/**
 * `keyscope.*` settings the extension reads itself, not the engine: VS Code hands them to the server with the
 * rest, where they are no problem. In `.keyscope.json` they mean nothing and are reported.
 */
export const EDITOR_ONLY_SETTINGS: readonly string[] = ['trace.server'];

/** More globs in one list than this are not read (each costs time on every file). */
export const MAX_GLOBS = 200;

/**
 * Keeps the well-formed values of editor settings or of a parsed `.keyscope.json` and says what was wrong with
 * the others, each at its path. Invalid values are left out, so the defaults (or the other layer) apply; a
 * problem never stops the valid values from applying. Messages name the setting and never repeat its value.
 */
export function sanitizeSettings(value: unknown, origin: SettingsOrigin, checks: SettingsChecks = {}): { settings: SettingsLayer; problems: SettingsProblem[] } {
  const problems: Problems = [];
  const settings: Record<string, unknown> = {};
  if (!isObject(value)) {
    problems.push({ path: [], message: origin === 'file' ? 'the configuration must be a JSON object' : 'the keyscope settings must be an object' });
    return { settings: {}, problems };
  }
  for (const [key, v] of Object.entries(value)) {
    const field = SETTINGS_FIELDS.find((f) => f.key === key);
    if (field) set(settings, [key], field.read(v, [key], problems, checks));
    else if (origin === 'file' && key === '$schema') continue;
    else if (origin === 'editor' && EDITOR_ONLY_SETTINGS.some((k) => k === key || k.startsWith(key + '.'))) continue;
    else if (origin === 'file' && key === 'overrides') set(settings, [key], readOverrides(v, [key], problems, checks));
    else if (SETTINGS_FIELDS.some((f) => f.key.startsWith(key + '.'))) readGroup(key, v, settings, problems, checks);
    else problems.push({ path: [key], message: `${name([key])} is not a Keyscope setting`, atKey: true });
  }
  return { settings: settings as SettingsLayer, problems };
}

/** `files`, `limits`: objects whose members are fields of their own. */
function readGroup(group: string, v: unknown, settings: Record<string, unknown>, problems: Problems, checks: SettingsChecks): void {
  if (!isObject(v)) return void problems.push({ path: [group], message: `${group} must be an object` });
  for (const [sub, x] of Object.entries(v)) {
    const field = SETTINGS_FIELDS.find((f) => f.key === `${group}.${sub}`);
    if (field) set(settings, [group, sub], field.read(x, [group, sub], problems, checks));
    else problems.push({ path: [group, sub], message: `${name([group, sub])} is not a Keyscope setting`, atKey: true });
  }
}

function set(target: Record<string, unknown>, path: string[], value: unknown): void {
  if (value === undefined) return;
  let t = target;
  for (const k of path.slice(0, -1)) t = (t[k] ??= {}) as Record<string, unknown>;
  t[path[path.length - 1]] = value;
}

function readRules(v: unknown, path: SettingsPath, problems: Problems, checks: SettingsChecks): Record<string, RuleLevel> | undefined {
  if (!isObject(v)) return void problems.push({ path, message: `${name(path)} must be an object of rule id -> level` });
  const out: Record<string, RuleLevel> = {};
  for (const [id, level] of Object.entries(v)) {
    // As ESLint reports a rule it has no definition for: a misspelt id would silently turn nothing off.
    const unknown = checks.ruleId?.(id);
    if (unknown) problems.push({ path: [...path, id], message: `${name([...path, id])}: ${unknown}`, atKey: true });
    else if (typeof level === 'string' && LEVELS.includes(level)) out[id] = level as RuleLevel;
    else problems.push({ path: [...path, id], message: `${name([...path, id])} must be one of ${LEVELS.join(', ')}` });
  }
  return out;
}

/** Globs of `files.include`: invalid ones are left out; when none is left the default list applies. */
function readIncludeGlobs(v: unknown, path: SettingsPath, problems: Problems): string[] | undefined {
  const globs = readGlobs(v, path, problems);
  return globs?.length || (Array.isArray(v) && v.length === 0) ? globs : undefined;
}

function readGlobs(v: unknown, path: SettingsPath, problems: Problems): string[] | undefined {
  if (!Array.isArray(v)) return void problems.push({ path, message: `${name(path)} must be an array of globs` });
  const out: string[] = [];
  v.forEach((g, i) => {
    if (i >= MAX_GLOBS) {
      if (i === MAX_GLOBS) problems.push({ path: [...path, i], message: `${name(path)} holds more than ${MAX_GLOBS} globs: the rest are not read` });
      return;
    }
    const problem = typeof g === 'string' ? globProblem(g) : 'a glob must be a string';
    if (problem) problems.push({ path: [...path, i], message: `${name([...path, i])}: ${problem}` });
    else out.push(g as string);
  });
  return out;
}

function readBoolean(v: unknown, path: SettingsPath, problems: Problems): boolean | undefined {
  if (typeof v === 'boolean') return v;
  problems.push({ path, message: `${name(path)} must be true or false` });
  return undefined;
}

/** A string; the empty string (the editor's default) means "not set". */
/** A 12-digit account id, as a string (as AWS writes them: an id may start with 0). */
function readAccountId(v: unknown, path: SettingsPath, problems: Problems): string | undefined {
  if (v === '') return undefined; // the editor's default: not set
  if (typeof v === 'string' && /^\d{12}$/.test(v)) return v;
  problems.push({ path, message: `${name(path)} must be a 12-digit account id` });
  return undefined;
}

function readString(v: unknown, path: SettingsPath, problems: Problems): string | undefined {
  if (typeof v === 'string') return v || undefined;
  problems.push({ path, message: `${name(path)} must be a string` });
  return undefined;
}

/** Most variable files `terraform.varFiles` names; a longer path than this is not a path anyone writes. */
export const MAX_VAR_FILES = 50;
const MAX_VAR_FILE_PATH = 1_000;

/** Relative paths of variable files: an absolute one, or one that leaves the root module by `..`, is refused. */
function readVarFiles(v: unknown, path: SettingsPath, problems: Problems): string[] | undefined {
  if (!Array.isArray(v)) return void problems.push({ path, message: `${name(path)} must be an array of paths` });
  const out: string[] = [];
  v.forEach((p, i) => {
    const at = [...path, i];
    if (i >= MAX_VAR_FILES) {
      if (i === MAX_VAR_FILES) problems.push({ path: at, message: `${name(path)} holds more than ${MAX_VAR_FILES} paths: the rest are not read` });
      return;
    }
    if (typeof p !== 'string' || p === '' || p.length > MAX_VAR_FILE_PATH) return void problems.push({ path: at, message: `${name(at)} must be a path of 1 to ${MAX_VAR_FILE_PATH} characters` });
    const parts = p.split(/[\\/]/);
    if (p.startsWith('/') || p.startsWith('\\') || /^[a-zA-Z]:/.test(p) || parts.includes('..')) return void problems.push({ path: at, message: `${name(at)} must be a path inside the root module (relative, without ..)` });
    out.push(p);
  });
  return out;
}

function readAtLeastOne(v: unknown, path: SettingsPath, problems: Problems): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 1) return v;
  problems.push({ path, message: `${name(path)} must be a number of at least 1` });
  return undefined;
}

function readAccounts(v: unknown, path: SettingsPath, problems: Problems): Record<string, AccountInfo> | undefined {
  if (!isObject(v)) return void problems.push({ path, message: `${name(path)} must be an object of account id -> { name, stage }` });
  const out: Record<string, AccountInfo> = {};
  for (const [id, info] of Object.entries(v)) {
    const at = [...path, id];
    if (!ACCOUNT_ID.test(id)) {
      problems.push({ path: at, message: `${name(at)}: an account id is 12 digits`, atKey: true });
      continue;
    }
    if (!isObject(info)) {
      problems.push({ path: at, message: `${name(at)} must be an object { name, stage }` });
      continue;
    }
    const account: AccountInfo = {};
    for (const [k, x] of Object.entries(info)) {
      if (k !== 'name' && k !== 'stage') problems.push({ path: [...at, k], message: `${name([...at, k])}: an account has a name and a stage only`, atKey: true });
      else if (typeof x === 'string') account[k] = x;
      else problems.push({ path: [...at, k], message: `${name([...at, k])} must be a string` });
    }
    out[id] = account;
  }
  return out;
}

function readOverrides(v: unknown, path: SettingsPath, problems: Problems, checks: SettingsChecks): SettingsLayer['overrides'] {
  if (!Array.isArray(v)) return void problems.push({ path, message: 'overrides must be an array of { files, rules, keyAccount }' });
  const out: NonNullable<SettingsLayer['overrides']> = [];
  v.forEach((o, i) => {
    const at = [...path, i];
    if (!isObject(o)) return void problems.push({ path: at, message: `${name(at)} must be an object { files, rules, keyAccount }` });
    for (const k of Object.keys(o)) if (k !== 'files' && k !== 'rules' && k !== 'keyAccount') problems.push({ path: [...at, k], message: `${name([...at, k])}: an override has files, rules and keyAccount only`, atKey: true });
    const files = o.files === undefined ? void problems.push({ path: at, message: `${name(at)} needs files (an array of globs)` }) : readGlobs(o.files, [...at, 'files'], problems);
    const rules = o.rules === undefined ? {} : readRules(o.rules, [...at, 'rules'], problems, checks);
    const keyAccount = o.keyAccount === undefined ? undefined : readAccountId(o.keyAccount, [...at, 'keyAccount'], problems);
    // An override whose globs were all refused applies to no file.
    if (files?.length && rules) out.push(keyAccount ? { files, rules, keyAccount } : { files, rules });
  });
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A setting's path for a message: `overrides[0].files[1]`. Names come from the file, so they are shortened and
 * stripped of control characters; values are never quoted.
 */
export function name(path: SettingsPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const clean = p.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
      const shown = clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
      out += /^[A-Za-z_$][\w$-]*$/.test(shown) || /^\d+$/.test(shown) ? (out ? '.' : '') + shown : `[${JSON.stringify(shown)}]`;
    }
  }
  return out;
}
