/**
 * GitLab's SAST report (`artifacts: reports: sast:`), for the merge request widget, the pipeline's security
 * tab and the vulnerability report. The format is GitLab's security report schema, version 15
 * (https://gitlab.com/gitlab-org/security-products/security-report-schemas, dist/sast-report-format.json;
 * described at https://docs.gitlab.com/development/integrations/secure/). What GitLab checks before it
 * ingests a report is written down in test/cli/gitlab.test.ts with its source.
 *
 * - one vulnerability per finding not silenced by `keyscope-ignore` (the format has no suppressions): its `id`
 *   a UUID derived from the same fingerprint as the SARIF's (the rule, the file and the underlined text, so it
 *   survives lines moving), the rule as its primary identifier, the file relative to the folder keyscope ran
 *   in, and a severity from the rule's security-severity score (as GitHub grades SARIF alerts), or `Info`
 *   for a finding the settings lower to info or hint;
 * - `scan`: Keyscope as analyzer and scanner, start and end time, `success` unless an internal error
 *   happened, and the run's notices as messages.
 */
import { createHash } from 'node:crypto';
import { REPOSITORY_URL, ruleDocsUrl, RULES } from '../service';
import { safeJson } from './escape';
import { fingerprint, type SarifFinding, type SarifRunInfo } from './sarif';
import { codeScanningMeta } from './sarif-rules';

/** The schema version written; GitLab validates a report against the version it names. */
export const GITLAB_SCHEMA_VERSION = '15.2.1';

type GitlabSeverity = 'Critical' | 'High' | 'Medium' | 'Low' | 'Info';

interface Identifier {
  type: string;
  name: string;
  value: string;
  url: string;
}

export interface GitlabRunInfo extends SarifRunInfo {
  /** When the run began and ended. */
  start: Date;
  end: Date;
}

export function formatGitlabSast(items: SarifFinding[], info: GitlabRunInfo): string {
  const summaries = new Map(RULES.map((r) => [r.meta.id, r.meta.summary]));
  const seen = new Map<string, number>();
  const used = new Map<string, Identifier>();
  const vulnerabilities = items.flatMap(({ finding: f, snippet, suppressed }) => {
    const file = f.file.split('\\').join('/');
    // Counted for every finding, silenced or not, so that an id does not change when another is silenced.
    const print = fingerprint(f, file, snippet, seen);
    if (suppressed) return [];
    const identifier = ruleIdentifier(f.ruleId);
    used.set(f.ruleId, identifier);
    const summary = summaries.get(f.ruleId) ?? f.ruleId;
    return [
      {
        id: uuidOf(print),
        name: clip(summary, 255),
        description: f.message,
        severity: severityOf(f.ruleId, f.severity),
        location: { file, start_line: f.range.start.line + 1, end_line: f.range.end.line + 1 },
        identifiers: [identifier],
        links: [{ name: `Keyscope rule ${f.ruleId}`, url: ruleDocsUrl(f.ruleId) }],
      },
    ];
  });
  const tool = { id: 'keyscope', name: 'Keyscope', version: info.version, vendor: { name: 'Keyscope' }, url: REPOSITORY_URL };
  const report = {
    version: GITLAB_SCHEMA_VERSION,
    schema: `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SCHEMA_VERSION}/dist/sast-report-format.json`,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'sast',
      start_time: timestamp(info.start),
      end_time: timestamp(info.end),
      status: info.notifications.some((n) => n.level === 'error') ? 'failure' : 'success',
      messages: info.notifications.map((n) => ({ level: n.level === 'error' ? 'fatal' : n.level === 'warning' ? 'warn' : 'info', value: n.file ? `${n.file}: ${n.message}` : n.message })),
      primary_identifiers: [...used.values()],
    },
    vulnerabilities,
  };
  return safeJson(report) + '\n';
}

function ruleIdentifier(id: string): Identifier {
  return { type: 'keyscope_rule_id', name: `Keyscope ${id}`, value: id, url: ruleDocsUrl(id) };
}

/**
 * GitLab's grades from the rule's score, on the scale GitHub uses for SARIF's security-severity (critical
 * above 9.0, high from 7.0, medium from 4.0, low above 0); a finding the settings report as info or hint is
 * `Info`, as the user asked.
 */
function severityOf(ruleId: string, severity: string): GitlabSeverity {
  if (severity === 'info' || severity === 'hint') return 'Info';
  const score = codeScanningMeta(ruleId, severity).securitySeverity;
  return score > 9 ? 'Critical' : score >= 7 ? 'High' : score >= 4 ? 'Medium' : 'Low';
}

/** A UUID (version 5 layout) from a fingerprint: the same finding has the same id in every run. */
function uuidOf(print: string): string {
  const h = createHash('sha256').update(`keyscope\0${print}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `YYYY-MM-DDTHH:MM:SS` in UTC, the only form the schema accepts. */
function timestamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
