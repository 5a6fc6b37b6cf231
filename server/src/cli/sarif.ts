/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF reader). What code scanning reads, and the limits
 * it enforces, are listed in test/cli/sarif.test.ts with their source; this module writes:
 *
 * - one rule descriptor per rule: `name`, `shortDescription`, `fullDescription`, `help` (text and Markdown,
 *   from docs/rules/<id>.md, embedded at build time), `helpUri`, `properties.tags`, `properties.precision`
 *   and `properties.security-severity`;
 * - one result per finding: relative, percent-encoded artifact URIs against `%SRCROOT%` (the directory the
 *   CLI ran in, given in `originalUriBaseIds`), `partialFingerprints.primaryLocationLineHash` computed from
 *   the rule, the file and the text the finding underlines (not its line: a finding keeps its identity
 *   when lines above it are added or removed), `suppressions` for findings a `keyscope-ignore` comment
 *   silences;
 * - one invocation: success, exit code, working directory, and notifications (internal errors, files not
 *   read as key policies).
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { REPOSITORY_URL, ruleDocsUrl, RULES, type Severity } from '../service';
import { artifactUri, type CliFinding } from './format';
import { safeJson } from './escape';
import { codeScanningMeta } from './sarif-rules';

/** docs/rules/<id>.md by rule id, embedded by the build (scripts/build.mjs); absent when run from source. */
declare const KEYSCOPE_RULE_DOCS: Record<string, string> | undefined;
const RULE_DOCS: Record<string, string> = typeof KEYSCOPE_RULE_DOCS === 'object' && KEYSCOPE_RULE_DOCS ? KEYSCOPE_RULE_DOCS : {};

/** The base id relative artifact URIs are resolved against. */
export const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
/** GitHub shows at most 1,024 characters of a description. */
const MAX_DESCRIPTION = 1024;

/** A finding with what SARIF needs beyond the CLI's own fields. */
export interface SarifFinding {
  finding: CliFinding;
  /** The text the finding underlines (its identity for fingerprints). */
  snippet: string;
  /** Silenced by a `keyscope-ignore` comment: reported as suppressed, not counted. */
  suppressed?: boolean;
}

export interface SarifRunInfo {
  version: string;
  /** Absolute path of the directory paths are relative to. */
  cwd: string;
  exitCode: number;
  /** Things the run has to say that are not findings. */
  notifications: { level: 'error' | 'warning' | 'note'; message: string; file?: string }[];
}

export function formatSarif(items: SarifFinding[], info: SarifRunInfo): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const seen = new Map<string, number>();
  const root = pathToFileURL(info.cwd.endsWith('/') ? info.cwd : info.cwd + '/').href;
  const results: Sarif.Result[] = items.map(({ finding: f, snippet, suppressed }) => {
    const uri = artifactUri(f.file);
    const relative = !uri.startsWith('file:');
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: relative ? { uri, uriBaseId: SRCROOT } : { uri },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: fingerprint(f, uri, snippet, seen) },
    };
    const index = ruleIndex.get(f.ruleId);
    if (index !== undefined) result.ruleIndex = index;
    if (suppressed) result.suppressions = [{ kind: 'inSource', justification: `keyscope-ignore ${f.ruleId}` }];
    return result;
  });
  const invocation: Sarif.Invocation = {
    executionSuccessful: !info.notifications.some((n) => n.level === 'error'),
    exitCode: info.exitCode,
    workingDirectory: { uri: root },
    toolExecutionNotifications: info.notifications.map((n) => ({
      level: n.level,
      message: { text: n.message },
      ...(n.file ? { locations: [{ physicalLocation: { artifactLocation: artifactLocationOf(n.file) } }] } : {}),
    })),
  };
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'keyscope', version: info.version, semanticVersion: info.version, informationUri: REPOSITORY_URL, rules: RULES.map((r) => descriptor(r.meta.id, r.meta.summary, r.meta.severity)) } },
        originalUriBaseIds: { [SRCROOT]: { uri: root, description: { text: 'The directory keyscope ran in.' } } },
        invocations: [invocation],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return safeJson(log) + '\n';
}

function artifactLocationOf(file: string): Sarif.ArtifactLocation {
  const uri = artifactUri(file);
  return uri.startsWith('file:') ? { uri } : { uri, uriBaseId: SRCROOT };
}

/**
 * `<hash>:<n>`: a hash of the rule, the file and the underlined text with its white space collapsed, and the
 * ordinal of that triple in the file (two identical statements are two results). Moving a statement down
 * keeps the value; editing what the finding underlines changes it.
 */
export function fingerprint(f: CliFinding, uri: string, snippet: string, seen: Map<string, number>): string {
  const hash = createHash('sha256').update(`${f.ruleId}\0${uri}\0${snippet.replace(/\s+/g, ' ').trim()}`).digest('hex').slice(0, 32);
  const n = (seen.get(hash) ?? 0) + 1;
  seen.set(hash, n);
  return `${hash}:${n}`;
}

function descriptor(id: string, summary: string, severity: Severity): Sarif.ReportingDescriptor {
  const meta = codeScanningMeta(id, severity);
  const markdown = RULE_DOCS[id] ? absoluteLinks(RULE_DOCS[id]) : `${summary}\n\nSee ${ruleDocsUrl(id)}.`;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: cap(summary) },
    fullDescription: { text: cap(whatItDoes(markdown) || summary) },
    help: { text: markdownToText(markdown), markdown },
    helpUri: ruleDocsUrl(id),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ['security', id.startsWith('tf-') ? 'terraform' : 'kms', 'aws'],
      precision: meta.precision,
      'security-severity': meta.securitySeverity.toFixed(1),
    },
  };
}

/** Names that would equal their id once cased (SARIF wants `name` to differ from `id`). */
const NAMES: Record<string, string> = { version: 'PolicyVersion' };

function pascalCase(id: string): string {
  if (NAMES[id]) return NAMES[id];
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function cap(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : text.slice(0, MAX_DESCRIPTION - 1) + '…';
}

/** The first paragraph of the page's "What it does" section, as plain text. */
function whatItDoes(markdown: string): string {
  const at = markdown.indexOf('## What it does');
  if (at < 0) return '';
  const body = markdown.slice(at + '## What it does'.length).trimStart();
  const end = body.search(/\n\s*\n|\n## /);
  return markdownToText(end < 0 ? body : body.slice(0, end)).replace(/\s+/g, ' ').trim();
}

/** Our rule pages link to each other relatively: on an alert page those links must be absolute. */
function absoluteLinks(markdown: string): string {
  return markdown.replace(/\]\((\.\.\/)?([\w.-]+\.md)(#[\w-]+)?\)/g, (_m, up: string | undefined, page: string, anchor: string | undefined) => `](${REPOSITORY_URL}/blob/main/docs/${up ? '' : 'rules/'}${page}${anchor ?? ''})`);
}

/** Plain text of a rule page: headings, emphasis and code marks dropped, links as "text (url)". */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/^```\w*\s*$/gm, '')
    .replace(/^#+\s*/gm, '')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
