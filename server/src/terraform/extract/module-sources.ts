import { basename } from 'node:path';
import type { PolicySource, RelatedPlace, Span } from '../../policy/model';
import { LineIndex } from '../../text';
import { FileReads, type SkippedRead } from '../../host';
import { ModuleValues } from '../eval/module-values';
import type { ModuleInstance } from '../eval/module-calls';
import { isLocalSource, missingMessage, moduleCallsOf, type ModuleCall } from '../module/calls';
import { ModuleScope, type ModuleFile } from '../module/scope';
import { blockAttribute, spanOf } from '../syntax/hcl';
import { evaluatedKeys, placedKeys, type CalledKey, type EvaluatedKey } from './called-keys';
import { BoundedMap } from '../../cache';
import { instanceState } from '../../state';
import { variablesRead } from './variables-read';

/** Something the user should know about a file's analysis, at a place of the file. */
export interface ExtractNote {
  message: string;
  span: Span;
}

/** The policies of one file of a called module, extracted with the values of one instance. */
export type ExtractModuleFile = (file: ModuleFile, values: ModuleValues, notes: ExtractNote[], calls: boolean, host?: FileReads) => PolicySource[];

/** Characters of a finding's text searched for the variables it reads. */
const SCAN_MAX = 4_000;

/**
 * The key policies of the modules a file calls, each evaluated with its instance's arguments (`count` and
 * `for_each` expanded), reported at the call: a finding caused by a value the caller gives is reported at the
 * argument that gives it, one caused by a variable's default at the call, each with the place in the module it
 * comes from. What depends on nothing the caller gives is the module's own finding, reported in the module's
 * file (unless the module is one `terraform init` downloaded: nobody edits or lints it, so the call reports
 * it). A call whose module cannot be read gives one note at its `source`.
 */
export function calledModuleSources(file: ModuleFile, values: ModuleValues, host: FileReads, notes: ExtractNote[], extract: ExtractModuleFile, keys?: CalledKey[]): PolicySource[] {
  const out: PolicySource[] = [];
  for (const call of moduleCallsOf(file.blocks)) {
    const followed = values.followed(call.name);
    if (!followed) continue;
    const header = headerOf(call);
    if ('missing' in followed) {
      if (followed.missing !== 'cycle' && followed.missing !== 'too-deep') {
        const source = blockAttribute(call.block, 'source');
        notes.push({ message: missingMessage(call.name, followed.missing), span: source ? spanOf(source.node) : header });
      }
      continue;
    }
    const local = call.source !== undefined && isLocalSource(call.source);
    const texts = followed.instances[0]?.texts ?? [];
    // What a module builds depends on its texts and the call's values only, unless it calls modules itself.
    const moduleKey = texts.some((t) => CALLS_A_MODULE.test(t.text)) ? undefined : moduleKeyOf(followed.dir, texts);
    followed.instances.forEach((instance, i) => {
      const built = builtFor(moduleKey, instance, extract);
      const alone = aloneOf(moduleKey, instance, host, extract);
      for (const part of built.parts) {
        if (keys) keys.push(...placedKeys(part.keys, call, instance.address, part.file, file.path, header, place));
        for (const s of part.sources) {
          const w = wrap(s, call, instance, part.file, file, header, followed.repeated);
          w.built = s;
          if (local && !s.placeOf) w.alone = () => alone(part.file.path).find((x) => x.name === s.name && x.span.start === s.span.start);
          out.push(w);
        }
      }
      // A nested call that cannot be read is said once, at this call.
      if (i === 0) for (const n of built.notes) if (!notes.some((x) => x.message === n.message)) notes.push({ message: n.message, span: header });
    });
  }
  return out;
}

/** A module file that calls another module: what it builds depends on more than its own texts. */
const CALLS_A_MODULE = /^\s*module\s+"/m;

/** What the instance of a module builds: per file, its policies and keys; notes about its own calls. */
interface Built {
  /** The module texts it was built from (a hash names the entry; these confirm it). */
  texts: string[];
  parts: { file: { path: string; text: string }; sources: PolicySource[]; keys: EvaluatedKey[] }[];
  notes: ExtractNote[];
}

/**
 * What module instances built, by the module's folder and texts and the values of the call's arguments: an
 * edit elsewhere (in the calling file, in another module) builds nothing of an unchanged module again. A
 * workspace's root modules call a few hundred module instances; each entry holds a module's few policies.
 */
export const CALLED_BUILDS_KEPT = 1_000;
/** Characters of module text the kept builds were made from, at most (about 40 MB of models). */
export const CALLED_BUILD_CHARS_KEPT = 20_000_000;

const builds = instanceState(() => new BoundedMap<string, Built>({ max: CALLED_BUILDS_KEPT, maxWeight: CALLED_BUILD_CHARS_KEPT, weigh: (b) => b.parts.reduce((n, p) => n + p.file.text.length, 0), name: 'terraform.calledBuilds' }));

/** The same files with the same texts (a hash names a kept entry; this confirms it). */
function sameFiles(kept: { path: string; text: string }[], files: { path: string; text: string }[]): boolean {
  return kept.length === files.length && kept.every((t, i) => t.path === files[i].path && t.text === files[i].text);
}

function sameTexts(kept: string[], texts: { text: string }[]): boolean {
  return kept.length === texts.length && kept.every((t, i) => t === texts[i].text);
}

function builtFor(moduleKey: string | undefined, instance: ModuleInstance, extract: ExtractModuleFile): Built {
  const key = moduleKey && builtKey(moduleKey, instance.argsKey());
  const hit = key ? builds().get(key) : undefined;
  if (hit && sameTexts(hit.texts, instance.texts)) return hit;
  const notes: ExtractNote[] = [];
  const parts = instance.files().map((f, i) => ({
    file: instance.texts[i],
    keys: evaluatedKeys(instance, f),
    sources: extract(f, instance.values as ModuleValues, notes, true),
  }));
  const built = { texts: instance.texts.map((t) => t.text), parts, notes };
  if (key) builds().set(key, built);
  return built;
}

/**
 * The module's own policies (its variables unknown, as its own files read them), per file path: made on first
 * need. They depend on the module's texts and on what their extraction reads besides (a variable file of the
 * folder, a `.terraform` folder, a `file()` target), not on the call's values: kept per module key (its
 * folder and texts) with those reads, and used again while each read gives what it gave. A module that calls
 * modules itself has no key, and its policies are made for each instance.
 */
function aloneOf(moduleKey: string | undefined, instance: ModuleInstance, host: FileReads, extract: ExtractModuleFile): (path: string) => PolicySource[] {
  let made: Map<string, PolicySource[]> | undefined;
  return (path) => {
    if (!made) {
      const key = moduleKey && aloneKey(moduleKey, host);
      const hit = key ? alones().get(key) : undefined;
      if (hit && sameFiles(hit.texts, instance.texts) && replayed(hit.reads, host)) made = hit.alone;
      else {
        const reads = new RecordedReads(host);
        const files = instance.files();
        const own = new ModuleValues(new ModuleScope(files[0], reads), reads);
        made = new Map(files.map((f) => [f.path, extract(f, own, [], false, reads)]));
        if (key) alones().set(key, { texts: instance.texts, alone: made, reads: reads.log });
      }
    }
    return made.get(path) ?? [];
  };
}

/**
 * The module's own policies kept per module (`aloneOf`): the modules a workspace's callers call, each a few
 * policies; bounded by the module text they were made from like the builds.
 */
export const ALONE_KEPT = 1_000;

const alones = instanceState(
  () =>
    new BoundedMap<string, { texts: { path: string; text: string }[]; alone: Map<string, PolicySource[]>; reads: Read[] }>({
      max: ALONE_KEPT,
      maxWeight: CALLED_BUILD_CHARS_KEPT,
      weigh: (e) => e.texts.reduce((n, t) => n + t.text.length, 0),
      name: 'terraform.calledAlone',
    }),
);

/** Key of a module's kept own policies: the module's key, and what the analysis reads its files with. */
export function aloneKey(moduleKey: string, reads: { maxBytes: number; varFiles: readonly string[] }): string {
  return `${moduleKey}\u0000${reads.maxBytes}\u0000${reads.varFiles.join('\u0000')}`;
}

/** One read an extraction made through the host, with what it gave. */
type Read = { file: string; at?: Span; text: string | undefined } | { dir: string; names: string[] } | { skipped: SkippedRead };

/** The reads of an extraction through `outer` (which sees each of them too), in order, with what each gave. */
class RecordedReads extends FileReads {
  readonly log: Read[] = [];

  constructor(private readonly outer: FileReads) {
    super({ read: () => ({ missing: true }), listDir: () => [], workspaceRoot: outer.workspaceRoot, variableInputs: outer.variableInputs }, outer.maxBytes);
    this.varFiles = outer.varFiles;
  }

  override readFile(path: string, at?: Span): string | undefined {
    const text = this.outer.readFile(path, at);
    this.log.push({ file: path, at, text });
    return text;
  }

  override skip(skip: SkippedRead): void {
    this.outer.skip(skip);
    this.log.push({ skipped: skip });
  }

  override listDir(dir: string): string[] {
    const names = this.outer.listDir(dir);
    this.log.push({ dir, names: [...names] });
    return names;
  }
}

/**
 * Makes the reads of `log` again through `host` (so that they count as reads of this analysis, what a host
 * watches for changes), in order: true when each gives what it gave then.
 */
function replayed(log: Read[], host: FileReads): boolean {
  for (const r of log) {
    if ('file' in r) {
      if (host.readFile(r.file, r.at) !== r.text) return false;
    } else if ('dir' in r) {
      const names = host.listDir(r.dir);
      if (names.length !== r.names.length || names.some((n, i) => n !== r.names[i])) return false;
    } else host.skip(r.skipped);
  }
  return true;
}

/** Key of a module's kept builds: its folder and a hash of its texts. */
export function moduleKeyOf(dir: string, texts: { path: string; text: string }[]): string {
  return `${dir}\u0000${textsHash(texts)}`;
}

/** Key of one kept build: the module's key and the values of the call's arguments. */
export function builtKey(moduleKey: string, argsKey: string): string {
  return `${moduleKey}\u0000${argsKey}`;
}

/** A short hash of the module's texts (FNV-1a over every character, and their count). */
function textsHash(texts: { path: string; text: string }[]): string {
  let h = 0x811c9dc5;
  let n = 0;
  for (const t of texts) {
    for (const part of [t.path, t.text]) {
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
      n += part.length;
    }
  }
  return `${(h >>> 0).toString(36)}:${n}`;
}

function headerOf(call: ModuleCall): Span {
  const label = call.block.labelNodes[0];
  return { start: call.block.node.startIndex, end: label ? label.endIndex : call.block.node.startIndex + 6 };
}

/** Where each source's (mapped) spans lie: the module file whose text they are offsets of. */
const landsIn = new WeakMap<PolicySource, { path: string; text: string }>();
const lineIndexes = new WeakMap<{ path: string; text: string }, LineIndex>();

function place(f: { path: string; text: string }, span: Span, message: string): RelatedPlace {
  let index = lineIndexes.get(f);
  if (!index) lineIndexes.set(f, (index = new LineIndex(f.text)));
  return { path: f.path, ...index.positionAt(span.start), message };
}

/** A policy of a called module as a policy of the calling file: named by its address, reported at the call. */
function wrap(s: PolicySource, call: ModuleCall, instance: ModuleInstance, f: { path: string; text: string }, caller: ModuleFile, header: Span, repeated: boolean): PolicySource {
  const where = landsIn.get(s) ?? f;
  const inner = s.placeOf ?? (s.reportAt ? () => ({ span: s.reportAt!, related: [] }) : undefined);
  const what = `${instance.address}${repeated ? ' (each instance)' : ''}`;
  const wrapped: PolicySource = {
    ...s,
    name: `${instance.address}.${s.name}`,
    owner: s.owner && `${instance.address}.${s.owner}`,
    reportAt: header,
    filePath: s.filePath ?? f.path,
    placeOf: (at) => {
      const got = inner ? inner(at) : { span: at, related: [] };
      if (!got) return undefined;
      const related = [place(where, got.span, `in ${what}, ${basename(where.path)}`), ...got.related];
      // The argument whose variable the finding reads, else the one its statement reads (kms:* is reported
      // at the action, the principal that makes it wrong comes from the caller), else the call.
      const statement = inner ? undefined : s.policy.statements.find((st) => st.node.span.start <= at.start && at.end <= st.node.span.end)?.node.span;
      for (const span of statement ? [got.span, statement] : [got.span]) {
        for (const name of variablesRead(where.text.slice(span.start, Math.min(span.end, span.start + SCAN_MAX)))) {
          const arg = call.args.find((a) => a.name === name);
          if (arg) return { span: spanOf(arg.value), related };
        }
      }
      return { span: header, related };
    },
  };
  landsIn.set(wrapped, caller);
  return wrapped;
}

