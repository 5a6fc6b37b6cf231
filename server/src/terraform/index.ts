import type { PolicySource } from '../policy/model';
import { buildPolicy, hasPrincipals } from '../policy/build';
import { JsonWriter } from '../policy/json-writer';
import { parseTemplate } from './extract/file-ref';
import { FileReads, readsOf, type Host } from '../host';
import { callersOfModules } from './module/callers';
import { DEFAULT_SETTINGS } from '../settings';
import { instanceState } from '../state';
import { holdingSteps, withParses } from './syntax/cache';
import { finish, PAUSE, type Steps } from '../steps';
import { extractPolicySteps, type CalledKey, type ExtractNote } from './extract/extract';
import { jsonValueSpans, jsonVariableFilePolicies } from './extract/var-file-json';
import { asOwnPolicy, fileUses, templateWriter, usePlace } from './extract/file-uses';
export { nearTerraform } from './extract/file-uses';
import { extractPolicies, variableFileEchoes } from './extract/extract';
import type { RelatedPlace } from '../policy/model';
export { isJsonVariableFile } from './extract/var-file-json';
import type { TerraformFile } from './model';
import { siblingsOf } from './module/files';
import { initParser } from './syntax/parser';
import { BoundedMap, GenerationMap } from '../cache';
export { ParserFailure, parserFailures, parserReady } from './syntax/parser';
import { resourceBlocks, type BlockTable } from './syntax/resources';
import type { BuildTable } from './extract/build-memo';
import type { HeadTable } from './syntax/top-blocks';
import { ModuleScope, moduleFile, moduleFileSteps } from './module/scope';
import { suppressionsOf, type Suppressions } from './syntax/suppress';
import { describeReference } from './eval/describe';
import { utf8Length } from '../text';

export interface TerraformExtraction {
  file: TerraformFile;
  sources: PolicySource[];
  /** `# keyscope-ignore` comments: rule ids suppressed per line. */
  suppressions: Suppressions;
  /** What the user should know about the analysis of the file (a module call whose module is not downloaded). */
  notes: ExtractNote[];
  /** The keys its module calls create, their settings evaluated with the call's values (resource rules). */
  calledKeys: CalledKey[];
}

/** Loads the HCL grammar. Must be awaited once before `extractTerraform` is used. */
export async function initTerraform(): Promise<void> {
  await initParser();
}

/**
 * Every key policy of a .tf file, spans mapped into the .tf text, and its resources. The parse is cached per
 * path, so the next call for the same document after an edit re-parses incrementally. Other files (of the
 * module, `file()` targets) are read through `host`, capped at the default size limit unless `host` is the
 * `FileReads` of an analysis, which carries the limit of its settings.
 */
export function extractTerraform(text: string, path: string, hostOrReads?: Host | FileReads): TerraformExtraction {
  return finish(extractTerraformSteps(text, path, hostOrReads));
}

/**
 * `extractTerraform` in steps (steps.ts): the parse is one step, then the file's blocks are read and its
 * policies built a few at a time. The parse trees it obtains stay alive across its pauses until it ends, or
 * until a host that stops it early calls its `return()`.
 */
export function extractTerraformSteps(text: string, path: string, hostOrReads?: Host | FileReads): Steps<TerraformExtraction> {
  return holdingSteps(() => extractionSteps(text, path, hostOrReads));
}

function* extractionSteps(text: string, path: string, hostOrReads?: Host | FileReads): Steps<TerraformExtraction> {
  const host = hostOrReads && readsOf(hostOrReads, DEFAULT_SETTINGS.limits.maxFileSizeKB * 1024);
  // What the last extraction of this path read from parts of the file whose text has not changed is reused.
  const tables = kept().peek(path) ?? newTables();
  const parsed = yield* moduleFileSteps(path, text, tables.heads);
  yield PAUSE;
  const file: TerraformFile = { path, resources: yield* resourceBlocks(parsed.blocks, text, tables.blocks) };
  if (parsed.root.hasError) file.broken = true;
  if (host) file.siblings = siblingsOf(path, host);
  const scope = new ModuleScope(parsed, host);
  const notes: ExtractNote[] = [];
  const keys: CalledKey[] = [];
  const sources = yield* extractPolicySteps(parsed, scope, host, tables.builds, { notes, keys });
  // What this extraction used is what the next one may reuse; the rest is dropped.
  tables.heads.rotate();
  tables.blocks.rotate();
  tables.builds.rotate();
  kept().set(path, tables, text.length);
  return { file, sources, suppressions: suppressionsOf(parsed.root, text), notes, calledKeys: keys };
}

/**
 * Documents whose extraction tables are kept for the next analysis, and their total length: the most recently
 * analysed go first, the last one always stays. Keeping many large documents made every garbage collection
 * slower than the reuse saves; keeping many small ones costs memory in a large workspace while only the few
 * being edited profit (eight keep the server's memory on a 1,000-file workspace as it was without reuse).
 * The findings memo keeps the same documents' reports.
 */
export const DOCUMENTS_KEPT = 8;
export const DOCUMENT_CHARS_KEPT = 400_000;

/**
 * Entries of one table of one document (top-level blocks, resource blocks or built policies). A .tf file has
 * far fewer top-level blocks than 5,000, so a table holds what the last analysis used; a document with more
 * keeps at least its last 5,000 for the next analysis, and the others are read again.
 */
export const TABLE_MAX = 10_000;

interface Tables {
  heads: HeadTable;
  blocks: BlockTable;
  builds: BuildTable;
}

// Per engine instance (see `state.ts`).
const kept = instanceState(() => new BoundedMap<string, Tables>({ max: DOCUMENTS_KEPT, maxWeight: DOCUMENT_CHARS_KEPT, name: 'terraform.kept' }));

function newTables(): Tables {
  return {
    heads: new GenerationMap({ max: TABLE_MAX, name: 'terraform.heads' }),
    blocks: new GenerationMap({ max: TABLE_MAX, name: 'terraform.blocks' }),
    builds: new GenerationMap({ max: TABLE_MAX, name: 'terraform.builds' }),
  };
}

/**
 * A Terraform variable file written in JSON (`terraform.tfvars.json`, `*.auto.tfvars.json`): the values a key of
 * its module takes as its whole policy (`policy = jsonencode(var.key_policy)`), each a key policy whose spans
 * are in this file; and the module's other policies as far as a finding of theirs is caused by a value set here
 * (reported at the value, `echo`). Requires `initTerraform()`.
 */
export function jsonVariableFile(text: string, path: string, hostOrReads: Host | FileReads): PolicySource[] {
  const host = readsOf(hostOrReads, DEFAULT_SETTINGS.limits.maxFileSizeKB * 1024);
  return withParses(() => {
    const own = jsonVariableFilePolicies(text, path, host);
    // What the module's .tf files make of the other values set here: a finding they cause is reported here too.
    return [...own, ...variableFileEchoes(path, jsonValueSpans(text), host, new Set(own.map((s) => s.owner!)))];
  });
}

/**
 * A Terraform template file (`.tpl`, `.tftpl`, `.json.tpl`) read on its own, as a policy: its `${...}` parts and
 * bare placeholders (`"AWS": ${src_accounts}`) stay symbolic, so no rule judges what a caller fills in.
 * Requires `initTerraform()`.
 */
export function templatePolicy(text: string, name: string): PolicySource {
  const { root, errors } = parseTemplate(text);
  const policy = buildPolicy(root);
  return { kind: 'json', name, policy, span: root?.span ?? { start: 0, end: text.length }, keyPolicy: hasPrincipals(policy), syntaxErrors: errors, writer: templateWriter(new JsonWriter(text), text), byteLength: utf8Length(text) };
}

/**
 * How the .tf files of the workspace read a policy file or a template (`path`, whose text as analysed is
 * `text`; `reads` must answer that text for it): `rendered`, the template as each use renders it with its
 * call's values (its spans in `text`, each finding pointing at the use); `places`, where each use is. Empty
 * when no .tf file in its folder or the folders above reads it. Requires `initTerraform()`.
 */
export function policyFileUses(path: string, text: string, reads: FileReads): PolicyFileUses {
  return withParses(() => {
    const uses = fileUses(path, reads, (f) => extractPolicies(f, new ModuleScope(f, reads), reads, undefined, { calls: false }));
    const feeds = uses.every((u) => u.source.feeds) ? uses[0]?.source.feeds : undefined;
    return { rendered: uses.map((u) => asOwnPolicy(u, text)), places: uses.map(usePlace), feeds };
  });
}

/**
 * The .tf files of the workspace that call any of the modules in `dirs` (local sources), each with the modules
 * it calls among them: the workspace walked once, breadth first (`callersOfModules` and its bounds).
 */
export async function moduleCallerFiles(dirs: ReadonlySet<string>, host: Host): Promise<{ path: string; modules: string[] }[]> {
  await initTerraform();
  const reads = new FileReads(host, DEFAULT_SETTINGS.limits.maxFileSizeKB * 1024);
  return withParses(() => {
    const byFile = new Map<string, Set<string>>();
    for (const c of callersOfModules(dirs, reads)) {
      const got = byFile.get(c.file.path) ?? new Set<string>();
      got.add(c.module);
      byFile.set(c.file.path, got);
    }
    return [...byFile].map(([path, modules]) => ({ path, modules: [...modules] }));
  });
}

export interface PolicyFileUses {
  rendered: PolicySource[];
  places: RelatedPlace[];
  /** Set when every use passes the file to something else (a module's argument): the file is a fragment. */
  feeds?: PolicySource['feeds'];
}

/**
 * What a hover on a `var.`, `local.` or `module.` reference of a .tf document says (its description, default
 * and the value it takes in this workspace, with where that comes from); undefined elsewhere.
 */
export function hoverTerraformReference(text: string, path: string, reads: FileReads | undefined, offset: number): { markdown: string; span: { start: number; end: number } } | undefined {
  return withParses(() => describeReference(moduleFile(path, text), reads, offset));
}
