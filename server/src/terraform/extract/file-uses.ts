import { basename, dirname, isAbsolute, relative } from 'node:path';
import type { FileReads } from '../../host';
import type { PolicySource, PolicyWriter, RelatedPlace } from '../../policy/model';
import { LineIndex } from '../../text';
import { MODULE_FILES_MAX } from '../eval/module-calls';
import { readFolder } from '../module/folder';
import { moduleFile, type ModuleFile } from '../module/scope';

/**
 * Folders searched for the .tf files that read a policy file or a template: its own folder and up to this many
 * folders above it, inside the workspace (`${path.module}/policies/key.json.tpl` is read by the module one or
 * two folders up).
 */
export const FILE_USER_LEVELS = 3;

/** The key policies (and module arguments) of a .tf file, as its module reads them (no module calls followed). */
export type ExtractFile = (file: ModuleFile) => PolicySource[];

/** A policy of a .tf file read from the file `path` (`file()`, `templatefile()`, `template_file`). */
export interface FileUse {
  /** The policy as the use reads it: spans in the referenced file's text, reported at `reportAt` in `file`. */
  source: PolicySource;
  file: ModuleFile;
}

/**
 * The uses of a policy file or template: the policies of the .tf files in its folder and the folders above it
 * (FILE_USER_LEVELS, inside the workspace) that read it, each as its use renders it. A file is extracted only
 * when its text names the file, or reads a path from a variable or a local (`file(var.policy_file)`).
 */
export function fileUses(path: string, host: FileReads, extract: ExtractFile): FileUse[] {
  const root = host.workspaceRoot;
  if (!root) return [];
  const name = basename(path);
  const out: FileUse[] = [];
  let dir = dirname(path);
  for (let level = 0; level <= FILE_USER_LEVELS && inside(dir, root); level++) {
    for (const t of readFolder(dir, host, (n) => n.endsWith('.tf')).slice(0, MODULE_FILES_MAX)) {
      if (!t.text.includes(name) && !/file\(\s*(?:var|local)\./.test(t.text)) continue;
      const f = moduleFile(t.path, t.text);
      for (const s of extract(f)) if (s.kind === 'tf-file-ref' && s.filePath === path && s.reportAt) out.push({ source: s, file: f });
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}

/**
 * True when a .tf file is in the folder of `path` or the folders above it that `fileUses` searches: only then
 * can a key read it, and is the Terraform parser worth loading for a JSON document. Lists folders only.
 */
export function nearTerraform(path: string, host: { listDir(dir: string): string[]; workspaceRoot?: string }): boolean {
  const root = host.workspaceRoot;
  if (!root) return false;
  let dir = dirname(path);
  for (let level = 0; level <= FILE_USER_LEVELS && inside(dir, root); level++) {
    let names: string[];
    try {
      names = host.listDir(dir);
    } catch {
      names = [];
    }
    if (names.some((n) => n.endsWith('.tf'))) return true;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return false;
}

function inside(dir: string, root: string): boolean {
  const r = relative(root, dir);
  return !r.startsWith('..') && !isAbsolute(r);
}

/** Where a use reads the file: the `policy = ...` line (or module argument) of the .tf file. */
export function usePlace(use: FileUse): RelatedPlace {
  const at = use.source.reportAt!;
  const what = use.source.feeds ? `passed here to ${use.source.feeds.by}` : `read here as the policy of ${use.source.owner ?? use.source.name}`;
  return { path: use.file.path, ...new LineIndex(use.file.text).positionAt(at.start), message: `${what}, in ${basename(use.file.path)}` };
}

/**
 * The policy of a use as a policy of the referenced file itself: its spans are offsets of that file's text,
 * so a finding is reported at the exact text; each finding points at the use. A template rendered with the
 * call's values has text that is not its own (a placeholder's value): its fixes are guarded (`templateWriter`).
 */
export function asOwnPolicy(use: FileUse, text: string): PolicySource {
  const place = usePlace(use);
  const s = use.source;
  return { ...s, reportAt: undefined, relatedAt: undefined, filePath: undefined, placeOf: undefined, relatedOf: () => [place], writer: templateWriter(s.writer, text) };
}

/**
 * A writer for a template's policy that refuses an edit over a `${...}` or `%{...}` of the template: the text
 * there is Terraform's, and a value rendered from it is the caller's, not something to write in its place.
 */
export function templateWriter(inner: PolicyWriter, text: string): PolicyWriter {
  return {
    write(ops) {
      const edits = inner.write(ops);
      return edits?.some((e) => /[$%]\{/.test(text.slice(e.start, e.end))) ? undefined : edits;
    },
  };
}
