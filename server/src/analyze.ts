import { FindingsMemo } from './findings-memo';
import { perNode } from './cache';
import { parseJsonPolicy } from './policy/json';
import { notKeyPolicyReason } from './policy/kind';
import type { Home, PolicySource, RelatedPlace, Span } from './policy/model';
import { LineIndex } from './text';
import { FileReads, withText, type Host } from './host';
import { findRule, RULES } from './rules';
import { firstLine, limitFinding, skippedReadFinding } from './rules/analysis-limit';
import type { Finding, Fix, FixSpec, PolicyRuleContext, Report, Rule, Severity, TerraformRuleContext } from './rules/types';
import { DEFAULT_SETTINGS, matchesInclude, type KeyscopeSettings } from './settings';
import { extractTerraformSteps, isJsonVariableFile, jsonVariableFile, ParserFailure, parserFailures, parserReady, policyFileUses, templatePolicy, type PolicyFileUses, type TerraformExtraction } from './terraform';
import { suppressedBy } from './terraform/syntax/suppress';
import { ignoreFindings, type RuleStanding } from './rules/unused-ignore';
import { PAUSE, type Pause } from './steps';

export interface AnalyzeInput {
  /** Absolute or workspace-relative path; decides the syntax when `languageId` is absent. */
  path: string;
  /** Path relative to the workspace folder, `/`-separated, for the include globs. Defaults to `path`. */
  relPath?: string;
  text: string;
  languageId?: string;
  settings?: KeyscopeSettings;
  host?: Host;
  /** Analyse a JSON document even when it matches no include glob (a file named on the command line). */
  force?: boolean;
  /**
   * Judge a JSON document as a key policy whatever its content (`--key-policy`). Without it, JSON that does
   * not match the include globs is a key policy only when its content reads as one (policy/kind.ts).
   */
  keyPolicy?: boolean;
}

export interface Analysis {
  path: string;
  text: string;
  syntax: 'json' | 'terraform' | 'none';
  sources: PolicySource[];
  findings: Finding[];
  terraform?: TerraformExtraction;
  /** The settings the document was analysed with (hovers use its account names). */
  settings?: KeyscopeSettings;
  /** Why a JSON document was not judged as a key policy (only rules for any policy ran on it). */
  notKeyPolicy?: string;
  /** Findings a `# keyscope-ignore` comment silences (reported as suppressed in SARIF, never counted). */
  suppressed?: Finding[];
  /** Rules that threw: the rule's findings are lost, the other rules' are kept. Hosts log these. */
  internalErrors?: string[];
  /**
   * The other files and folders the analysis read through the host (the module's .tf files, `file()`
   * targets): when one of them changes, the analysis is out of date. It grows when a later question (a
   * hover) reads more.
   */
  reads?: FileReads;
}

/**
 * True while the document is mid-edit: a policy (or, in Terraform, the file) has syntax errors, or a statement
 * lacks its Effect, Action (or NotAction), Resource (or NotResource) or, in a key policy, its Principal (or
 * NotPrincipal). Hosts that analyse as the user types hold the findings of `wholePolicy` rules meanwhile.
 */
export function isUnsettled(analysis: Analysis): boolean {
  if (analysis.terraform?.file.broken) return true;
  return analysis.sources.some(
    (s) =>
      s.syntaxErrors.length > 0 ||
      s.policy.statements.some((st) => !st.effect || !(st.action || st.notAction) || !(st.resource || st.notResource) || (s.keyPolicy && !st.principal && !st.notPrincipal)),
  );
}

export function syntaxOf(path: string, languageId?: string): 'json' | 'terraform' | 'none' {
  // A variable file is HCL too: a key policy written in it as a value is analysed there.
  if (languageId === 'terraform' || languageId === 'hcl' || languageId === 'terraform-vars' || /\.(tf|tfvars)$/i.test(path)) return 'terraform';
  // A Terraform template (`.tpl`, `.json.tpl`, `.tftpl`) that renders a policy is JSON with placeholders.
  if (languageId === 'json' || languageId === 'jsonc' || /\.json$/i.test(path) || isTemplatePath(path)) return 'json';
  return 'none';
}

/** A Terraform template file: `.tpl`, `.json.tpl`, `.tftpl`. */
export function isTemplatePath(path: string): boolean {
  return /\.(tpl|tftpl)$/i.test(path);
}

/**
 * True when a JSON document is one Keyscope analyses: it matches the include globs, or (with content
 * sniffing on) it reads like a policy that names a kms: action.
 */
export function isPolicyCandidate(relPath: string, text: string, settings: KeyscopeSettings): boolean {
  if (matchesInclude(settings, relPath)) return true;
  return settings.files.contentSniffing && /"Statement"/.test(text) && /"kms:/i.test(text);
}

/** Analyses one document: extracts its policies and runs every enabled rule on them. */
export function analyze(input: AnalyzeInput): Analysis {
  const steps = analysisSteps(input);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * What `analysisSteps` yields between its steps: `extracted` once, when the analysis has its policies (its
 * `sources`; hovers and completions need no more) and the rules are still to run; `step` (a `Pause`) between
 * slices of the extraction's and the rules' work.
 */
export type AnalysisStep = { kind: 'extracted'; analysis: Analysis } | Pause;

/**
 * Rule runs (one rule on one policy) between two steps. A step of a rule over a few dozen policies costs well
 * under a millisecond, so a host that yields to other work every few milliseconds has steps to yield at.
 */
export const POLICIES_PER_STEP = 32;

/**
 * `analyze`, in steps: a host that must stay responsive (the language server, with a .tf file of thousands of
 * keys) runs a few steps at a time and answers other requests in between. A Terraform extraction pauses every
 * few blocks (its parse is one step); each rule then runs in steps of `POLICIES_PER_STEP` policies. A host that
 * stops early (the document changed) calls the generator's `return()`: the extraction then releases the parse
 * trees it held across its pauses, and nothing is kept from an analysis that did not finish.
 */
export function* analysisSteps(input: AnalyzeInput): Generator<AnalysisStep, Analysis> {
  const settings = input.settings ?? DEFAULT_SETTINGS;
  const syntax = syntaxOf(input.path, input.languageId);
  const result: Analysis = { path: input.path, text: input.text, syntax, sources: [], findings: [], settings };
  // Turned off for this folder or these files (`keyscope.enable`, `"enable": false` in .keyscope.json).
  if (syntax === 'none' || !settings.enable) return result;
  if (syntax === 'terraform' || input.force || isPolicyCandidate(input.relPath ?? input.path, input.text, settings)) {
    const limit = settings.rules['analysis-limit'] === 'off' ? undefined : limitFinding(input.text, settings);
    if (limit) {
      result.findings.push({ ...limit, severity: (settings.rules['analysis-limit'] as Severity | undefined) ?? 'warning' });
      return result;
    }
  }
  if (syntax === 'json' && isJsonVariableFile(input.path)) {
    // A variable file in JSON: the values a key of its module takes as its policy are that key's policy, here.
    if (input.host) {
      // The module reads the file as the editor holds it: the spans of its values are this text's.
      result.reads = new FileReads(withText(input.host, input.path, input.text), settings.limits.maxFileSizeKB * 1024);
      const failures = parserFailures();
      try {
        result.sources = jsonVariableFile(input.text, input.path, result.reads);
      } catch (e) {
        if (e instanceof ParserFailure) return parserFailed(result, settings, e);
        throw e;
      }
      if (parserFailures() !== failures) return parserFailed(result, settings, new ParserFailure(FAILED_ELSEWHERE));
    }
  } else if (syntax === 'json') {
    if (!input.force && !isPolicyCandidate(input.relPath ?? input.path, input.text, settings)) return result;
    // A new, empty file (zero bytes or only white space) is no broken policy: nothing to report yet.
    if (input.text.trim() === '') return result;
    // A template read on its own: its placeholders stay symbolic (the Terraform parser reads its `${...}`).
    const source = isTemplatePath(input.path) ? templatePolicy(input.text, baseName(input.path)) : parseJsonPolicy(input.text, baseName(input.path));
    if (input.keyPolicy) source.keyPolicy = true;
    else if (!matchesInclude(settings, input.relPath ?? input.path) && source.policy.root) {
      const why = notKeyPolicyReason(source.policy);
      if (why) {
        source.keyPolicy = false;
        result.notKeyPolicy = why;
      }
    }
    result.sources = [source];
    // A policy file or a template that .tf files of the workspace read: judged as they read it (the host loads
    // the Terraform parser first when a .tf file is near: `prepare`).
    if (input.host && source.policy.root && parserReady()) {
      result.reads = new FileReads(withText(input.host, input.path, input.text), settings.limits.maxFileSizeKB * 1024);
      const failures = parserFailures();
      try {
        usedBy(result, source, policyFileUses(input.path, input.text, result.reads), isTemplatePath(input.path));
      } catch (e) {
        if (e instanceof ParserFailure) return parserFailed(result, settings, e);
        throw e;
      }
      if (parserFailures() !== failures) return parserFailed(result, settings, new ParserFailure(FAILED_ELSEWHERE));
    }
  } else {
    if (input.host) {
      // A variable file's values as the editor holds them (unsaved): the module reads this text.
      result.reads = new FileReads(/\.tfvars$/i.test(input.path) ? withText(input.host, input.path, input.text) : input.host, settings.limits.maxFileSizeKB * 1024);
      result.reads.varFiles = settings.terraform.varFiles;
    }
    const failures = parserFailures();
    try {
      result.terraform = yield* extractTerraformSteps(input.text, input.path, result.reads);
    } catch (e) {
      if (e instanceof ParserFailure) return parserFailed(result, settings, e);
      throw e;
    }
    result.sources = result.terraform.sources;
    yield { kind: 'extracted', analysis: result };
    // Rules read the module's other files lazily: a parse that fails there fails the analysis too.
    const analysed = yield* runRules(result, settings, input);
    return parserFailures() === failures ? analysed : parserFailed(result, settings, new ParserFailure(FAILED_ELSEWHERE));
  }
  yield { kind: 'extracted', analysis: result };
  return yield* runRules(result, settings, input);
}

/**
 * A JSON policy or a template that keys' policies read (`file()`, `templatefile()`): a template is its
 * renderings by those calls, with their values (a placeholder alone judges nothing); a JSON file is a key
 * policy whatever its content. Each finding points at the uses.
 */
function usedBy(result: Analysis, own: PolicySource, uses: PolicyFileUses, template: boolean): void {
  if (uses.places.length === 0) return;
  if (template) {
    result.sources = uses.rendered;
    return;
  }
  // Passed only to something that merges it (a module's argument): a fragment, no whole-policy rule.
  if (uses.feeds) own.feeds = uses.feeds;
  else {
    own.keyPolicy = true;
    result.notKeyPolicy = undefined;
  }
  own.relatedOf = () => uses.places;
}

const FAILED_ELSEWHERE = 'the Terraform parser failed on another file of this module; it is restarted for the next analysis';

/**
 * The analysis of a document during which the Terraform parser failed (its wasm heap exhausted): one finding
 * that says so, instead of a partial analysis or none. The parser is restarted by the host's next
 * `initTerraform()`; other documents are analysed as before.
 */
function parserFailed(result: Analysis, settings: KeyscopeSettings, e: ParserFailure): Analysis {
  result.terraform = undefined;
  result.sources = [];
  result.internalErrors = undefined;
  result.findings = [];
  const level = settings.rules['analysis-limit'];
  if (level !== 'off') {
    const message = `Not analysed: ${e.message}. This file is analysed again when it changes.`;
    result.findings.push({ ruleId: 'analysis-limit', severity: (level as Severity | undefined) ?? 'warning', message, span: firstLine(result.text), fixes: [] });
  }
  return result;
}

/** Runs every enabled rule on the extracted policies and finishes the findings. */
function* runRules(result: Analysis, settings: KeyscopeSettings, input: AnalyzeInput): Generator<AnalysisStep, Analysis> {
  const syntax = result.syntax;
  // A .tf file is re-analysed on every keystroke: policies that did not change replay their reports.
  const memo = syntax === 'terraform' ? new FindingsMemo(input.path, settings) : undefined;
  for (const rule of RULES) {
    const level = settings.rules[rule.meta.id];
    if (level === 'off') continue;
    // A severity the user set for the rule wins over the rule's own per-finding choice (e.g. a style hint).
    const severity: Severity = level ?? rule.meta.severity;
    const forced = level !== undefined;
    // One faulty rule must not cost the user every other finding: its exception is recorded and skipped.
    try {
      yield* runRule(rule, { severity, forced }, result, settings, memo);
    } catch (e) {
      (result.internalErrors ??= []).push(`rule ${rule.meta.id} failed on ${input.path}: ${(e as Error)?.stack ?? String(e)}`);
    }
  }
  memo?.commit(input.text);
  noteSkippedReads(result, settings);
  if (syntax === 'terraform' || result.sources.length > 1) result.findings = once(result.findings);
  result.findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  // `# keyscope-ignore <rule-id>` on the line before a finding, in Terraform.
  const tf = result.terraform;
  if (tf && tf.suppressions.size > 0) {
    const kept: Finding[] = [];
    const used = new Set<string>();
    for (const f of result.findings) {
      const row = suppressedBy(tf.suppressions, input.text, f.span.start, f.ruleId);
      if (row === undefined) kept.push(f);
      else {
        (result.suppressed ??= []).push(f);
        used.add(`${row}:${f.ruleId}`);
      }
    }
    // Comments that name no rule, or silence nothing (ESLint's --report-unused-disable-directives).
    const level = settings.rules['unused-ignore'];
    if (level !== 'off') {
      const standing = (id: string): RuleStanding => (!findRule(id) ? 'unknown' : settings.rules[id] === 'off' ? 'off' : 'on');
      for (const f of ignoreFindings(input.text, tf.suppressions, used, standing, RULES.map((r) => r.meta.id))) kept.push({ ...f, severity: (level as Severity | undefined) ?? 'warning' });
      kept.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
    }
    result.findings = kept;
  }
  return result;
}

/** An informational finding for each file the analysis wanted but did not read (too large, not a regular file). */
function noteSkippedReads(result: Analysis, settings: KeyscopeSettings): void {
  const level = settings.rules['analysis-limit'];
  if (level === 'off') return;
  // Module calls whose module cannot be read (not downloaded yet): one info at the call each.
  for (const n of result.terraform?.notes ?? []) result.findings.push({ ruleId: 'analysis-limit', severity: (level as Severity | undefined) ?? 'info', message: n.message, span: n.span, fixes: [] });
  if (!result.reads) return;
  for (const skip of result.reads.skipped.values()) {
    const f = skippedReadFinding(skip, result.path, result.text, settings, result.reads.referencedAt.get(skip.path));
    result.findings.push({ ...f, severity: (level as Severity | undefined) ?? 'info' });
  }
}

function* runRule(rule: Rule, level: Level, result: Analysis, settings: KeyscopeSettings, memo?: FindingsMemo): Generator<AnalysisStep, void> {
  const text = result.text;
  if (rule.meta.appliesTo === 'terraform') {
    if (!result.terraform) return;
    const ctx: TerraformRuleContext = {
      file: result.terraform.file,
      sources: result.sources,
      settings,
      text,
      report: (r) => result.findings.push(toFinding(rule, level, r, undefined, text.length)!),
    };
    const tfRule = rule as Extract<Rule, { meta: { appliesTo: 'terraform' } }>;
    tfRule.check(ctx);
    // The keys the file's module calls create: reported where the caller gives the setting, never fixed here.
    for (const key of result.terraform.calledKeys) {
      tfRule.check({
        ...ctx,
        file: key.file,
        sources: [],
        report: (r) => {
          const at: Span = 'span' in r.at ? r.at.span : r.at;
          if (at.start < 0) return; // the module's own: its file reports it
          const f = toFinding(rule, level, { ...r, fixes: [] }, undefined, text.length)!;
          f.related = key.related;
          result.findings.push(f);
        },
      });
    }
    yield PAUSE;
    return;
  }
  let run = 0;
  for (const source of result.sources) {
    if (++run % POLICIES_PER_STEP === 0) yield PAUSE;
    if (rule.meta.appliesTo === 'key-policy' && !source.keyPolicy) continue;
    // A policy that does not parse is reported once, by json-syntax; other rules would only add noise.
    if (source.syntaxErrors.length > 0 && rule.meta.id !== 'json-syntax' && !source.policy.root) continue;
    // A called module's policy reused from an earlier analysis: the reports kept with it, placed anew.
    const kept = source.built ? keptReports(source.built, rule.meta.id, settings, source.alone && aloneId(source.alone())) : undefined;
    const replayed = kept?.reports ?? memo?.replay(rule.meta.id, source, text);
    if (replayed) {
      for (const r of replayed) {
        const f = toFinding(rule, level, r, source, text.length);
        if (f) result.findings.push(f);
      }
      continue;
    }
    const reports: Report[] = [];
    let own: Set<string> | undefined;
    const ctx: PolicyRuleContext = {
      source,
      policy: source.policy,
      settings,
      text,
      report: (r) => {
        // A called module's finding that its own file has too is reported there.
        if (source.alone && (own ??= ownReports(rule, source.alone(), settings, text)).has(reportKey(r))) return;
        reports.push(r);
        const f = toFinding(rule, level, r, source, text.length);
        if (f) result.findings.push(f);
      },
    };
    (rule as Extract<Rule, { meta: { appliesTo: 'key-policy' | 'any-policy' } }>).check(ctx);
    // Reports at the source's own place are in the calling file's offsets, which move: not kept.
    if (kept && !reports.some((r) => ('span' in r.at ? r.at.span : r.at) === source.reportAt)) kept.store(reports);
    else memo?.store(rule.meta.id, source, text, reports);
  }
}

/**
 * Reports of a rule on a called module's policy that a later analysis reuses (an unchanged module with the
 * same arguments is the same policy object): per rule and settings, kept on the policy. A policy holds at
 * most REPORT_SETS_KEPT sets (rules x settings seen), then starts afresh.
 */
const REPORT_SETS_KEPT = 200;
const reportSets = perNode((_source: PolicySource) => ({ settings: undefined as KeyscopeSettings | undefined, key: '', sets: new Map<string, Report[]>() }));

/**
 * What a called module's policy reports depends on the module's own policy too (`alone`: a finding its own
 * file reports is left out at the call), which may change while the call does not (a variable file of the
 * module's folder): its reports are kept per own policy, named by a number of its own.
 */
let aloneSerial = 0;
const aloneIds = perNode((_alone: PolicySource) => ++aloneSerial);
const aloneId = (alone: PolicySource | undefined) => (alone ? aloneIds(alone) : 0);

function keptReports(built: PolicySource, ruleId: string, settings: KeyscopeSettings, alone = 0): { reports?: Report[]; store(r: Report[]): void } {
  const kept = reportSets(built);
  // The settings as text, once per settings object (an analysis passes the same one to every rule).
  if (kept.settings !== settings) {
    kept.settings = settings;
    kept.key = JSON.stringify(settings);
  }
  const key = `${ruleId}\u0000${alone}\u0000${kept.key}`;
  return {
    reports: kept.sets.get(key),
    store(r) {
      if (kept.sets.size >= REPORT_SETS_KEPT) kept.sets.clear();
      kept.sets.set(key, r);
    },
  };
}

function reportKey(r: Report): string {
  const at: Span = 'span' in r.at ? r.at.span : r.at;
  return `${at.start}:${at.end}:${r.message}`;
}

/** What a rule reports on a module's policy as its own file reads it. */
function ownReports(rule: Rule, alone: PolicySource | undefined, settings: KeyscopeSettings, text: string): Set<string> {
  const out = new Set<string>();
  if (!alone || (rule.meta.appliesTo === 'key-policy' && !alone.keyPolicy)) return out;
  const ctx: PolicyRuleContext = { source: alone, policy: alone.policy, settings, text, report: (r) => out.add(reportKey(r)) };
  (rule as Extract<Rule, { meta: { appliesTo: 'key-policy' | 'any-policy' } }>).check(ctx);
  return out;
}

/**
 * Each finding once: the instances of a called module (`for_each`) and the statements of an expanded `dynamic`
 * block share their text, and report the same finding at the same place each.
 */
function once(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\u0000${f.span.start}\u0000${f.span.end}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The severity a rule's findings get: the rule's default, or the user's setting when `forced`. */
interface Level {
  severity: Severity;
  forced: boolean;
}

/** The finding of a report; undefined when it belongs to another file (a called module's own finding). */
function toFinding(rule: Rule, level: Level, r: Report, source: PolicySource | undefined, docLength: number): Finding | undefined {
  const at: Span = 'span' in r.at ? r.at.span : r.at;
  // A rule that reports at the source's own place (`reportAt`) means the call itself.
  const place = source?.placeOf ? (at === source.reportAt ? { span: at, related: [] } : source.placeOf(at)) : undefined;
  if (source?.placeOf && !place) return undefined;
  const span = clamp(place?.span ?? source?.reportAt ?? at, docLength);
  const fixes: Fix[] = [];
  // Fixes for a policy read from another file would edit that file: not offered from here, nor for a finding
  // reported away from its text (at a caller's argument, at a variable file's value), whose edits would land
  // at the place of the text, not where the finding is shown. Nor are fixes offered while the policy does not
  // parse: spans recovered from broken text are not safe to edit.
  const elsewhere = place !== undefined && place.span !== at;
  if (!source?.reportAt && !elsewhere && !source?.syntaxErrors.length) for (const f of r.fixes ?? []) {
    const edits = resolveFix(f, source);
    if (edits) fixes.push({ title: fixTitle(f), edits, kind: f.kind });
  }
  const finding: Finding = { ruleId: rule.meta.id, severity: level.forced ? level.severity : r.severity ?? level.severity, message: r.message, span, fixes, sourceName: source?.name, data: r.data };
  if (place?.related.length) finding.related = place.related;
  // A policy read from another file (a template, a file()): the place in that file the finding is about.
  const there = !place && source?.reportAt && at.end > at.start ? source.relatedAt?.(at) : undefined;
  if (there) finding.related = [there];
  // A statement composed from a policy document in another file of the module: where it is written there.
  const home = !place && 'span' in r.at ? (r.at as { home?: Home }).home : undefined;
  if (home) finding.related = [homePlace(home)];
  // A finding on the file's own policy reading a value from a variable file or a default: where it is set.
  if (!finding.related && !place) {
    const given = source?.relatedOf?.(at);
    if (given?.length) finding.related = given;
  }
  return finding;
}

/** Line indexes of the files composed documents come from, per file object (gone with the analysis's files). */
const homeLines = new WeakMap<object, LineIndex>();

function homePlace(home: Home): RelatedPlace {
  let index = homeLines.get(home.file);
  if (!index) homeLines.set(home.file, (index = new LineIndex(home.file.text)));
  return { path: home.file.path, ...index.positionAt(home.offset), message: `written here in ${baseName(home.file.path)}` };
}

/** A safe fix's title as the rule wrote it; a suggestion's says it is one and what access it changes. */
export function fixTitle(f: FixSpec): string {
  if (f.kind === 'safe') return f.title;
  return `Suggestion: ${f.title.charAt(0).toLowerCase()}${f.title.slice(1)} (${f.change})`;
}

function resolveFix(f: FixSpec, source: PolicySource | undefined) {
  if (f.edits) return f.edits;
  if (f.ops && source) {
    const edits = source.writer.write(f.ops);
    const keep = f.keep;
    // HCL writers escape `${` as `$${`; an interpolation the policy itself writes is put back as it was.
    return keep && edits ? edits.map((e) => ({ ...e, newText: keep.reduce((t, k) => t.split('$' + k).join(k), e.newText) })) : edits;
  }
  return undefined;
}

function clamp(span: Span, length: number): Span {
  const start = Math.max(0, Math.min(span.start, length));
  return { start, end: Math.max(start, Math.min(span.end, length)) };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
