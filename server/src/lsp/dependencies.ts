import { dirname } from 'node:path';
import type { FileReads } from '../service';

/** File events, as `workspace/didChangeWatchedFiles` reports them: 1 created, 2 changed, 3 deleted. */
export interface FileEvent {
  path: string;
  type: number;
}

/**
 * What the analysis of each open document read from disk (the other .tf files of its module, `file()`
 * targets, the folders it listed), so that a change on disk re-analyses exactly the documents it affects.
 */
export class Dependents {
  private readonly reads = new Map<string, FileReads>();

  /** Records the reads of the latest analysis of `uri` (none: it depends on no other file). */
  set(uri: string, reads: FileReads | undefined): void {
    if (reads) this.reads.set(uri, reads);
    else this.reads.delete(uri);
  }

  delete(uri: string): void {
    this.reads.delete(uri);
  }

  /**
   * The documents an event affects: those that read the file, and, for a file created in or deleted from a
   * folder an analysis listed, those that listed it (a new .tf file joins the module).
   */
  affected(events: FileEvent[]): Set<string> {
    const out = new Set<string>();
    for (const [uri, r] of this.reads) {
      for (const e of events) {
        if (r.files.has(e.path) || (e.type !== 2 && r.dirs.has(dirname(e.path)))) {
          out.add(uri);
          break;
        }
      }
    }
    return out;
  }

  /** Every file some open document read. */
  files(): Set<string> {
    const out = new Set<string>();
    for (const r of this.reads.values()) for (const f of r.files) out.add(f);
    return out;
  }
}
