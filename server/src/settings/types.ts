import type { Severity } from '../severity';

/** Per-rule setting: a severity, or `off`. */
export type RuleLevel = Severity | 'off';

export interface AccountInfo {
  name?: string;
  /** SDLC stage: dev, test, stage, prod (free text; compared case-insensitively). */
  stage?: string;
}

/**
 * The settings in force for one file. VS Code's `keyscope.*` settings and `.keyscope.json` both have this
 * shape, and both are read by `sanitizeSettings` through `SETTINGS_FIELDS`. See CONTRIBUTING.md, "Adding a
 * setting".
 */
export interface KeyscopeSettings {
  /** False: Keyscope analyses nothing here (a folder, or the files a `.keyscope.json` covers). */
  enable: boolean;
  rules: Record<string, RuleLevel>;
  files: { include: string[]; contentSniffing: boolean };
  /** Account id -> name and stage. Used by cross-account and cross-stage rules and the matrix labels. */
  accounts: Record<string, AccountInfo>;
  /** The principal that deploys key policies and must keep kms:PutKeyPolicy (lockout-risk). */
  deployerArn?: string;
  /** Your AWS Organization id, for evaluating aws:PrincipalOrgID conditions. */
  organizationId?: string;
  /** The account that owns the keys (12 digits), when the policy alone does not tell it right. */
  keyAccount?: string;
  /** Beyond these a document gets one `analysis-limit` finding instead of an analysis. */
  limits: { maxFileSizeKB: number; maxNestingDepth: number };
  /** The editor's comparison of access with the last commit: `codeLens` shows what uncommitted edits change. */
  accessDiff: { codeLens: boolean };
  /**
   * `varFiles`: variable files (`.tfvars`, `.tfvars.json`) applied to every root module, after the ones
   * Terraform loads by itself, as `terraform plan -var-file` would; each path relative to the root module.
   */
  terraform: { varFiles: string[] };
  /**
   * The editor lists the findings of files that are not open (pull diagnostics over the workspace, at most
   * WORKSPACE_FILES_MAX files). Off by default: on a huge repository it costs a walk and an analysis of
   * every file; "Keyscope: Lint Workspace" does it once on demand.
   */
  workspaceDiagnostics: boolean;
}

/**
 * One layer of settings, as `sanitizeSettings` leaves it: the editor's, or a `.keyscope.json`'s (which may
 * also hold per-path overrides). Only well-formed values are present.
 */
export interface SettingsLayer {
  enable?: boolean;
  rules?: Record<string, RuleLevel>;
  files?: Partial<KeyscopeSettings['files']>;
  accounts?: Record<string, AccountInfo>;
  deployerArn?: string;
  organizationId?: string;
  keyAccount?: string;
  limits?: Partial<KeyscopeSettings['limits']>;
  accessDiff?: Partial<KeyscopeSettings['accessDiff']>;
  terraform?: Partial<KeyscopeSettings['terraform']>;
  workspaceDiagnostics?: boolean;
  overrides?: { files: string[]; rules: Record<string, RuleLevel>; keyAccount?: string }[];
}
