/**
 * A revision of a git repository as a `Host`: the files of a commit, read with the user's `git` (spawned with an
 * argument list, never through a shell). `keyscope diff` analyses the base side of a comparison through it, the
 * same way the working tree is analysed through `nodeHost`. Every read is checked against the tree's listing
 * first: only blobs (not links, not submodules) within the size cap are read, and no more than the cap.
 */
import { execFileSync } from 'node:child_process';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Host, ReadResult } from './host';

/** A failure of `git` or a revision that cannot be read, with a message for the user. */
export class GitError extends Error {}

/**
 * Options that keep a repository's own configuration from running programs while it is read, and paths given
 * by the user from being read as pathspec magic (`:(glob)`, `:!x`).
 */
const SAFE = ['--literal-pathspecs', '-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off'];
/** The largest listing or message read from git (a tree of ~1 million files). */
const MAX_LISTING = 256 * 1024 * 1024;

function git(cwd: string, args: string[], maxBuffer = MAX_LISTING): Buffer {
  return execFileSync('git', [...SAFE, ...args], {
    cwd,
    maxBuffer,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    windowsHide: true,
  });
}

function stderrOf(e: unknown): string {
  const err = e as { stderr?: Buffer | string; code?: string; message?: string };
  if (err.code === 'ENOENT') return 'git is not installed (or not on PATH)';
  const text = err.stderr ? String(err.stderr).trim() : '';
  return (text || err.message || String(e)).split('\n')[0];
}

/** Runs a git command whose failure the user must hear about, as a GitError. */
function checked(run: () => Buffer): Buffer {
  try {
    return run();
  } catch (e) {
    throw new GitError(`git failed: ${stderrOf(e)}`);
  }
}

/** The top folder of the work tree holding `dir`; a GitError when `dir` is not inside one. */
export function repositoryTop(dir: string): string {
  try {
    return git(dir, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch (e) {
    const why = stderrOf(e);
    throw new GitError(why.includes('not a git repository') ? `${dir} is not inside a git repository` : `git failed: ${why}`);
  }
}

/**
 * The commit a revision names (a branch, tag, `HEAD~2`, an object id). A GitError says what is wrong: an
 * option-like name, an unknown revision, and in a shallow clone how to fetch what is missing.
 */
export function resolveCommit(top: string, ref: string): string {
  if (ref === '' || ref.startsWith('-')) throw new GitError(`"${ref}" is not a revision`);
  try {
    return git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString('utf8').trim();
  } catch {
    let shallow = false;
    try {
      shallow = git(top, ['rev-parse', '--is-shallow-repository']).toString('utf8').trim() === 'true';
    } catch {
      // not decisive: the message below stands
    }
    const hint = shallow
      ? `; this is a shallow clone: fetch the revision first (git fetch --deepen=50 origin, or git fetch origin ${ref}; in GitHub Actions, actions/checkout with fetch-depth: 0)`
      : '';
    throw new GitError(`unknown revision "${ref}"${hint}`);
  }
}

/** One file of a tree: its mode (`100644`, `100755`, `120000` a link, `160000` a submodule), blob id and size. */
export interface TreeEntry {
  mode: string;
  oid: string;
  /** Bytes; undefined for a submodule. */
  size?: number;
}

/** Every file of a commit's tree under `paths` (relative to the top folder; all when empty), by path. */
export function listTree(top: string, commit: string, paths: readonly string[] = []): Map<string, TreeEntry> {
  const out = checked(() => git(top, ['ls-tree', '-r', '-z', '--long', '--full-tree', commit, '--', ...paths])).toString('utf8');
  const entries = new Map<string, TreeEntry>();
  for (const line of out.split('\0')) {
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const [mode, , oid, size] = line.slice(0, tab).split(/ +/);
    entries.set(line.slice(tab + 1), { mode, oid, size: size === '-' ? undefined : Number(size) });
  }
  return entries;
}

/**
 * The files of the work tree that git knows or would add (tracked, and untracked but not ignored) under
 * `paths`, relative to the top folder.
 */
export function listWorkTree(top: string, paths: readonly string[] = []): string[] {
  const out = checked(() => git(top, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name', '--', ...paths])).toString('utf8');
  return [...new Set(out.split('\0').filter(Boolean))];
}

/** A host over the files of `commit` (its tree read once), confined to the repository. */
export function gitHost(top: string, commit: string, tree: Map<string, TreeEntry> = listTree(top, commit)): Host & { tree: Map<string, TreeEntry> } {
  const rel = (abs: string): string | undefined => {
    const r = relative(top, resolve(abs));
    if (r.startsWith('..') || isAbsolute(r)) return undefined;
    return r.split(sep).join('/');
  };
  const dirs = new Map<string, Set<string>>();
  for (const path of tree.keys()) {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      let names = dirs.get(dir);
      if (!names) dirs.set(dir, (names = new Set()));
      names.add(parts[i]);
    }
  }
  const texts = new Map<string, string>();
  return {
    workspaceRoot: top,
    tree,
    read(abs, maxBytes): ReadResult {
      const path = rel(abs);
      const entry = path === undefined ? undefined : tree.get(path);
      if (!entry) return path !== undefined && dirs.has(path) ? { skipped: 'not-regular', kind: 'a directory' } : { missing: true };
      if (entry.mode === '120000') return { skipped: 'not-regular', kind: 'a symbolic link' };
      if (entry.mode === '160000' || entry.size === undefined) return { skipped: 'not-regular', kind: 'a submodule' };
      if (entry.size > maxBytes) return { skipped: 'too-large', bytes: entry.size };
      const cached = texts.get(entry.oid);
      if (cached !== undefined) return { text: cached };
      try {
        const text = git(top, ['cat-file', 'blob', entry.oid], maxBytes + 1).toString('utf8');
        texts.set(entry.oid, text);
        return { text };
      } catch {
        return { missing: true };
      }
    },
    listDir(abs) {
      const path = rel(abs);
      return path === undefined ? [] : [...(dirs.get(path === '' ? '' : path) ?? [])];
    },
  };
}

/** A revision to compare with, as a picker lists it. */
export interface Revision {
  ref: string;
  kind: 'branch' | 'remote' | 'tag' | 'commit';
  detail: string;
}

/** Most branches and tags listed, and most recent commits. */
export const MAX_REFS_LISTED = 200;
export const MAX_COMMITS_LISTED = 30;

/** Branches, remote branches, tags and the latest commits of HEAD, for a picker. */
export function listRevisions(top: string): Revision[] {
  const out: Revision[] = [];
  const refs = checked(() => git(top, ['for-each-ref', `--count=${MAX_REFS_LISTED}`, '--sort=-committerdate', '--format=%(refname)%00%(refname:short)%00%(objectname:short)', 'refs/heads', 'refs/remotes', 'refs/tags'])).toString('utf8');
  for (const line of refs.split('\n')) {
    const [full, short, oid] = line.split('\0');
    if (!short || full.endsWith('/HEAD')) continue;
    out.push({ ref: short, kind: full.startsWith('refs/heads/') ? 'branch' : full.startsWith('refs/tags/') ? 'tag' : 'remote', detail: oid });
  }
  let log = '';
  try {
    log = git(top, ['log', `-n${MAX_COMMITS_LISTED}`, '--format=%H%x00%s', 'HEAD']).toString('utf8');
  } catch {
    // a repository without commits lists none
  }
  for (const line of log.split('\n')) {
    const [oid, subject] = line.split('\0');
    if (oid) out.push({ ref: oid, kind: 'commit', detail: subject ?? '' });
  }
  return out;
}
