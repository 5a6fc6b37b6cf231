import { BoundedMap } from '../../cache';
import type { LiteralForm } from '../syntax/literal-form';
import { instanceState } from '../../state';
import type { Feed } from './feeds';
import type { SiblingSummary } from './sibling-summary';

/**
 * What the other files of a module define, by name: the first definition in file-name order wins, as a
 * scan of the files in that order would find it. Built once per set of sibling summaries.
 */
export class SiblingIndex {
  readonly locals = new Map<string, LiteralForm>();
  /** The file defining each local, and each variable. */
  readonly localFiles = new Map<string, SiblingSummary>();
  readonly variableFiles = new Map<string, SiblingSummary>();
  readonly moduleFiles = new Map<string, SiblingSummary>();
  /** Some file configures a provider or a backend. */
  readonly rootMarker: boolean;
  readonly blocks = new Map<string, SiblingSummary>();
  readonly names = new Map<string, string | undefined>();
  readonly docUsers = new Map<string, string>();
  readonly feeds = new Map<string, Feed>();
  readonly varPolicies = new Map<string, string>();

  constructor(readonly files: SiblingSummary[]) {
    this.rootMarker = files.some((f) => f.rootMarker);
    for (const f of files) {
      for (const [k, v] of f.locals) {
        if (this.locals.has(k)) continue;
        this.locals.set(k, v);
        this.localFiles.set(k, f);
      }
      for (const k of f.variables) if (!this.variableFiles.has(k)) this.variableFiles.set(k, f);
      for (const k of f.modules) if (!this.moduleFiles.has(k)) this.moduleFiles.set(k, f);
      for (const k of f.blocks) if (!this.blocks.has(k)) this.blocks.set(k, f);
      for (const [k, v] of f.names) if (!this.names.has(k)) this.names.set(k, v);
      for (const [k, v] of f.docUsers) if (!this.docUsers.has(k)) this.docUsers.set(k, v);
      for (const [k, v] of f.varPolicies) if (!this.varPolicies.has(k)) this.varPolicies.set(k, v);
      for (const [k, v] of f.feeds) if (!this.feeds.get(k) || (this.feeds.get(k)!.outside && !v.outside)) this.feeds.set(k, v);
    }
  }
}

/**
 * The last index of each analysed file's siblings, by the file's path: reused while every sibling summary is
 * the same object. An index is small (maps of names to what the summaries already hold); the files being
 * edited in a session are few, and 16 covers them.
 */
export const SIBLING_INDEXES_KEPT = 16;

// Per engine instance, like the summaries it indexes.
const lastIndexes = instanceState(() => new BoundedMap<string, SiblingIndex>({ max: SIBLING_INDEXES_KEPT, name: 'terraform.siblingIndexes' }));

/** The index of `files`, the siblings of `path`; reused from the last call for `path` when they are the same. */
export function siblingIndex(path: string, files: SiblingSummary[]): SiblingIndex {
  const indexes = lastIndexes();
  const last = indexes.get(path);
  if (last && last.files.length === files.length && last.files.every((f, i) => f === files[i])) return last;
  const index = new SiblingIndex(files);
  indexes.set(path, index);
  return index;
}
