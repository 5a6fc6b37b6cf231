import { utf8Length } from './text';

/**
 * What the engine may ask of its host: read files, only inside the workspace. The LSP server and the CLI
 * each provide one; the engine never touches the file system itself.
 */
export interface Host {
  /**
   * A file's text, or why it was not read. A host checks the file's type and size before it reads a byte: only
   * regular files inside the workspace, at most `maxBytes` long, are read (never a FIFO, a device or a
   * directory, which could block or never end).
   */
  read(absPath: string, maxBytes: number): ReadResult;
  /** Names of the entries of a directory (for sibling .tf files of a module). */
  listDir(absDir: string): string[];
  /** The workspace folder the file belongs to; references are followed only inside it. */
  workspaceRoot?: string;
  /**
   * Variable values given from outside the module (`--var-file`, `--var`, the `keyscope.terraform.varFiles`
   * setting), in the order they apply (a later one wins), after the variable files Terraform loads by itself.
   * They apply to root modules only.
   */
  variableInputs?: readonly VariableInput[];
}

/** A variable file given explicitly, or one `NAME=VALUE` given on the command line. */
export type VariableInput = { kind: 'file'; path: string; text: string; json: boolean } | { kind: 'var'; name: string; text: string };

export type ReadResult =
  | { text: string }
  /** Present but refused: not a regular file (`kind` says what it is), or larger than the limit. */
  | { skipped: 'not-regular'; kind: string }
  | { skipped: 'too-large'; bytes: number }
  /** Missing, unreadable, or outside the workspace: nothing is said about it. */
  | { missing: true };

/** A file an analysis skipped: where, and why (refused by the host, or its text broke the parser before). */
export type SkippedRead = { path: string } & (Extract<ReadResult, { skipped: string }> | { skipped: 'unparsable' });

/** What a file system entry is, in words, for "not a regular file" notices. */
export function entryKind(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * The reads of one analysis: every file and folder it asked for (what the analysis depends on, so a host can
 * analyse it again when one of them changes), and the files it had to skip, for the notices on the lines that
 * referenced them. Every read is capped at `maxBytes`.
 */
export class FileReads {
  /** Absolute paths of the files asked for, read or not (a missing file may appear later). */
  readonly files = new Set<string>();
  /** Folders listed (a new .tf file in one changes the module). */
  readonly dirs = new Set<string>();
  readonly skipped = new Map<string, SkippedRead>();
  /** Where the analysed document names a file it reads (a `file()` call), for the notice of a skipped read. */
  readonly referencedAt = new Map<string, { start: number; end: number }>();
  readonly workspaceRoot?: string;
  /** The host's variable inputs (`--var-file`, `--var`), for the module's variables. */
  readonly variableInputs?: readonly VariableInput[];
  /** Variable files the settings name (`terraform.varFiles`), relative to a root module. */
  varFiles: readonly string[] = [];
  /** What each file and folder read gave, the first time this analysis asked. */
  private readonly results = new Map<string, ReadResult>();
  private readonly listings = new Map<string, string[]>();

  constructor(private readonly host: Host, readonly maxBytes: number) {
    this.workspaceRoot = host.workspaceRoot;
    this.variableInputs = host.variableInputs;
  }

  /**
   * The text of a file, or undefined when it is missing, outside the workspace, or skipped. `at`: where the
   * analysed document names it.
   */
  readFile(path: string, at?: { start: number; end: number }): string | undefined {
    this.files.add(path);
    if (at && !this.referencedAt.has(path)) this.referencedAt.set(path, at);
    // Read once per analysis: a module's files are read by every scope, call and summary that needs them, and
    // one analysis sees one state of them.
    let r = this.results.get(path);
    if (!r) {
      try {
        r = this.host.read(path, this.maxBytes);
      } catch {
        r = { missing: true };
      }
      this.results.set(path, r);
    }
    if ('text' in r) return r.text;
    if ('skipped' in r) this.skipped.set(path, { path, ...r });
    return undefined;
  }

  /** Notes a file read but left out for a reason of the engine's own. */
  skip(skip: SkippedRead): void {
    this.skipped.set(skip.path, skip);
  }

  listDir(dir: string): string[] {
    this.dirs.add(dir);
    let names = this.listings.get(dir);
    if (!names) {
      try {
        names = this.host.listDir(dir);
      } catch {
        names = [];
      }
      this.listings.set(dir, names);
    }
    return names.slice();
  }
}

/** The reads of one analysis through `host`, or `host` itself when it already is one. */
export function readsOf(host: Host | FileReads, maxBytes: number): FileReads {
  return host instanceof FileReads ? host : new FileReads(host, maxBytes);
}

/**
 * A host over texts held in memory (tests, virtual workspaces): `text(path)` answers a path, and the size cap
 * is applied to the UTF-8 length of what it answers.
 */
export function textHost(text: (absPath: string) => string | undefined, listDir: (absDir: string) => string[], workspaceRoot?: string): Host {
  return {
    workspaceRoot,
    listDir,
    read(path, maxBytes) {
      const t = text(path);
      if (t === undefined) return { missing: true };
      const bytes = utf8Length(t);
      return bytes > maxBytes ? { skipped: 'too-large', bytes } : { text: t };
    },
  };
}

/**
 * `host` with the text of one file as the editor holds it (unsaved edits): what other files' analyses read of
 * it is that text, so the spans they give in it are offsets of the document analysed.
 */
export function withText(host: Host, path: string, text: string): Host {
  return {
    workspaceRoot: host.workspaceRoot,
    variableInputs: host.variableInputs,
    listDir: (dir) => host.listDir(dir),
    read: (p, maxBytes) => (p !== path ? host.read(p, maxBytes) : utf8Length(text) > maxBytes ? { skipped: 'too-large', bytes: utf8Length(text) } : { text }),
  };
}
