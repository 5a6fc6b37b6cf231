import { dirname } from 'node:path';
import { DidChangeWatchedFilesNotification, type Connection, type Disposable, type FileSystemWatcher } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { FileReads } from '../service';
import { Dependents, type FileEvent } from './dependencies';
import type { WorkspaceFiles } from './settings';

/** What an analysis reads from disk, by name: the .tf files of a module, variable files, JSON and templates. */
export const WATCHED_GLOBS = ['**/*.tf', '**/*.tfvars', '**/*.json', '**/*.tpl', '**/*.tftpl'];
const COVERED = /\.(tf|tfvars|json|tpl|tftpl)$/i;
/** Folders watched for the files no glob above covers (a `file("policy.txt")` target), at most. */
const MAX_EXTRA_FOLDERS = 200;

/**
 * The files the server watches, registered with the client (`workspace/didChangeWatchedFiles`, dynamically):
 * the kinds of files an analysis reads, plus the folders of any other file an open document's analysis read.
 * When one changes, the open documents that read it are analysed again.
 */
export class FileWatch {
  private readonly dependents = new Dependents();
  private canRegister = false;
  private relativePatterns = false;
  private extra = new Set<string>();
  private extraRegistration?: Promise<Disposable | undefined>;
  private updating = false;

  constructor(private readonly connection: Connection, private readonly files: Pick<WorkspaceFiles, 'pathOf' | 'uriOf'>) {}

  /** From the client's capabilities at `initialize`. */
  configure(capabilities: { dynamicRegistration?: boolean; relativePatternSupport?: boolean } | undefined): void {
    this.canRegister = !!capabilities?.dynamicRegistration;
    this.relativePatterns = !!capabilities?.relativePatternSupport;
  }

  /** At `initialized`: watches every file kind an analysis reads. */
  start(): void {
    if (!this.canRegister) return;
    void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) }).catch(() => undefined);
  }

  /** Records what the latest analysis of an open document read. */
  analysed(uri: string, reads: FileReads | undefined): void {
    this.dependents.set(uri, reads);
    this.scheduleExtra();
  }

  closed(uri: string): void {
    this.dependents.delete(uri);
    this.scheduleExtra();
  }

  /** The open documents a batch of file events affects. */
  affected(changes: { uri: string; type: number }[]): Set<string> {
    const events: FileEvent[] = [];
    for (const c of changes) {
      const path = this.files.pathOf(c.uri);
      if (path !== undefined) events.push({ path, type: c.type });
    }
    return this.dependents.affected(events);
  }

  /** Registers watchers for the folders of read files no glob covers, once the current burst of analyses ends. */
  private scheduleExtra(): void {
    if (!this.canRegister || this.updating) return;
    this.updating = true;
    setImmediate(() => {
      this.updating = false;
      void this.updateExtra();
    });
  }

  private async updateExtra(): Promise<void> {
    const folders = new Set<string>();
    for (const f of this.dependents.files()) {
      if (COVERED.test(f)) continue;
      if (folders.size < MAX_EXTRA_FOLDERS) folders.add(this.files.uriOf(dirname(f)));
    }
    if (folders.size === this.extra.size && [...folders].every((d) => this.extra.has(d))) return;
    this.extra = folders;
    const previous = this.extraRegistration;
    this.extraRegistration = undefined;
    void previous?.then((d) => d?.dispose());
    const watchers = [...folders].flatMap((dir): FileSystemWatcher[] => {
      // A folder's own name may hold glob characters: as a relative pattern's base it is taken literally.
      if (this.relativePatterns) return [{ globPattern: { baseUri: dir, pattern: '*' } }];
      const path = URI.parse(dir).path;
      return /[*?[\]{}!]/.test(path) ? [] : [{ globPattern: `${path}/*` }];
    });
    if (watchers.length) {
      this.extraRegistration = this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
    }
  }
}
