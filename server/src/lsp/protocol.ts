/**
 * Custom requests between the Keyscope client and server (one place, typed both ways). The client imports
 * only types and method names from here.
 */
import type { AccessMatrix } from '../access/types';
import type { Capability } from '../catalog';
import type { KeyscopeSettings } from '../settings';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** `keyscope/access`: the effective-access matrix of every key policy in a document. */
export const ACCESS_REQUEST = 'keyscope/access';

export interface AccessParams {
  uri: string;
  /** Principal ARNs (or account ids) to evaluate as extra "what if" rows. */
  whatIf?: string[];
}

/** A matrix with the statements' and the policy's ranges, ready for the webview. */
export interface AccessMatrixView extends Omit<AccessMatrix, 'statementSpans'> {
  /** Range of each statement, by statement index, to reveal the statements that decided a cell. */
  statementRanges: LspRange[];
  /** Range of the whole policy (where the CodeLens sits). */
  range: LspRange;
  /** Each statement's Sid, or `statement N`, by statement index. */
  statementLabels: string[];
}

export interface AccessResult {
  uri: string;
  version: number;
  matrices: AccessMatrixView[];
  /** The `kms:` actions of each matrix column, in catalogue order. */
  capabilityActions: Record<Capability, string[]>;
}

/**
 * `keyscope/settings`: the settings in force for a document, as `keyscope settings FILE` prints them for the
 * CLI. Tools and tests use it to see what the server reads.
 */
export const SETTINGS_REQUEST = 'keyscope/settings';

export interface SettingsParams {
  uri: string;
}

export interface SettingsResult {
  /** The `.keyscope.json` in force (a file path), or null. */
  config: string | null;
  /** The path the globs were matched against. */
  relPath: string;
  settings: KeyscopeSettings;
}

/** Command ids shared by the client, the server's CodeLens and package.json. */
export const CommandIds = {
  showAccess: 'keyscope.showAccess',
  newKeyPolicy: 'keyscope.newKeyPolicy',
} as const;
