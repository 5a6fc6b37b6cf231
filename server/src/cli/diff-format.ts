/**
 * Output formats of `keyscope diff`: aligned text for terminals, Markdown for a pull-request comment, JSON for
 * tools (its schema is in docs/access-diff.md) and SARIF with one result per new grant.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { CAPABILITY_LABELS, changeWeight, describeChange, REPOSITORY_URL, type CellChange } from '../service';
import { escapeControls, safeJson } from './escape';

export interface SideInfo {
  /** The revision as given (`HEAD`, `origin/main`), or null for the working tree. */
  ref: string | null;
  commit: string | null;
}

export interface StatementRef {
  file: string;
  line: number;
}

export interface KeyDiff {
  id: string;
  name: string;
  file: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  changes: CellChange[];
  /** Statement locations by statement index, on each side. */
  before: StatementRef[];
  after: StatementRef[];
}

export interface DiffReport {
  base: SideInfo;
  head: SideInfo;
  keys: KeyDiff[];
  notes: string[];
}

const sideName = (s: SideInfo) => (s.commit ? `${s.ref ?? s.commit} (${s.commit.slice(0, 12)})` : 'the working tree');
const weightOf = (k: KeyDiff) => Math.max(0, ...k.changes.map(changeWeight));

/** Changed keys, most worrying first (new administration or destruction, then public or cross-account, ...). */
function changedKeys(r: DiffReport): KeyDiff[] {
  return r.keys.filter((k) => k.status !== 'unchanged').sort((a, b) => weightOf(b) - weightOf(a) || a.name.localeCompare(b.name) || a.file.localeCompare(b.file));
}

function sortedChanges(k: KeyDiff): CellChange[] {
  return [...k.changes].sort((a, b) => changeWeight(b) - changeWeight(a));
}

/** `Read data` when every action of the capability changed alike, else the actions: `kms:Decrypt, kms:ReEncryptFrom`. */
function whatOf(c: CellChange): string {
  return c.whole ? `${CAPABILITY_LABELS[c.capability]} (all)` : `${CAPABILITY_LABELS[c.capability]}: ${c.actions.join(', ')}`;
}


const headline = (k: KeyDiff, c: CellChange) => describeChange(k.name, c);

const refs = (list: StatementRef[], indexes: number[]) => indexes.map((i) => list[i]).filter(Boolean).map((s) => `${s.file}:${s.line}`);

/** `before main.tf:6 · after main.tf:7`: the statements that decided the cells on each side. */
function sites(k: KeyDiff, c: CellChange): string {
  const before = refs(k.before, c.statementsBefore);
  const after = refs(k.after, c.statementsAfter);
  return [before.length ? `before ${before.join(', ')}` : '', after.length ? `after ${after.join(', ')}` : '', c.via ? `through ${c.via}` : ''].filter(Boolean).join(' · ');
}

export function diffText(r: DiffReport): string {
  const plain = escapeControls;
  const out = [`Access diff: ${plain(sideName(r.base))} -> ${plain(sideName(r.head))}`];
  const keys = changedKeys(r);
  if (!keys.length) {
    out.push('No change in who can do what.', '');
    return out.join('\n');
  }
  for (const k of keys) {
    out.push('', `${plain(k.name)}  ${plain(k.file)}  ${k.status}`);
    for (const c of sortedChanges(k)) {
      const mark = c.newAccess ? '+' : c.after === 'none' || c.after === 'deny' ? '-' : '~';
      const at = sites(k, c);
      out.push(`  ${mark} ${plain(c.label)}  ${whatOf(c)}: ${c.before} -> ${c.after}${at ? `  [${at}]` : ''}`);
      for (const cond of c.conditionsBefore.filter((x) => !c.conditionsAfter.includes(x))) out.push(`      condition dropped: ${plain(cond)}`);
      for (const cond of c.conditionsAfter.filter((x) => !c.conditionsBefore.includes(x))) out.push(`      condition added: ${plain(cond)}`);
    }
  }
  const gains = keys.flatMap((k) => k.changes.filter((c) => c.newAccess));
  out.push('', gains.length ? `${gains.length} new grant${gains.length === 1 ? '' : 's'} in ${keys.filter((k) => k.changes.some((c) => c.newAccess)).length} key(s).` : 'No new access; access was only removed or narrowed.', '');
  return out.join('\n');
}

/** Markdown-escaped, line breaks as spaces, control and bidi characters shown as escapes. */
const md = (s: string) => escapeControls(s.replace(/[\\|`*_[\]<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' '));

export function diffMarkdown(r: DiffReport): string {
  const out = [`## Keyscope access diff`, '', `${md(sideName(r.base))} → ${md(sideName(r.head))}`, ''];
  const keys = changedKeys(r);
  if (!keys.length) {
    out.push('No change in who can do what with any key.', '');
    return out.join('\n');
  }
  const gains = keys.flatMap((k) => sortedChanges(k).filter((c) => c.newAccess).map((c) => ({ k, c })));
  if (gains.length) {
    out.push(`**New access** (${gains.length}):`, '');
    for (const { k, c } of gains.sort((a, b) => changeWeight(b.c) - changeWeight(a.c))) out.push(`- ${md(headline(k, c))}`);
    out.push('');
  } else out.push('No new access: access was only removed or narrowed.', '');
  for (const k of keys) {
    out.push(`### ${md(k.name)} — ${md(k.file)} (${k.status})`, '');
    out.push('| | Principal | What | Before | After | Statements |', '|---|---|---|---|---|---|');
    for (const c of sortedChanges(k)) {
      const mark = c.newAccess ? '➕' : c.after === 'none' || c.after === 'deny' ? '➖' : '✏️';
      out.push(`| ${mark} | ${md(c.label)} | ${md(whatOf(c))} | ${c.before} | ${c.after} | ${md(sites(k, c))} |`);
    }
    const conds = k.changes.filter((c) => c.conditionsBefore.length || c.conditionsAfter.length);
    if (conds.length) {
      out.push('', '<details><summary>Conditions</summary>', '');
      for (const c of conds) {
        out.push(`- ${md(c.label)}, ${md(whatOf(c))}:`);
        for (const x of c.conditionsBefore) out.push(`  - before: ${md(x)}`);
        for (const x of c.conditionsAfter) out.push(`  - after: ${md(x)}`);
      }
      out.push('', '</details>');
    }
    out.push('');
  }
  out.push('Legend: ➕ new access, ➖ access removed, ✏️ changed otherwise. **allow**: the key policy alone allows it; **iam**: allowed if the principal\'s IAM policy allows it; **iam-allow**: the key policy delegates to IAM and an identity policy of the repository allows it; **conditional**: only under the conditions listed.', '');
  return out.join('\n');
}

/** The documented JSON shape (docs/access-diff.md). */
export function diffJson(r: DiffReport): string {
  return (
    safeJson({
      base: r.base,
      head: r.head,
      keys: r.keys.map((k) => ({
        name: k.name,
        file: k.file,
        status: k.status,
        changes: sortedChanges(k).map((c) => ({
          principal: c.principal,
          label: c.label,
          action: c.whole ? null : c.actions.length === 1 ? c.actions[0] : null,
          actions: c.actions,
          capability: c.capability,
          before: c.before,
          after: c.after,
          newAccess: c.newAccess,
          conditions: { before: c.conditionsBefore, after: c.conditionsAfter },
          statements: { before: c.statementsBefore.map((i) => k.before[i]).filter(Boolean), after: c.statementsAfter.map((i) => k.after[i]).filter(Boolean) },
          ...(c.via && c.viaAt ? { identityPolicy: { text: c.via, file: c.viaAt.path, line: c.viaAt.line } } : {}),
        })),
      })),
      notes: r.notes,
    }) + '\n'
  );
}

const RULE_ID = 'new-access';

/** One result per new grant, at the (first) statement that grants it on the head side. */
export function diffSarif(r: DiffReport, info: { version: string; top: string; exitCode: number }): string {
  const root = pathToFileURL(info.top.endsWith('/') ? info.top : info.top + '/').href;
  const results: Sarif.Result[] = [];
  for (const k of changedKeys(r))
    for (const c of sortedChanges(k)) {
      if (!c.newAccess) continue;
      // Access an identity policy gives is reported at its statement.
      const at = c.after === 'iam-allow' && c.viaAt ? { file: c.viaAt.path, line: c.viaAt.line } : c.statementsAfter.map((i) => k.after[i]).find(Boolean);
      const result: Sarif.Result = {
        ruleId: RULE_ID,
        ruleIndex: 0,
        level: changeWeight(c) >= 4 ? 'warning' : 'note',
        message: { text: `${headline(k, c)} (${c.before} -> ${c.after})` },
        partialFingerprints: { keyscopeGrant: createHash('sha256').update(`${k.id}\0${c.principal}\0${c.actions.join(',')}\0${c.after}`).digest('hex').slice(0, 32) },
      };
      if (at)
        result.locations = [
          { physicalLocation: { artifactLocation: { uri: encodeURI(at.file), uriBaseId: '%SRCROOT%' }, region: { startLine: at.line } } },
        ];
      results.push(result);
    }
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keyscope',
            version: info.version,
            semanticVersion: info.version,
            informationUri: REPOSITORY_URL,
            rules: [
              {
                id: RULE_ID,
                name: 'NewAccess',
                shortDescription: { text: 'A change lets a principal do something with a KMS key that it could not before' },
                fullDescription: { text: 'keyscope diff compared the effective access of the key between two revisions: this principal gains the actions named, through the statement shown.' },
                helpUri: `${REPOSITORY_URL}/blob/main/docs/access-diff.md`,
                defaultConfiguration: { level: 'warning' },
                properties: { tags: ['security', 'kms', 'aws'] },
              },
            ],
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: root, description: { text: 'The top folder of the repository.' } } },
        invocations: [{ executionSuccessful: true, exitCode: info.exitCode, toolExecutionNotifications: r.notes.map((n) => ({ level: 'note', message: { text: n } })) }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return safeJson(log) + '\n';
}
