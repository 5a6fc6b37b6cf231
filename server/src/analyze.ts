import { FindingsMemo } from './findings-memo';
import { parseJsonPolicy } from './policy/json';
import { notKeyPolicyReason } from './policy/kind';
import type { PolicySource, Span } from './policy/model';
import type { Host } from './host';
import { RULES } from './rules';
import { limitFinding } from './rules/analysis-limit';
import type { Finding, Fix, FixSpec, PolicyRuleContext, Report, Rule, Severity, TerraformRuleContext } from './rules/types';
import { DEFAULT_SETTINGS, matchesInclude, type KeyscopeSettings } from './settings';
import { extractTerraform, type TerraformExtraction } from './terraform';
import { isSuppressed } from './terraform/syntax/suppress';

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
}

export function syntaxOf(path: string, languageId?: string): 'json' | 'terraform' | 'none' {
  if (languageId === 'terraform' || languageId === 'hcl' || /\.tf$/i.test(path)) return 'terraform';
  if (languageId === 'json' || languageId === 'jsonc' || /\.json$/i.test(path)) return 'json';
  return 'none';
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
  const settings = input.settings ?? DEFAULT_SETTINGS;
  const syntax = syntaxOf(input.path, input.languageId);
  const result: Analysis = { path: input.path, text: input.text, syntax, sources: [], findings: [], settings };
  if (syntax === 'none') return result;
  if (syntax === 'terraform' || input.force || isPolicyCandidate(input.relPath ?? input.path, input.text, settings)) {
    const limit = settings.rules['analysis-limit'] === 'off' ? undefined : limitFinding(input.text, settings);
    if (limit) {
      result.findings.push({ ...limit, severity: (settings.rules['analysis-limit'] as Severity | undefined) ?? 'warning' });
      return result;
    }
  }
  if (syntax === 'json') {
    if (!input.force && !isPolicyCandidate(input.relPath ?? input.path, input.text, settings)) return result;
    const source = parseJsonPolicy(input.text, baseName(input.path));
    if (input.keyPolicy) source.keyPolicy = true;
    else if (!matchesInclude(settings, input.relPath ?? input.path) && source.policy.root) {
      const why = notKeyPolicyReason(source.policy);
      if (why) {
        source.keyPolicy = false;
        result.notKeyPolicy = why;
      }
    }
    result.sources = [source];
  } else {
    result.terraform = extractTerraform(input.text, input.path, input.host);
    result.sources = result.terraform.sources;
  }
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
      runRule(rule, { severity, forced }, result, settings, memo);
    } catch (e) {
      (result.internalErrors ??= []).push(`rule ${rule.meta.id} failed on ${input.path}: ${(e as Error)?.stack ?? String(e)}`);
    }
  }
  memo?.commit(input.text);
  result.findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  // `# keyscope-ignore <rule-id>` on the line before a finding, in Terraform.
  const tf = result.terraform;
  if (tf && tf.suppressions.size > 0) {
    const kept: Finding[] = [];
    for (const f of result.findings) (isSuppressed(tf.suppressions, input.text, f.span.start, f.ruleId) ? (result.suppressed ??= []) : kept).push(f);
    result.findings = kept;
  }
  return result;
}

function runRule(rule: Rule, level: Level, result: Analysis, settings: KeyscopeSettings, memo?: FindingsMemo): void {
  const text = result.text;
  if (rule.meta.appliesTo === 'terraform') {
    if (!result.terraform) return;
    const ctx: TerraformRuleContext = {
      file: result.terraform.file,
      sources: result.sources,
      settings,
      text,
      report: (r) => result.findings.push(toFinding(rule, level, r, undefined, text.length)),
    };
    (rule as Extract<Rule, { meta: { appliesTo: 'terraform' } }>).check(ctx);
    return;
  }
  for (const source of result.sources) {
    if (rule.meta.appliesTo === 'key-policy' && !source.keyPolicy) continue;
    // A policy that does not parse is reported once, by json-syntax; other rules would only add noise.
    if (source.syntaxErrors.length > 0 && rule.meta.id !== 'json-syntax' && !source.policy.root) continue;
    const replayed = memo?.replay(rule.meta.id, source, text);
    if (replayed) {
      for (const r of replayed) result.findings.push(toFinding(rule, level, r, source, text.length));
      continue;
    }
    const reports: Report[] = [];
    const ctx: PolicyRuleContext = {
      source,
      policy: source.policy,
      settings,
      text,
      report: (r) => {
        reports.push(r);
        result.findings.push(toFinding(rule, level, r, source, text.length));
      },
    };
    (rule as Extract<Rule, { meta: { appliesTo: 'key-policy' | 'any-policy' } }>).check(ctx);
    memo?.store(rule.meta.id, source, text, reports);
  }
}

/** The severity a rule's findings get: the rule's default, or the user's setting when `forced`. */
interface Level {
  severity: Severity;
  forced: boolean;
}

function toFinding(rule: Rule, level: Level, r: Report, source: PolicySource | undefined, docLength: number): Finding {
  const at: Span = 'span' in r.at ? r.at.span : r.at;
  const span = clamp(source?.reportAt ?? at, docLength);
  const fixes: Fix[] = [];
  // Fixes for a policy read from another file would edit that file: not offered from here. Nor are fixes
  // offered while the policy does not parse: spans recovered from broken text are not safe to edit.
  if (!source?.reportAt && !source?.syntaxErrors.length) for (const f of r.fixes ?? []) {
    const edits = resolveFix(f, source);
    if (edits) fixes.push({ title: fixTitle(f), edits, kind: f.kind });
  }
  return { ruleId: rule.meta.id, severity: level.forced ? level.severity : r.severity ?? level.severity, message: r.message, span, fixes, sourceName: source?.name, data: r.data };
}

/** A safe fix's title as the rule wrote it; a suggestion's says it is one and what access it changes. */
export function fixTitle(f: FixSpec): string {
  if (f.kind === 'safe') return f.title;
  return `Suggestion: ${f.title.charAt(0).toLowerCase()}${f.title.slice(1)} (${f.change})`;
}

function resolveFix(f: FixSpec, source: PolicySource | undefined) {
  if (f.edits) return f.edits;
  if (f.ops && source) return source.writer.write(f.ops);
  return undefined;
}

function clamp(span: Span, length: number): Span {
  const start = Math.max(0, Math.min(span.start, length));
  return { start, end: Math.max(start, Math.min(span.end, length)) };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
