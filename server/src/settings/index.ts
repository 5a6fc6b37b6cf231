import { matchesAnyGlob } from './glob';
import type { KeyscopeSettings, SettingsLayer } from './types';

export type { AccountInfo, KeyscopeSettings, RuleLevel, SettingsLayer } from './types';
export { EDITOR_ONLY_SETTINGS, sanitizeSettings, SETTINGS_FIELDS, type SettingsChecks, type SettingsProblem, type SettingsPath, type SettingsOrigin } from './sanitize';
export { globProblem, MAX_GLOB_LENGTH } from './glob';
export { CONFIG_NAME, isInside, loadConfig, loadConfigFile, MAX_CONFIG_BYTES, parseConfig, type ConfigHost, type ConfigProblem, type ConfigRead, type LoadedConfig } from './load';
export { nodeConfigHost } from './node-config-host';

export const DEFAULT_INCLUDE = ['**/*.kms.json', '**/*key-policy*.json', '**/kms/**/*.json'];

export const DEFAULT_SETTINGS: KeyscopeSettings = {
  enable: true,
  rules: {},
  files: { include: DEFAULT_INCLUDE, contentSniffing: true },
  accounts: {},
  limits: { maxFileSizeKB: 2048, maxNestingDepth: 100 },
  accessDiff: { codeLens: true },
  terraform: { varFiles: [] },
  workspaceDiagnostics: false,
};

/**
 * Settings in force for one file: defaults, then the editor's settings, then `.keyscope.json`, then the
 * overrides whose globs match `relPath`. `relPath` is `/`-separated and relative to the folder of the
 * `.keyscope.json` in force, or to the workspace folder when there is none. Both layers come from
 * `sanitizeSettings`.
 */
export function resolveSettings(editor: SettingsLayer | undefined, config: SettingsLayer | undefined, relPath: string): KeyscopeSettings {
  const s: KeyscopeSettings = {
    enable: config?.enable ?? editor?.enable ?? DEFAULT_SETTINGS.enable,
    rules: { ...DEFAULT_SETTINGS.rules, ...editor?.rules, ...config?.rules },
    files: { ...DEFAULT_SETTINGS.files, ...editor?.files, ...config?.files },
    accounts: { ...editor?.accounts, ...config?.accounts },
    deployerArn: config?.deployerArn ?? editor?.deployerArn,
    organizationId: config?.organizationId ?? editor?.organizationId,
    keyAccount: config?.keyAccount ?? editor?.keyAccount,
    limits: { ...DEFAULT_SETTINGS.limits, ...editor?.limits, ...config?.limits },
    accessDiff: { ...DEFAULT_SETTINGS.accessDiff, ...editor?.accessDiff, ...config?.accessDiff },
    // A list of files is replaced as a whole: the .keyscope.json's, else the editor's.
    terraform: { varFiles: config?.terraform?.varFiles ?? editor?.terraform?.varFiles ?? DEFAULT_SETTINGS.terraform.varFiles },
    workspaceDiagnostics: config?.workspaceDiagnostics ?? editor?.workspaceDiagnostics ?? DEFAULT_SETTINGS.workspaceDiagnostics,
  };
  for (const o of config?.overrides ?? []) {
    if (!matchesAnyGlob(o.files, relPath)) continue;
    Object.assign(s.rules, o.rules);
    if (o.keyAccount) s.keyAccount = o.keyAccount;
  }
  return s;
}

/** True when `relPath` matches the include globs. */
export function matchesInclude(settings: KeyscopeSettings, relPath: string): boolean {
  return matchesAnyGlob(settings.files.include, relPath);
}
