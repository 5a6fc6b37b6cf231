/**
 * `keyscope diff`: who can do what with each key after a change that they could not before. Both sides are
 * the whole workspace under the given paths, analysed the same way (modules, variables, `file()` policies):
 * the base revision read with `git` through a `gitHost`, the head the working tree (or another revision).
 */
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  accessKeys,
  createKeyscope,
  diffAccess,
  GitError,
  gitHost,
  isPolicyCandidate,
  LineIndex,
  listTree,
  listWorkTree,
  nodeHost,
  repositoryTop,
  resolveCommit,
  syntaxOf,
  type AccessMatrix,
  type Host,
  type Keyscope,
  type KeyRef,
} from '../service';
import type { KeyscopeSettings } from '../settings';
import { CliConfigs, CONFIG_NAME } from './config';
import { diffJson, diffMarkdown, diffSarif, diffText, type DiffReport, type KeyDiff, type SideInfo, type StatementRef } from './diff-format';
import { UsageError } from './errors';
import { deliver } from './output';
import { escapeControls, quotePath } from './escape';

export const DIFF_USAGE = `Usage: keyscope diff [--base REF] [--head REF] [--format text|json|markdown|sarif] [--fail-on new-access|any-change] [PATH...]

Compares the effective access of every key policy under PATHs (default: the current folder) between two
revisions of a git repository: who can now administer, use, destroy or read each key that could not before,
and what was taken away. Keys are matched by their Terraform resource address in their module's folder, or by
file. Each side is analysed whole (modules, variable files, file() policies), so a change in a .tfvars or a
module shows on the keys it reaches.

  --base REF          the revision to compare with (default: HEAD); read with git, never checked out
  --head REF          the revision to compare (default: the working tree, uncommitted changes included)
  --format FORMAT     text (default), json, markdown (a pull-request comment) or sarif (one result per new
                      grant, at the statement that grants it)
  --fail-on WHAT      new-access: exit 1 when anyone gains access; any-change: exit 1 on any change
  --output FILE       write the report to FILE instead of standard output
  --config FILE       a .keyscope.json (default: the nearest one in the working tree, as for lint); the
                      working tree's settings apply to both sides

Exit status: 0 no change (or none that --fail-on names), 1 --fail-on matched, 2 bad usage, not a git
repository, an unknown revision or a .keyscope.json with problems.`;

const FORMATS = ['text', 'json', 'markdown', 'sarif'];
const FAIL_ON = ['new-access', 'any-change'];
/** Folders never read: dependencies, tool caches, other version control. */
const SKIP_SEGMENTS = new Set(['node_modules', '.git', '.terraform', '.hg', '.svn']);

interface KeySide {
  key: KeyRef;
  name: string;
  /** Path of the file that defines the key, relative to the top folder of the repository. */
  file: string;
  /** Where each statement is, by statement index. */
  statements: StatementRef[];
}

interface Side {
  info: SideInfo;
  keys: Map<string, KeySide>;
  engine: Keyscope;
}

export async function diff(argv: string[], version: string): Promise<{ output: string; exitCode: number }> {
  let values: { base?: string; head?: string; format?: string; 'fail-on'?: string; output?: string; config?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${DIFF_USAGE}`);
  }
  if (values.help) return { output: DIFF_USAGE + '\n', exitCode: 0 };
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}": use text, json, markdown or sarif`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) throw new UsageError(`unknown --fail-on "${failOn}": use new-access or any-change`);

  const cwd = process.cwd();
  let top: string;
  let baseCommit: string;
  let headCommit: string | undefined;
  try {
    top = repositoryTop(cwd);
    baseCommit = resolveCommit(top, values.base ?? 'HEAD');
    headCommit = values.head === undefined ? undefined : resolveCommit(top, values.head);
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.message);
    throw e;
  }
  const pathspecs = (positionals.length ? positionals : ['.']).map((p) => {
    const rel = relative(top, resolve(cwd, p)).split(sep).join('/');
    if (rel.startsWith('..') || resolve(top, rel) !== resolve(cwd, p)) throw new UsageError(`${quotePath(p)} is outside the repository at ${quotePath(top)}`);
    return rel || '.';
  });
  const configs = await CliConfigs.create(values.config);
  const notes: string[] = [];
  const note = (message: string) => {
    notes.push(message);
    process.stderr.write(`keyscope: note: ${escapeControls(message)}\n`);
  };

  let base: Side | undefined;
  let head: Side | undefined;
  try {
    base = await readSide({ ref: values.base ?? 'HEAD', commit: baseCommit }, top, gitSide(top, baseCommit, pathspecs), configs, note);
    head = await readSide(
      { ref: values.head ?? null, commit: headCommit ?? null },
      top,
      headCommit ? gitSide(top, headCommit, pathspecs) : workTreeSide(top, pathspecs),
      configs,
      note,
    );
    const report = compare(base, head, notes, top);
    const newAccess = report.keys.some((k) => k.changes.some((c) => c.newAccess));
    const anyChange = report.keys.some((k) => k.status !== 'unchanged');
    const failed = failOn === 'new-access' ? newAccess : failOn === 'any-change' ? anyChange : false;
    const exitCode = configs.hadProblems ? 2 : failed ? 1 : 0;
    const output =
      format === 'json' ? diffJson(report) : format === 'markdown' ? diffMarkdown(report) : format === 'sarif' ? diffSarif(report, { version, top, exitCode }) : diffText(report);
    return deliver(output, exitCode, values.output);
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.message);
    throw e;
  } finally {
    base?.engine.dispose();
    head?.engine.dispose();
  }
}

/** Where one side's files come from: their paths (relative to the top folder) and the host that reads them. */
interface Source {
  files: string[];
  host: Host;
  /** The working tree: conflict markers in a file are worth a note. */
  workTree: boolean;
}

function gitSide(top: string, commit: string, pathspecs: string[]): Source {
  const host = gitHost(top, commit, listTree(top, commit));
  // Only the paths asked for are compared; the host still reads the whole tree (modules, variable files).
  const files = [...listTree(top, commit, pathspecs).keys()];
  return { files, host, workTree: false };
}

function workTreeSide(top: string, pathspecs: string[]): Source {
  return { files: listWorkTree(top, pathspecs), host: nodeHost(top), workTree: true };
}

const skippedFolder = (path: string) => path.split('/').some((s) => SKIP_SEGMENTS.has(s));

async function readSide(info: SideInfo, top: string, src: Source, configs: CliConfigs, note: (m: string) => void): Promise<Side> {
  const engine = createKeyscope({ host: src.host });
  const keys = new Map<string, KeySide>();
  const side = info.commit ? `${info.ref ?? info.commit.slice(0, 12)}` : 'the working tree';
  for (const rel of src.files.sort()) {
    if (skippedFolder(rel) || posix.basename(rel) === CONFIG_NAME) continue;
    const syntax = syntaxOf(rel);
    if (syntax === 'none') continue;
    const abs = resolve(top, rel);
    const { settings, relPath } = await configs.forFile(abs, top);
    const read = src.host.read(abs, settings.limits.maxFileSizeKB * 1024);
    if (!('text' in read)) {
      if ('skipped' in read)
        note(`${rel} in ${side} is not compared: ${read.skipped === 'too-large' ? `${Math.ceil(read.bytes / 1024)} KB, over the ${settings.limits.maxFileSizeKB} KB limit` : `it is ${read.kind}`}`);
      continue;
    }
    const text = read.text;
    if (text.includes('\0')) {
      note(`${rel} in ${side} is not compared: it is a binary file`);
      continue;
    }
    if (syntax === 'json' && !isPolicyCandidate(relPath, text, settings)) continue;
    if (src.workTree && hasConflictMarkers(text)) note(`${rel} has unresolved merge conflict markers: its keys are compared as the file reads now`);
    await engine.prepare(abs);
    const analysis = engine.analyze({ path: abs, relPath, text, settings });
    const found = accessKeys(engine, analysis, settings);
    for (const key of found) {
      // A resource is the same key wherever it moves in its module; a JSON policy is its file.
      const id = key.source.owner ? `${posix.dirname(rel)}::${key.id}` : found.length > 1 ? `${rel}#${key.id}` : rel;
      const statements = statementRefs(key.matrix, key.source.filePath, rel, text, top, src.host, settings);
      keys.set(id, { key, name: key.source.owner ?? rel, file: rel, statements });
    }
  }
  // A module that a root module of this side calls is compared through its calls, with their values
  // (`module.orders.aws_kms_key.this`); its own files alone, with its variables unknown, would repeat each
  // change with a symbolic principal.
  const called = new Set<string>();
  for (const k of keys.values()) if (k.key.source.owner?.startsWith('module.')) for (const s of k.statements) called.add(posix.dirname(s.file));
  for (const [id, k] of keys) if (!k.key.source.owner?.startsWith('module.') && called.has(posix.dirname(k.file))) keys.delete(id);
  return { info, keys, engine };
}

/** The file and line of each statement of a matrix (a `file()` policy's statements are in that file). */
function statementRefs(matrix: AccessMatrix, filePath: string | undefined, rel: string, text: string, top: string, host: Host, settings: KeyscopeSettings): StatementRef[] {
  let file = rel;
  let lines = new LineIndex(text);
  if (filePath) {
    const other = host.read(filePath, settings.limits.maxFileSizeKB * 1024);
    if ('text' in other) {
      file = relative(top, filePath).split(sep).join('/');
      lines = new LineIndex(other.text);
    }
  }
  return matrix.statementSpans.map((s) => ({ file, line: lines.positionAt(s.start).line + 1 }));
}

/** A line that starts with `<<<<<<< ` and a later one that is `=======`: git left a conflict unresolved. */
function hasConflictMarkers(text: string): boolean {
  const start = text.startsWith('<<<<<<< ') ? 0 : text.indexOf('\n<<<<<<< ');
  return start >= 0 && text.indexOf('\n=======', start) > 0;
}

/** Matches the keys of both sides and diffs their access. */
function compare(base: Side, head: Side, notes: string[], top: string): DiffReport {
  const keys: KeyDiff[] = [];
  const ids = [...new Set([...head.keys.keys(), ...base.keys.keys()])];
  for (const id of ids) {
    const b = base.keys.get(id);
    const h = head.keys.get(id);
    // An identity policy's file, as every file of the report is named: from the top of the repository.
    const changes = diffAccess(b?.key, h?.key).map((c) => (c.viaAt && isAbsolute(c.viaAt.path) ? { ...c, viaAt: { ...c.viaAt, path: relative(top, c.viaAt.path).split(sep).join('/') } } : c));
    const status = !b ? 'added' : !h ? 'removed' : changes.length ? 'changed' : 'unchanged';
    keys.push({ id, name: (h ?? b)!.name, file: (h ?? b)!.file, status, changes, before: b?.statements ?? [], after: h?.statements ?? [] });
  }
  return { base: base.info, head: head.info, keys, notes };
}
