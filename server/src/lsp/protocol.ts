/**
 * The wire contract between the Keyscope server, the extension and the access-matrix webview, in one place:
 * every custom request and notification, the code-action kind of "fix all", what each diagnostic carries, the
 * webview's view type and the messages it exchanges with the extension. Free of `vscode-languageserver`: the
 * client imports method names and types from here, and `media/matrix.js` imports the types (JSDoc
 * `@typedef {import(...)}`), so none of them is restated elsewhere.
 */
import type { AccessMatrix, Capability, CellValue, ReadResult } from '../service';
import type { InsertionPoint } from '../generate';
import type { KeyscopeSettings } from '../settings';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** `keyscope/access`: the effective-access matrix of every key policy in a document. */
export const ACCESS_REQUEST = 'keyscope/access';

export interface AccessParams {
  uri: string;
  /**
   * Principal ARNs (or account ids) to evaluate as extra "what if" rows: for every key of the document, or
   * each key's own, by its matrix `name` (`aws_kms_key.app`, the file name).
   */
  whatIf?: string[] | Record<string, string[]>;
}

/** A matrix with the statements' and the policy's ranges, ready for the webview. */
export interface AccessMatrixView extends Omit<AccessMatrix, 'statementSpans'> {
  /** Range of each statement, by statement index, to reveal the statements that decided a cell. */
  statementRanges: LspRange[];
  /** Range of the whole policy (where the CodeLens sits). */
  range: LspRange;
  /** Each statement's Sid, or `statement N`, by statement index. */
  statementLabels: string[];
  /**
   * For each statement (by index) written under a Terraform condition (a `dynamic` block, a conditional in
   * the statement list): that condition; null for the others. Cells such statements decide are optional.
   */
  statementOptional: (string | null)[];
  /** The policy has syntax errors: this matrix is that of an error-recovered parse and would mislead. */
  syntaxErrors?: boolean;
  /**
   * Set by the extension, never by the server: the policy has syntax errors now, and this is its matrix as it
   * was when it last parsed (its statement ranges are those of that version).
   */
  stale?: boolean;
}

export interface AccessResult {
  uri: string;
  version: number;
  matrices: AccessMatrixView[];
  /** The `kms:` actions of each matrix column, in catalogue order. */
  capabilityActions: Record<Capability, string[]>;
}

/**
 * `keyscope/accessMarkdown`: one key's matrix as Markdown, written by the same formatter as
 * `keyscope access --format markdown` ("Copy as Markdown" in the matrix). Null when the document or the key is
 * unknown, or the policy has syntax errors.
 */
export const ACCESS_MARKDOWN_REQUEST = 'keyscope/accessMarkdown';

export interface AccessMarkdownParams {
  uri: string;
  /** The matrix `name` (`aws_kms_key.app`, the file name). */
  key: string;
  /** That key's what-if principals, as rows of the table. */
  whatIf?: string[];
}

export type AccessMarkdownResult = { markdown: string } | null;

/**
 * `keyscope/accessDiff`: what a document's current text changes in who can do what with its keys, compared with
 * a git revision of the same file (default `HEAD`). Both sides are analysed the same way; the base with the
 * files of that revision.
 */
export const ACCESS_DIFF_REQUEST = 'keyscope/accessDiff';

export interface AccessDiffParams {
  uri: string;
  /** A revision: `HEAD` (default), a branch, a tag, a commit id. */
  base?: string;
}

/** One changed cell group: actions of one capability whose cell changed alike for one principal. */
export interface AccessDiffChange {
  principal: string;
  label: string;
  capability: Capability;
  /** `kms:` actions, in catalogue order; all of the capability's when `whole`. */
  actions: string[];
  whole: boolean;
  before: CellValue;
  after: CellValue;
  /** The principal can do something it could not before (or with fewer conditions). */
  newAccess: boolean;
  conditionsBefore: string[];
  conditionsAfter: string[];
  /** The statements that decide the cells now (indexes into the key's matrix statements). */
  statementsAfter: number[];
  /** Lines (1-based) of the statements that decided the cells at the base revision. */
  linesBefore: number[];
  /** The change in one sentence: `role/analyst (111122223333) can now Decrypt on aws_kms_key.orders`. */
  sentence: string;
}

export interface AccessDiffKey {
  /** `aws_kms_key.orders`, or the file name for JSON. */
  name: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Its index in the document's `keyscope/access` matrices; null for a removed key. */
  matrix: number | null;
  changes: AccessDiffChange[];
}

export interface AccessDiffResult {
  uri: string;
  version: number;
  /** The revision compared with; null when there is none (see `message`). */
  base: { ref: string; commit: string } | null;
  /** Why nothing could be compared: not in a git repository, an unknown revision, git missing. */
  message?: string;
  keys: AccessDiffKey[];
  /** One sentence per change that gives access, most worrying first. */
  summary: string[];
}

/** `keyscope/revisions`: branches, tags and recent commits of a document's repository, to compare with. */
export const REVISIONS_REQUEST = 'keyscope/revisions';

export interface RevisionsParams {
  uri: string;
}

export interface RevisionItem {
  /** What to pass as `base`: a branch or tag name, or a commit id. */
  ref: string;
  kind: 'branch' | 'remote' | 'tag' | 'commit';
  /** The commit's subject, for a commit; the short commit id otherwise. */
  detail: string;
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

/**
 * `keyscope/status` (notification, server to client): how many key policies the server has found in the open
 * documents, for the editor's language status item. Sent after analyses settle, and only when the totals change.
 */
export const STATUS_NOTIFICATION = 'keyscope/status';

export interface StatusParams {
  /** Open documents in which at least one key policy was found. */
  documents: number;
  /** Key policies found in the open documents, summed. */
  policies: number;
  /**
   * Those documents' URIs, sorted (the client shows its language status item on them, and on no other JSON).
   * Absent from servers that predate it.
   */
  uris?: string[];
}

/**
 * `keyscope/insertion`: what generated content fits at a position ("New key policy…" → "Insert at the
 * cursor"): statements in a statement list, blocks at the top level of a .tf file, a whole policy in an empty
 * JSON document; null anywhere else (only a new file is offered then).
 */
export const INSERTION_REQUEST = 'keyscope/insertion';

export interface InsertionParams {
  uri: string;
  position: { line: number; character: number };
  /** The editor's indentation step (`"  "`, `"\t"`), used when the document shows none. */
  unit?: string;
}

export type InsertionResult = InsertionPoint | null;

/** The kind of the on-save "fix all" action, so `editor.codeActionsOnSave` can name Keyscope's alone. */
export const FIX_ALL_KIND = 'source.fixAll.keyscope';

/** What each Keyscope diagnostic carries in `data`, so a code action finds its finding without matching text. */
export interface DiagnosticData {
  ruleId: string;
  /** The document version the diagnostic was computed for. */
  version: number;
  /** The finding's index in that version's analysis. */
  index: number;
}

/** The access-matrix webview panel's view type (its serializer restores the panel after a window reload). */
export const ACCESS_VIEW_TYPE = 'keyscope.access';

/** Messages from the access-matrix webview to the extension. */
/** What-if principals by document URI, then by key (the matrix `name`): each key has its own. */
export type WhatIfState = Record<string, Record<string, string[]>>;

export type FromWebview =
  /** The page is ready; `whatIf` is what it kept across a reload. */
  | { type: 'ready'; whatIf?: WhatIfState }
  /** The user changed the what-if principals of one key (matrix `key`) of document `uri`. */
  | { type: 'whatIf'; uri: string; key: string; principals: string[] }
  /** Select the statements (by index) of matrix `policy` that decided a cell. */
  | { type: 'reveal'; policy: number; statements: number[] }
  /** Open the identity-policy statement that decided the cell of `action` in row `row` of matrix `policy`. */
  | { type: 'openIam'; policy: number; row: number; action: string }
  /** Stop comparing with a revision (back to the plain matrix). */
  | { type: 'stopCompare' }
  /** Keep showing this key (matrix `key` of the shown document) whatever editor is active; `null`: follow again. */
  | { type: 'pin'; key: string | null }
  /** Copy one key's matrix to the clipboard as Markdown. */
  | { type: 'copyMarkdown'; key: string };

/** Messages from the extension to the access-matrix webview: a new result, or why there is none. */
export type ToWebview = {
  type: 'update';
  result?: AccessResult;
  message?: string;
  /** The what-if principals evaluated, by key, for the result's document. */
  whatIf?: Record<string, string[]>;
  /** When the panel compares with a revision: what the document changes against it (for the same version). */
  diff?: AccessDiffResult;
  /** The key (matrix `name`) the panel is pinned to: only its matrix is shown. */
  pinned?: string;
};

/** Command ids shared by the client, the server's CodeLens and package.json. */
export const CommandIds = {
  showAccess: 'keyscope.showAccess',
  compareAccess: 'keyscope.compareAccess',
  compareAccessWith: 'keyscope.compareAccessWith',
  newKeyPolicy: 'keyscope.newKeyPolicy',
  /** Run by the server (executeCommandProvider): lints every file of the workspace that is not open. */
  lintWorkspace: 'keyscope.lintWorkspace',
} as const;

/**
 * `keyscope/readFile`, from the server to the client, in the browser (where the server has no file system): the
 * text of a file of the workspace, read through the editor (`workspace.fs`) when it is a file of at most
 * `maxBytes` bytes inside a workspace folder. Answered as the engine's hosts answer a read.
 */
export const READ_FILE_REQUEST = 'keyscope/readFile';

export interface ReadFileParams {
  uri: string;
  maxBytes: number;
}

export type ReadFileResult = ReadResult;

/** `keyscope/listDir`, from the server to the client, in the browser: the names in a folder of the workspace. */
export const LIST_DIR_REQUEST = 'keyscope/listDir';

export interface ListDirParams {
  uri: string;
}

/** The entries' names; none when the folder is missing or outside the workspace. */
export type ListDirResult = string[];
