/**
 * What the language server needs of where it runs: how a document's URI maps to the path the engine knows it
 * by, how files are read, and the features that need a Node.js process (git, walking the disk). The server in
 * Node.js (`node-main.ts`) and the one in a browser's Web Worker (`browser/main.ts`) each hand one to
 * `startServer`.
 */
import type { FileReads, Host, Keyscope } from '../service';
import type { AccessDiffs } from './access-diff';
import type { RevisionItem } from './protocol';
import type { SettingsStore, WorkspaceFiles } from './settings';
import type { Walk, WorkspaceLinter } from './workspace-lint';

export interface ServerPlatform extends WorkspaceFiles {
  /** The engine's file access in a workspace folder (synchronous: the engine never waits). */
  host(folder: string): Host;
  /**
   * After an analysis: fetches what it asked for that the host could not answer yet (the browser's host only
   * answers what it fetched before). True when something new was fetched: the analysis is run again.
   */
  fetchMissing?(reads: FileReads | undefined): Promise<boolean>;
  /** Files changed (`workspace/didChangeWatchedFiles`): what the host kept of them is forgotten. */
  changed?(changes: readonly { uri: string; type: number }[]): void;
  /** Comparisons with git revisions; absent where no git can run (the browser). */
  accessDiffs?(): AccessDiffs;
  listRevisions?(top: string): RevisionItem[];
  /** Files that are not open, walked and linted from the disk; absent in the browser. */
  walkFolders?(folders: readonly string[]): Promise<Walk>;
  workspaceLinter?(store: SettingsStore, engineFor: (folder: string | undefined) => Keyscope): WorkspaceLinter;
  /** Why the features above are missing, for the messages that say so. */
  unavailable?: string;
  /** Takes what the client sent in `initializationOptions` that concerns the platform (the browser's wasm files). */
  initialize?(options: unknown): void;
}
