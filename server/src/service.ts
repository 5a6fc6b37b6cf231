/**
 * The engine's one entry point. A host (the language server, the command line, the benchmark, a test) makes
 * an instance with `createKeyscope({ host, settings })` and asks it everything: analyses, hovers, completions,
 * code actions, fix-all, the access matrices. An instance owns what analyses keep for the next ones (see
 * `state.ts`): the language server keeps one per workspace folder, so the folders of a multi-root workspace
 * never share it; the command line one per workspace root of a run. Hosts import this module, the settings
 * contract (`settings.ts`) and the generator (`generate/`), and nothing else of the engine: what they need
 * besides an instance is re-exported at the end of this file.
 */
import { diffMatrices, evaluate, missingRows, type AccessMatrix, type CellChange, type KeyGrant, type KeyIam } from './access';
import { analysisSteps, analyze as analyzeDocument, isTemplatePath, syntaxOf, type Analysis, type AnalysisStep, type AnalyzeInput } from './analyze';
import { completeAt } from './features/completion';
import { disableForLine } from './features/disable';
import { fixableCount, fixAllEdits, fixAllSafeEdits, preferredFix } from './features/fix-all';
import { hoverAt } from './features/hover';
import { inlayHintsIn, type InlayHintResult } from './features/inlay-hints';
import { insertionAt, type InsertionPlace } from './features/insertion';
import type { CompletionResult, HoverResult } from './features/types';
import type { Host } from './host';
import type { PolicySource, Span, TextEdit } from './policy/model';
import { sidText } from './policy/statement-name';
import type { Finding } from './rules/types';
import { DEFAULT_SETTINGS, type KeyscopeSettings } from './settings';
import { InstanceState, runIn } from './state';
import { initTerraform, isJsonVariableFile, nearTerraform } from './terraform';
import type { KeyFacts } from './catalog/key-spec';
import { addressOf, keyFactsOf, referencedKey } from './terraform/module/keys';
import { KEY_POLICY_ACTIONS } from './catalog';
import { moduleIndex } from './terraform/module/module-index';
import { workspaceIam, type ProviderAccount, type WorkspaceIam } from './terraform/iam/workspace-iam';

export interface KeyscopeOptions {
  /**
   * File access for what a document reads beyond its own text (the other files of a Terraform module, a
   * `file()` policy), confined to one workspace folder. Without one, only the document's own text is read.
   */
  host?: Host;
  /** Settings for documents analysed without their own. Default: `DEFAULT_SETTINGS`. */
  settings?: KeyscopeSettings;
}

/** A document to analyse; the instance supplies the host, and the settings when the document has none. */
export type DocumentInput = Omit<AnalyzeInput, 'host'>;

/** The effective access of one key policy of a document. */
export interface KeyAccess {
  source: PolicySource;
  matrix: AccessMatrix;
  /** Where a summary of the policy belongs (a CodeLens): the owning Terraform resource's header, else the policy. */
  anchor: Span;
  /** Each statement's Sid, or `statement N`, by statement index. */
  statementLabels: string[];
}

/**
 * A code action in document offsets: a fix of one finding (`finding` is its index in the findings asked
 * about), or every fix of one rule in the document (`finding` absent).
 */
export interface CodeActionResult {
  title: string;
  edits: TextEdit[];
  finding?: number;
  preferred?: boolean;
}

export interface Keyscope {
  /** Loads what analysing this document needs (the HCL grammar for Terraform); await it before `analyze`. */
  prepare(path: string, languageId?: string): Promise<void>;
  /** The document's policies and findings. */
  analyze(doc: DocumentInput): Analysis;
  /**
   * The same analysis in steps, for a host that answers other requests while a large document is analysed
   * (see `AnalysisSteps`).
   */
  analyzeInSteps(doc: DocumentInput): AnalysisSteps;
  hover(analysis: Analysis, offset: number): HoverResult | undefined;
  complete(analysis: Analysis, offset: number): CompletionResult[];
  /** Inlay hints in `range`: account names beside account ids, what `kms:*` amounts to for non-root principals. */
  inlayHints(analysis: Analysis, range: Span): InlayHintResult[];
  /**
   * What generated content fits at `offset` (statements in a statement list, blocks at the top level of a .tf
   * file, a policy in an empty JSON document), for "New key policy…"; `unit`: the editor's indentation step,
   * used when the document shows none.
   */
  insertion(analysis: Analysis, offset: number, unit?: string): InsertionPlace | undefined;
  /**
   * The quick fixes of `findings` (findings of `analysis`, in the order asked), each followed, the first time
   * its rule is met, by "fix all" of that rule when more than one of its findings in the document can be fixed.
   */
  codeActions(analysis: Analysis, findings: readonly Finding[]): CodeActionResult[];
  /**
   * What "fix all" on save applies: the safe fix of every finding (never a suggestion), checked by analysing
   * the result of `doc` (the input `analysis` was made from) so that it introduces no error; overlapping ones
   * left out.
   */
  fixAll(analysis: Analysis, doc: DocumentInput): TextEdit[];
  /**
   * The access matrix of every key policy of the document, with what-if rows for `whatIf`: the same principals
   * for every key, or each key's own (by the policy's name, `aws_kms_key.app` or the file name).
   */
  access(analysis: Analysis, options?: { whatIf?: WhatIf; settings?: KeyscopeSettings }): KeyAccess[];
  /** Frees what the instance keeps (parse trees live in wasm memory); it cannot be used afterwards. */
  dispose(): void;
}

/**
 * An analysis run a step at a time (`analysisSteps` in analyze.ts): `step()` runs the next one and returns
 * true once the analysis is complete. `extracted` is the analysis as soon as its policies are known (enough
 * for hovers and completions; its findings are still being made), `result` the complete one. A host that no
 * longer needs it calls `cancel()`: what the unfinished analysis holds (parse trees) is released.
 */
export interface AnalysisSteps {
  step(): boolean;
  /** Stops the analysis for good (nothing once it is complete); `step()` then returns true with no `result`. */
  cancel(): void;
  readonly extracted: Analysis | undefined;
  readonly result: Analysis | undefined;
}

export function createKeyscope(options: KeyscopeOptions = {}): Keyscope {
  const state = new InstanceState();
  const defaults = options.settings ?? DEFAULT_SETTINGS;
  const run = <T>(fn: () => T): T => runIn(state, fn);
  // Analyses in steps begun and not finished: disposing the instance stops them, releasing what they hold.
  const unfinished = new Set<AnalysisSteps>();
  return {
    prepare: (path, languageId) =>
      syntaxOf(path, languageId) === 'terraform' || isTemplatePath(path) || isJsonVariableFile(path) || (syntaxOf(path, languageId) === 'json' && options.host && nearTerraform(path, options.host)) ? initTerraform() : Promise.resolve(),
    analyze: (doc) => run(() => analyzeDocument({ ...doc, settings: doc.settings ?? defaults, host: options.host })),
    analyzeInSteps: (doc) => {
      const steps = analysisSteps({ ...doc, settings: doc.settings ?? defaults, host: options.host });
      let stopped = false;
      const out = {
        extracted: undefined as Analysis | undefined,
        result: undefined as Analysis | undefined,
        cancel: () => {
          if (stopped || out.result !== undefined) return;
          stopped = true;
          unfinished.delete(out);
          run(() => void steps.return(undefined as never));
        },
        step: () =>
          stopped ||
          out.result !== undefined ||
          run(() => {
            unfinished.add(out);
            let r: IteratorResult<AnalysisStep, Analysis>;
            try {
              r = steps.next();
            } catch (e) {
              unfinished.delete(out); // a generator that threw is finished
              stopped = true;
              throw e;
            }
            if (r.done) {
              unfinished.delete(out);
              out.result = out.extracted = r.value;
              return true;
            }
            const step = r.value as AnalysisStep; // `done` does not narrow it in every project that compiles this file
            if (step.kind === 'extracted') out.extracted = step.analysis;
            return false;
          }),
      };
      return out;
    },
    hover: (analysis, offset) => run(() => hoverAt(analysis, offset)),
    complete: (analysis, offset) => run(() => completeAt(analysis, offset)),
    inlayHints: (analysis, range) => run(() => inlayHintsIn(analysis, range)),
    insertion: (analysis, offset, unit) => run(() => insertionAt(analysis, offset, unit)),
    codeActions: (analysis, findings) => run(() => codeActionsOf(analysis, findings)),
    fixAll: (analysis, doc) =>
      run(() => fixAllSafeEdits(analysis.text, analysis.findings, (text) => analyzeDocument({ ...doc, text, settings: doc.settings ?? defaults, host: options.host }).findings)),
    access: (analysis, opts = {}) => run(() => accessOf(analysis, opts.settings ?? analysis.settings ?? defaults, opts.whatIf ?? [])),
    dispose: () => {
      for (const steps of [...unfinished]) steps.cancel();
      state.dispose();
    },
  };
}

function codeActionsOf(analysis: Analysis, findings: readonly Finding[]): CodeActionResult[] {
  const out: CodeActionResult[] = [];
  const seenRules = new Set<string>();
  findings.forEach((f, i) => {
    // Only the safe fix is preferred (the lightbulb's default, and what editors may apply by themselves);
    // suggestions change who can do what and are applied only when chosen.
    const preferred = preferredFix(f);
    for (const fix of f.fixes) out.push({ title: fix.title, edits: fix.edits, finding: i, preferred: fix === preferred });
    const disable = disableForLine(analysis, f);
    if (disable) out.push({ ...disable, finding: i, preferred: false });
    if (!preferred || seenRules.has(f.ruleId)) return;
    const n = fixableCount(analysis.findings, f.ruleId);
    if (n <= 1) return;
    seenRules.add(f.ruleId);
    out.push({ title: `Fix all ${n} ${f.ruleId} problems in this file`, edits: fixAllEdits(analysis.findings, f.ruleId) });
  });
  return out;
}

/** What-if principals: the same for every key of a document, or each key's own by its policy's name. */
export type WhatIf = readonly string[] | Readonly<Record<string, readonly string[]>>;

function accessOf(analysis: Analysis, settings: KeyscopeSettings, whatIf: WhatIf): KeyAccess[] {
  const whatIfOf = (name: string): string[] => [...(isList(whatIf) ? whatIf : Object.hasOwn(whatIf, name) ? whatIf[name] : [])];
  return analysis.sources
    .filter((s) => s.keyPolicy && !s.echo)
    .map((source) => ({
      source,
      matrix: evaluate(source, { whatIf: whatIfOf(source.name), settings, key: keyOf(analysis, source), grants: grantsOf(analysis, source), iam: iamOf(analysis, source), deployAccount: deployAccountOf(analysis, source) }),
      anchor: anchorOf(analysis, source),
      statementLabels: labelsOf(source),
    }));
}

const isList = (w: WhatIf): w is readonly string[] => Array.isArray(w);

/**
 * The `aws_kms_grant` resources of the module on the key a policy belongs to. A grantee written as a reference
 * to a role or user of the module is its ARN; another expression is a grantee not known (a row of its own).
 * Operations written as an expression leave which operations it allows unknown. Constraints are read in the
 * grant's own file.
 */
function grantsOf(analysis: Analysis, source: PolicySource): KeyGrant[] {
  if (!source.owner || !analysis.terraform) return [];
  const index = moduleIndex(analysis.terraform.file);
  const keys = index.keysOf(source.owner);
  if (keys.length !== 1) return [];
  const key = addressOf(keys[0]);
  const out: KeyGrant[] = [];
  for (const { block, file } of index.all) {
    if (block.blockType !== 'resource' || block.type !== 'aws_kms_grant') continue;
    const attr = (name: string) => block.attributes.find((a) => a.name === name);
    if (referencedKey(attr('key_id')) !== key) continue;
    const granteeAttr = attr('grantee_principal');
    if (!granteeAttr) continue;
    const literal = typeof granteeAttr.literal === 'string' ? granteeAttr.literal : undefined;
    const grantee = literal ?? workspacePrincipalArn(analysis, granteeAttr.expr.trim());
    const ops = attr('operations')?.expr.trim() ?? '';
    const names = new Set(KEY_POLICY_ACTIONS.map((a) => a.name));
    const operations = LITERAL_LIST.test(ops) ? [...ops.matchAll(QUOTED)].map((m) => m[1]).filter((op) => names.has(op)) : [];
    const retiring = attr('retiring_principal')?.literal;
    const text = file === analysis.terraform.file ? analysis.text : analysis.reads?.readFile(file.path);
    const constrained = text === undefined ? undefined : CONSTRAINTS.test(text.slice(block.bodyStart, block.bodyEnd));
    out.push({
      address: addressOf(block),
      grantee: grantee ?? '${' + granteeAttr.expr.trim() + '}',
      ...(grantee === undefined ? { symbolic: true } : {}),
      operations,
      ...(ops && !LITERAL_LIST.test(ops) ? { operationsUnknown: ops } : {}),
      constrained,
      ...(typeof retiring === 'string' ? { retiringPrincipal: retiring } : {}),
    });
  }
  return out;
}

/** The ARN of the module's role or user a reference names (`aws_iam_role.app.arn`), as its row reads it. */
function workspacePrincipalArn(analysis: Analysis, expr: string): string | undefined {
  const m = /^(aws_iam_(?:role|user)\.[\w-]+)\.arn$/.exec(expr);
  return m ? workspaceOf(analysis)?.principals.find((p) => !p.folder && p.address === m[1])?.arn : undefined;
}

/** The IAM side of the workspace, from the module of a Terraform key's policy, read once per analysis. */
function workspaceOf(analysis: Analysis): WorkspaceIam | undefined {
  if (!analysis.terraform) return undefined;
  let workspace = iamMemo.get(analysis);
  if (!workspace) iamMemo.set(analysis, (workspace = workspaceIam(analysis.path, analysis.text, analysis.reads)));
  return workspace;
}

function iamOf(analysis: Analysis, source: PolicySource): KeyIam | undefined {
  const workspace = workspaceOf(analysis);
  if (!workspace || !analysis.terraform || (workspace.principals.length === 0 && workspace.scps.length === 0)) return undefined;
  const keys = source.owner ? moduleIndex(analysis.terraform.file).keysOf(source.owner) : [];
  return { workspace, key: keys.length === 1 ? addressOf(keys[0]) : undefined };
}

const iamMemo = new WeakMap<Analysis, WorkspaceIam>();

/** The account the provider of a Terraform key states (its `provider = aws.x`, else the default `aws`). */
function deployAccountOf(analysis: Analysis, source: PolicySource): ProviderAccount | undefined {
  const workspace = workspaceOf(analysis);
  if (!workspace?.providers?.size || !source.owner) return undefined;
  const keys = moduleIndex(analysis.terraform!.file).keysOf(source.owner);
  if (keys.length !== 1) return undefined;
  const provider = keys[0].attributes.find((a) => a.name === 'provider')?.expr.trim() ?? 'aws';
  return workspace.providers.get(provider);
}

const LITERAL_LIST = /^\[\s*(?:"[A-Za-z]+"\s*(?:,\s*)?)*\]$/;
const QUOTED = /"([A-Za-z]+)"/g;
const CONSTRAINTS = /^[ \t]*constraints[ \t]*\{/m;

/** What the Terraform key a policy belongs to says of itself (its type...), when the policy is one key's. */
function keyOf(analysis: Analysis, source: PolicySource): KeyFacts | undefined {
  if (!source.owner || !analysis.terraform) return undefined;
  const keys = moduleIndex(analysis.terraform.file).keysOf(source.owner);
  return keys.length === 1 ? keyFactsOf(keys[0]) : undefined;
}

function anchorOf(analysis: Analysis, source: PolicySource): Span {
  const owner = source.owner && analysis.terraform?.file.resources.find((r) => `${r.type}.${r.name}` === source.owner);
  return owner ? owner.headerSpan : source.reportAt ?? source.span;
}

function labelsOf(source: PolicySource): string[] {
  return source.policy.statements.map((s) => sidText(s) ?? `statement ${s.index + 1}`);
}

/** A key policy of an analysis, as `accessKeys` finds it, for `diffAccess`. */
export interface KeyRef extends KeyAccess {
  /** The key within its document: the owning resource's address, else `policy N` (1-based). */
  id: string;
  instance: Keyscope;
  analysis: Analysis;
  /** Its index among `instance.access(analysis)`'s results. */
  index: number;
  settings?: KeyscopeSettings;
}

/** The key policies of an analysis (those with a statement list), each with its id within the document. */
export function accessKeys(instance: Keyscope, analysis: Analysis, settings?: KeyscopeSettings): KeyRef[] {
  const out: KeyRef[] = [];
  let n = 0;
  instance.access(analysis, { settings }).forEach((a, index) => {
    if (!a.source.policy.root) return;
    n++;
    out.push({ ...a, id: a.source.owner ?? `policy ${n}`, instance, analysis, index, settings });
  });
  return out;
}

/**
 * What changed in who can do what with one key, from `before` to `after` (either absent: the key was added or
 * removed). A principal named on one side only is evaluated on the other side as a what-if row of that side's
 * policy, so that "not named" is never read as "no access".
 */
export function diffAccess(before: KeyRef | undefined, after: KeyRef | undefined): CellChange[] {
  const withRows = (k: KeyRef, ids: string[]): AccessMatrix =>
    ids.length ? k.instance.access(k.analysis, { whatIf: ids, settings: k.settings })[k.index]?.matrix ?? k.matrix : k.matrix;
  return diffMatrices(before && withRows(before, missingRows(after?.matrix, before.matrix)), after && withRows(after, missingRows(before?.matrix, after.matrix)));
}

// What hosts need besides an instance: the engine's vocabulary and a few pure helpers.
export { isPolicyCandidate, isUnsettled, syntaxOf, type Analysis } from './analyze';
export { changeWeight, describeChange, describeCondition, type AccessMatrix, type CellChange, type CellValue, type PrincipalRow } from './access';
export { actionsOfCapability, CAPABILITIES, CAPABILITY_LABELS, KEY_POLICY_ACTIONS, type Capability } from './catalog';
export { REPOSITORY_URL, ruleDocsUrl } from './docs';
export type { CompletionKind, CompletionResult, HoverResult } from './features/types';
export type { InlayHintResult } from './features/inlay-hints';
export type { InsertionPlace } from './features/insertion';
export type { FileReads, Host, ReadResult, VariableInput } from './host';
export { readVarFile, VAR_FILE_MAX_CHARS } from './terraform/module/var-files';
export { readBounded } from './node-host';
export { tooLargeMessage } from './rules/analysis-limit';
export { moduleCallerFiles, parserFailures } from './terraform';
// The browser's bundles take runtime.web.ts in place of runtime.ts (its Node.js twin does nothing here).
export { useWasmFiles } from './terraform/syntax/runtime';
export { nodeHost, withReadCache } from './node-host';
export { GitError, gitHost, listRevisions, listTree, listWorkTree, repositoryTop, resolveCommit, type Revision } from './git-host';
export type { PolicySource, Span, TextEdit } from './policy/model';
export { findRule, RULES, SETTINGS_CHECKS } from './rules';
export type { Finding, Severity } from './rules/types';
export { LineIndex, type Position } from './text';
