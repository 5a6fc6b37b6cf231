import picomatch from 'picomatch';
import type { Severity } from './severity';

/** Per-rule setting: a severity, or `off`. */
export type RuleLevel = Severity | 'off';

export interface AccountInfo {
  name?: string;
  /** SDLC stage: dev, test, stage, prod (free text; compared case-insensitively). */
  stage?: string;
}

/**
 * The one settings contract: VS Code's `keyscope.*` settings and `.keyscope.json` have this shape.
 * See CONTRIBUTING.md, "Adding a setting".
 */
export interface KeyscopeSettings {
  rules: Record<string, RuleLevel>;
  files: { include: string[]; contentSniffing: boolean };
  /** Account id -> name and stage. Used by cross-account and cross-stage rules and the matrix labels. */
  accounts: Record<string, AccountInfo>;
  /** The principal that deploys key policies and must keep kms:PutKeyPolicy (lockout-risk). */
  deployerArn?: string;
  /** Your AWS Organization id, for evaluating aws:PrincipalOrgID conditions. */
  organizationId?: string;
  /** Beyond these a document gets one `analysis-limit` finding instead of an analysis. */
  limits: { maxFileSizeKB: number; maxNestingDepth: number };
}

/** `.keyscope.json`: the settings plus per-path overrides. */
export interface ConfigFile extends Partial<Omit<KeyscopeSettings, 'files' | 'limits'>> {
  files?: Partial<KeyscopeSettings['files']>;
  limits?: Partial<KeyscopeSettings['limits']>;
  overrides?: { files: string[]; rules: Record<string, RuleLevel> }[];
}

export const DEFAULT_INCLUDE = ['**/*.kms.json', '**/*key-policy*.json', '**/kms/**/*.json'];

export const DEFAULT_SETTINGS: KeyscopeSettings = {
  rules: {},
  files: { include: DEFAULT_INCLUDE, contentSniffing: true },
  accounts: {},
  limits: { maxFileSizeKB: 2048, maxNestingDepth: 100 },
};

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Checks a parsed `.keyscope.json`; returns readable problems (never throws). */
export function validateConfig(value: unknown): string[] {
  const errors: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['the configuration must be a JSON object'];
  const v = value as Record<string, unknown>;
  const known = new Set(['rules', 'files', 'accounts', 'deployerArn', 'organizationId', 'limits', 'overrides', '$schema']);
  for (const k of Object.keys(v)) if (!known.has(k)) errors.push(`unknown setting "${k}"`);
  const checkRules = (r: unknown, where: string) => {
    if (r === undefined) return;
    if (!r || typeof r !== 'object' || Array.isArray(r)) return void errors.push(`${where} must be an object of rule id -> level`);
    for (const [id, level] of Object.entries(r)) if (!LEVELS.has(String(level))) errors.push(`${where}.${id}: "${level}" is not one of error, warning, info, hint, off`);
  };
  checkRules(v.rules, 'rules');
  if (v.accounts !== undefined) {
    if (!v.accounts || typeof v.accounts !== 'object' || Array.isArray(v.accounts)) errors.push('accounts must be an object of account id -> { name, stage }');
    else for (const id of Object.keys(v.accounts)) if (!/^\d{12}$/.test(id)) errors.push(`accounts: "${id}" is not a 12-digit account id`);
  }
  if (v.deployerArn !== undefined && typeof v.deployerArn !== 'string') errors.push('deployerArn must be a string');
  if (v.files !== undefined) {
    const f = v.files as Record<string, unknown>;
    if (!f || typeof f !== 'object') errors.push('files must be an object');
    else if (f.include !== undefined && (!Array.isArray(f.include) || f.include.some((g) => typeof g !== 'string'))) errors.push('files.include must be an array of glob strings');
  }
  if (v.limits !== undefined) {
    const l = v.limits as Record<string, unknown>;
    if (!l || typeof l !== 'object' || Array.isArray(l)) errors.push('limits must be an object');
    else for (const k of ['maxFileSizeKB', 'maxNestingDepth']) if (l[k] !== undefined && !(typeof l[k] === 'number' && (l[k] as number) >= 1)) errors.push(`limits.${k} must be a number >= 1`);
  }
  if (v.overrides !== undefined) {
    if (!Array.isArray(v.overrides)) errors.push('overrides must be an array');
    else
      v.overrides.forEach((o, i) => {
        if (!o || typeof o !== 'object' || !Array.isArray((o as { files?: unknown }).files)) errors.push(`overrides[${i}].files must be an array of globs`);
        checkRules((o as { rules?: unknown })?.rules, `overrides[${i}].rules`);
      });
  }
  return errors;
}

/**
 * Settings in force for one file: defaults, then the editor's settings, then `.keyscope.json`, then the
 * overrides whose globs match `relPath` (relative to the workspace folder, `/`-separated).
 */
export function resolveSettings(editor: Partial<KeyscopeSettings> | undefined, config: ConfigFile | undefined, relPath: string): KeyscopeSettings {
  const s: KeyscopeSettings = {
    rules: { ...DEFAULT_SETTINGS.rules, ...editor?.rules, ...config?.rules },
    files: { ...DEFAULT_SETTINGS.files, ...editor?.files, ...config?.files },
    accounts: { ...editor?.accounts, ...config?.accounts },
    deployerArn: config?.deployerArn ?? editor?.deployerArn,
    organizationId: config?.organizationId ?? editor?.organizationId,
    limits: { ...DEFAULT_SETTINGS.limits, ...editor?.limits, ...config?.limits },
  };
  for (const o of config?.overrides ?? []) {
    if (picomatch(o.files, { dot: true })(relPath)) Object.assign(s.rules, o.rules);
  }
  return s;
}

/** True when `relPath` matches the include globs. */
export function matchesInclude(settings: KeyscopeSettings, relPath: string): boolean {
  return picomatch(settings.files.include, { dot: true })(relPath);
}
