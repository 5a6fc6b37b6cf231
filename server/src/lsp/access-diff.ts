/**
 * The editor's access diff: a document's current text against the same file at a git revision (default
 * `HEAD`), key by key, for the "Compare access with HEAD" command and the CodeLens that says what an
 * uncommitted edit changes. The base side is analysed by an engine instance of its own over the revision's
 * files (a `gitHost`), so a base that does not parse changes nothing in what the document reports.
 */
import { dirname, relative, sep } from 'node:path';
import type { CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BoundedMap } from '../cache';
import {
  accessKeys,
  CAPABILITY_LABELS,
  changeWeight,
  createKeyscope,
  describeChange,
  diffAccess,
  GitError,
  gitHost,
  LineIndex,
  repositoryTop,
  resolveCommit,
  type Analysis,
  type KeyRef,
  type Keyscope,
} from '../service';
import type { KeyscopeSettings } from '../settings';
import { CommandIds, type AccessDiffKey, type AccessDiffResult } from './protocol';

/** Revisions whose files are kept for comparisons at once: HEAD and one picked revision. */
export const BASE_REVISIONS_KEPT = 2;
/** Base-side analyses kept, by revision and file: the documents a user compares in a while. */
export const BASE_ANALYSES_KEPT = 32;
/** Folders whose repository (or its absence) is remembered. */
export const REPOSITORY_LOOKUPS_KEPT = 64;
/**
 * How long a revision's commit is trusted before git is asked again (milliseconds): a commit or a checkout
 * shows in the CodeLens within this, and typing does not spawn git on every keystroke.
 */
export const REVISION_TTL_MS = 3000;

interface Revision {
  engine: Keyscope;
  host: ReturnType<typeof gitHost>;
}

export class AccessDiffs {
  private readonly tops = new BoundedMap<string, { top: string } | { error: GitError; at: number }>({ max: REPOSITORY_LOOKUPS_KEPT, name: 'lsp.repositoryTops' });
  private readonly commits = new BoundedMap<string, { commit?: string; error?: GitError; at: number }>({ max: REPOSITORY_LOOKUPS_KEPT, name: 'lsp.revisionCommits' });
  private readonly revisions = new BoundedMap<string, Revision>({ max: BASE_REVISIONS_KEPT, name: 'lsp.baseRevisions', onEvict: (r) => r.engine.dispose() });
  private readonly analyses = new BoundedMap<string, Analysis | null>({ max: BASE_ANALYSES_KEPT, name: 'lsp.baseAnalyses' });

  /**
   * The repository top folder of a file, or why there is none. A folder found in a repository stays so; one
   * that is not is asked again after a while (`git init` may run while the editor is open).
   */
  repository(path: string): string | GitError {
    const dir = dirname(path);
    let hit = this.tops.get(dir);
    if (!hit || ('error' in hit && Date.now() - hit.at >= REVISION_TTL_MS)) {
      try {
        hit = { top: repositoryTop(dir) };
      } catch (e) {
        hit = { error: e instanceof GitError ? e : new GitError(String(e)), at: Date.now() };
      }
      this.tops.set(dir, hit);
    }
    return 'top' in hit ? hit.top : hit.error;
  }

  private commitOf(top: string, ref: string): string {
    const key = `${top}\0${ref}`;
    let hit = this.commits.get(key);
    if (!hit || Date.now() - hit.at >= REVISION_TTL_MS) {
      try {
        hit = { commit: resolveCommit(top, ref), at: Date.now() };
      } catch (e) {
        hit = { error: e instanceof GitError ? e : new GitError(String(e)), at: Date.now() };
      }
      this.commits.set(key, hit);
    }
    if (hit.error) throw hit.error;
    return hit.commit!;
  }

  private revision(top: string, commit: string): Revision {
    const key = `${top}\0${commit}`;
    let r = this.revisions.get(key);
    if (!r) {
      const host = gitHost(top, commit);
      this.revisions.set(key, (r = { engine: createKeyscope({ host }), host }));
    }
    return r;
  }

  /**
   * The keys of the document at the head (its current analysis) compared with the file at `ref`. Never
   * throws: what stops the comparison is said in `message`.
   */
  async compare(doc: TextDocument, path: string, head: { engine: Keyscope; analysis: Analysis }, settings: KeyscopeSettings, relPath: string, ref = 'HEAD'): Promise<AccessDiffResult> {
    const empty = (message: string): AccessDiffResult => ({ uri: doc.uri, version: doc.version, base: null, message, keys: [], summary: [] });
    const top = this.repository(path);
    if (top instanceof GitError) return empty(top.message);
    let commit: string;
    try {
      commit = this.commitOf(top, ref);
    } catch (e) {
      return empty((e as Error).message);
    }
    const revision = this.revision(top, commit);
    const rel = relative(top, path).split(sep).join('/');
    const key = `${top}\0${commit}\0${rel}\0${relPath}`;
    let base = this.analyses.get(key);
    if (base === undefined) {
      const read = revision.host.read(path, settings.limits.maxFileSizeKB * 1024);
      if ('text' in read && !read.text.includes('\0')) {
        await revision.engine.prepare(path, doc.languageId);
        base = revision.engine.analyze({ path, relPath, text: read.text, languageId: doc.languageId, settings });
      } else base = null;
      this.analyses.set(key, base);
    }
    const before = base ? accessKeys(revision.engine, base, settings) : [];
    const after = accessKeys(head.engine, head.analysis, settings);
    return { uri: doc.uri, version: doc.version, base: { ref, commit }, ...diffKeys(before, after, base?.text ?? '') };
  }

  /** Forgets every base side (settings changed, or the server shuts down). */
  clear(): void {
    this.revisions.clear();
    this.analyses.clear();
    this.commits.clear();
  }
}

/** Most changes named in one CodeLens; the rest are counted. */
const LENS_CHANGES = 3;

/**
 * `vs HEAD: + role/analyst: Decrypt · − role/old: Encrypt`, above each key whose access the uncommitted text
 * changes (most worrying change first); nothing for unchanged keys, or when the document is not in a
 * repository.
 */
export function accessDiffLenses(diff: AccessDiffResult, anchors: (matrix: number) => CodeLens['range'] | undefined, uri: string): CodeLens[] {
  if (!diff.base) return [];
  const out: CodeLens[] = [];
  for (const k of diff.keys) {
    if (k.matrix === null || k.status === 'unchanged') continue;
    const range = anchors(k.matrix);
    if (!range) continue;
    // One part per principal and direction, its actions joined: `+ role/other: Decrypt, Encrypt`.
    const groups = new Map<string, string[]>();
    for (const c of k.changes) {
      const head = `${c.newAccess ? '+' : '−'} ${c.label.replace(/ \([^()]*\)$/, '')}`;
      const what = c.whole ? [CAPABILITY_LABELS[c.capability]] : c.actions.map((a) => a.slice(4));
      groups.set(head, [...(groups.get(head) ?? []), ...what.filter((w) => !groups.get(head)?.includes(w))]);
    }
    const parts = [...groups].map(([head, what]) => `${head}: ${what.join(', ')}`);
    const shown = parts.slice(0, LENS_CHANGES).join(' · ') + (parts.length > LENS_CHANGES ? ` · ${parts.length - LENS_CHANGES} more` : '');
    const title = k.status === 'added' ? `vs ${diff.base.ref}: new key` : `vs ${diff.base.ref}: ${shown}`;
    out.push({ range, command: { title, command: CommandIds.compareAccess, arguments: [uri] } });
  }
  return out;
}

/**
 * The keys of two analyses of one document matched (by resource address, else by order) and diffed: per key,
 * its changes, most worrying first; and one sentence per change that gives access. `baseText` is the text
 * the `before` keys were analysed from (for the lines of their statements).
 */
export function diffKeys(before: KeyRef[], after: KeyRef[], baseText: string): Pick<AccessDiffResult, 'keys' | 'summary'> {
  const lines = new LineIndex(baseText);
  const keys: AccessDiffKey[] = [];
  const byId = new Map(before.map((k) => [k.id, k]));
  const summary: { weight: number; sentence: string }[] = [];
  const add = (b: KeyRef | undefined, a: KeyRef | undefined) => {
    const name = (a ?? b)!.source.owner ?? (a ?? b)!.source.name;
    const changes = diffAccess(b, a).sort((x, y) => changeWeight(y) - changeWeight(x));
    for (const c of changes) if (c.newAccess) summary.push({ weight: changeWeight(c), sentence: describeChange(name, c) });
    keys.push({
      name,
      status: !b ? 'added' : !a ? 'removed' : changes.length ? 'changed' : 'unchanged',
      matrix: a ? a.index : null,
      changes: changes.map((c) => ({
        principal: c.principal,
        label: c.label,
        capability: c.capability,
        actions: c.actions,
        whole: c.whole,
        before: c.before,
        after: c.after,
        newAccess: c.newAccess,
        conditionsBefore: c.conditionsBefore,
        conditionsAfter: c.conditionsAfter,
        statementsAfter: c.statementsAfter,
        linesBefore: b ? c.statementsBefore.map((i) => lines.positionAt(b.matrix.statementSpans[i]?.start ?? 0).line + 1) : [],
        sentence: describeChange(name, c),
      })),
    });
  };
  for (const a of after) {
    add(byId.get(a.id), a);
    byId.delete(a.id);
  }
  for (const b of byId.values()) add(b, undefined);
  return { keys, summary: summary.sort((x, y) => y.weight - x.weight).map((s) => s.sentence) };
}
