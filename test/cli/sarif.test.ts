/**
 * `keyscope lint --format sarif`, run as a process on real files, checked three ways:
 *
 * 1. against the SARIF 2.1.0 JSON schema (the copy Microsoft's SARIF Multitool ships, MIT), with Ajv;
 * 2. by Microsoft's SARIF Multitool `validate` with its GitHub ingestion rules (`--rule-kind Gh;Sarif`): the
 *    validator GitHub's documentation points to for checking a file before upload;
 * 3. against the rules GitHub documents for code scanning, written down below with their source, so a
 *    reader sees what is checked without the tool.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import type * as Sarif from 'sarif';
import { RULES } from '../../server/src/rules';
import { CODE_SCANNING } from '../../server/src/cli/sarif-rules';

const REPO = join(__dirname, '..', '..');
const OUT = join(REPO, 'server', 'out');
const CLI = join(OUT, 'cli.js');
const run = (args: string[], cwd: string, cli = CLI) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });

/** The Multitool package for this platform (an optional dependency: only the one that fits is installed). */
const MULTITOOL_DIR = ['linux', 'darwin', 'win32'].map((p) => join(REPO, 'node_modules', '@microsoft', `sarif-multitool-${p}`)).find((d) => existsSync(d));
const MULTITOOL = MULTITOOL_DIR && join(MULTITOOL_DIR, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');

const KEY = (action: string) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: action, Resource: '*' },
      ],
    },
    null,
    2,
  );

const TF = `# keyscope-ignore tf-key-rotation
resource "aws_kms_key" "quiet" {
  description = "rotation is handled elsewhere"
}

resource "aws_kms_key" "loud" {
  description = "no rotation"
}
`;

/** A workspace with findings of several rules, a file name that needs percent-encoding and a suppressed finding. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-sarif-'));
  mkdirSync(join(dir, 'keys', 'team a'), { recursive: true });
  writeFileSync(join(dir, 'keys', 'app.kms.json'), KEY('kms:Decrpyt'));
  writeFileSync(join(dir, 'keys', 'team a', 'data#1.kms.json'), KEY('kms:Decrypt'));
  writeFileSync(join(dir, 'main.tf'), TF);
  return dir;
}

function sarifOf(dir: string, extra: string[] = []): { log: Sarif.Log; status: number | null; file: string } {
  const file = join(dir, 'out.sarif');
  const r = run(['lint', '--format', 'sarif', '--output', file, ...extra, '.'], dir);
  assert.equal(r.stdout, '', 'the report goes to --output, not stdout');
  assert.equal(r.stderr, '');
  return { log: JSON.parse(readFileSync(file, 'utf8')), status: r.status, file };
}

/**
 * What GitHub code scanning requires of an uploaded SARIF file. Source: GitHub Docs, "SARIF support for code
 * scanning" (docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning),
 * its "Supported SARIF output file properties" tables and the limits table of "Validating your SARIF file".
 */
function checkGitHubIngestion(log: Sarif.Log): void {
  // sarifLog: `$schema` and `version` are required; only version 2.1.0 is supported; at most 20 runs per file.
  assert.ok(log.$schema && /sarif-2\.1\.0/.test(log.$schema));
  assert.equal(log.version, '2.1.0');
  assert.ok(log.runs.length >= 1 && log.runs.length <= 20);
  for (const run of log.runs) {
    // run: `tool.driver` is required; toolComponent: `name` is required, `rules[]` is required.
    const driver = run.tool.driver;
    assert.ok(driver.name);
    const rules = driver.rules ?? [];
    // Rules per run: at most 25,000.
    assert.ok(rules.length > 0 && rules.length <= 25_000);
    const ids = new Set<string>();
    for (const rule of rules) {
      // reportingDescriptor: `id` is required (and unique: results reference it).
      assert.ok(rule.id && !ids.has(rule.id), `duplicate or empty rule id ${rule.id}`);
      ids.add(rule.id);
      // `name`: limited to 255 characters (and, per the SARIF spec, not equal to the id).
      assert.ok(rule.name && rule.name.length <= 255 && rule.name.toLowerCase() !== rule.id.toLowerCase(), rule.id);
      // `shortDescription.text` and `fullDescription.text` are required, each limited to 1,024 characters; the
      // empty string is not supported for required properties.
      assert.ok(rule.shortDescription?.text && rule.shortDescription.text.length <= 1024, rule.id);
      assert.ok(rule.fullDescription?.text && rule.fullDescription.text.length <= 1024, rule.id);
      // `help.text` is required; `help.markdown` is recommended and shown instead when present.
      assert.ok(rule.help?.text && rule.help.markdown, rule.id);
      // `defaultConfiguration.level`: one of note, warning, error.
      assert.ok(['note', 'warning', 'error'].includes(rule.defaultConfiguration?.level ?? ''), rule.id);
      const props = rule.properties ?? {};
      // `properties.tags[]`: strings; at most 20 tags per rule. Results are security results when tagged `security`.
      assert.ok(Array.isArray(props.tags) && props.tags.length <= 20 && props.tags.includes('security'), rule.id);
      // `properties.precision`: one of very-high, high, medium, low.
      assert.ok(['very-high', 'high', 'medium', 'low'].includes(props.precision as string), rule.id);
      // `properties.security-severity`: a string holding a score greater than 0.0 up to 10.0 (other values
      // count as no security severity).
      const score = props['security-severity'];
      assert.equal(typeof score, 'string', rule.id);
      assert.match(score as string, /^\d{1,2}\.\d$/, rule.id);
      assert.ok(Number(score) > 0 && Number(score) <= 10, rule.id);
    }
    // `results[]` is required; at most 25,000 results per run.
    assert.ok(Array.isArray(run.results) && run.results.length <= 25_000);
    for (const result of run.results!) {
      // result: `ruleId` is the `reportingDescriptor.id` of the rule; `ruleIndex` its index in `rules`.
      assert.ok(result.ruleId && ids.has(result.ruleId), `result of unknown rule ${result.ruleId}`);
      assert.equal(rules[result.ruleIndex!].id, result.ruleId);
      // `message.text` is required.
      assert.ok(result.message.text);
      // `locations[]` is required, one at least (GitHub uses the first), at most 1,000 per result.
      assert.ok(result.locations && result.locations.length >= 1 && result.locations.length <= 1000);
      const phys = result.locations[0].physicalLocation!;
      // physicalLocation: `artifactLocation.uri` is required, best a path relative to the repository root;
      // an absolute URI must use the same scheme as the source root (file:).
      const uri = phys.artifactLocation!.uri!;
      assert.ok(uri);
      assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('file:'), uri);
      assert.doesNotMatch(uri, /[\s#?%](?![0-9A-F]{2})|\\/, `not percent-encoded: ${uri}`);
      // `region.startLine`, `startColumn`, `endLine`, `endColumn` are required.
      const reg = phys.region!;
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(reg[k]) && reg[k]! >= 1, `${k} ${uri}`);
      // `partialFingerprints` is required; code scanning only uses `primaryLocationLineHash`.
      assert.ok(result.partialFingerprints?.primaryLocationLineHash);
    }
    // run: `invocation.workingDirectory.uri` converts absolute URIs to relative ones when the upload names no
    // checkout path.
    assert.match(run.invocations?.[0]?.workingDirectory?.uri ?? '', /^file:\/\/.*\/$/);
  }
}

const resultsOf = (log: Sarif.Log) => log.runs[0].results ?? [];
const uriOf = (r: Sarif.Result) => r.locations![0].physicalLocation!.artifactLocation!.uri!;

describe('keyscope lint --format sarif', () => {
  it('is valid against the SARIF 2.1.0 schema', () => {
    assert.ok(MULTITOOL_DIR, 'the SARIF Multitool package for this platform (a dev dependency) holds the schema');
    const schema = JSON.parse(readFileSync(join(MULTITOOL_DIR!, 'sarif-2.1.0.json'), 'utf8'));
    // The schema's formats (uri, uri-reference, date-time) are checked by the URI rules below and by the Multitool.
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    const { log } = sarifOf(workspace());
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.ok(resultsOf(log).length >= 4);
  });

  it('meets the ingestion rules GitHub documents for code scanning', () => {
    const { log } = sarifOf(workspace());
    checkGitHubIngestion(log);
    const run = log.runs[0];
    // Relative URIs resolve against %SRCROOT%, the directory the CLI ran in.
    assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, run.invocations![0].workingDirectory!.uri);
    const encoded = resultsOf(log).find((r) => uriOf(r).includes('team'));
    assert.equal(uriOf(encoded!), 'keys/team%20a/data%231.kms.json');
    assert.equal(encoded!.locations![0].physicalLocation!.artifactLocation!.uriBaseId, '%SRCROOT%');
    // Every rule of the registry has its page as help, and a link to it.
    for (const rule of run.tool.driver.rules!) {
      assert.match(rule.help!.markdown!, new RegExp(`^# ${rule.id.replace(/-/g, '\\-')}\\n`));
      assert.ok(rule.helpUri!.endsWith(`/docs/rules/${rule.id}.md`));
      assert.doesNotMatch(rule.help!.markdown!, /\]\((?!https?:)/, `relative link left in ${rule.id}`);
    }
  });

  it('passes the SARIF Multitool validator with its GitHub rules', { skip: !MULTITOOL || !existsSync(MULTITOOL) ? 'no SARIF Multitool binary for this platform' : false }, () => {
    const dir = workspace();
    const { file } = sarifOf(dir);
    const report = join(dir, 'validation.sarif');
    const v = spawnSync(MULTITOOL!, ['validate', '--rule-kind', 'Gh;Sarif', '--output', report, file], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    const found = (JSON.parse(readFileSync(report, 'utf8')) as Sarif.Log).runs.flatMap((r) => r.results ?? []);
    // The validator reports each broken rule as a result; none may remain, at any level.
    assert.deepEqual(
      found.map((r) => `${r.ruleId}: ${r.message.text ?? r.message.id}`),
      [],
    );
  });

  it('keeps a finding\'s fingerprint when lines above it move, and tells two identical findings apart', () => {
    const dir = workspace();
    const before = resultsOf(sarifOf(dir).log).filter((r) => uriOf(r) === 'keys/app.kms.json');
    const moved = KEY('kms:Decrpyt').replace('"Statement": [', '"Statement": [\n\n\n    { "Sid": "Reader", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/reader" }, "Action": "kms:Decrypt", "Resource": "*" },');
    writeFileSync(join(dir, 'keys', 'app.kms.json'), moved);
    const after = resultsOf(sarifOf(dir).log).filter((r) => uriOf(r) === 'keys/app.kms.json');
    const typo = (rs: Sarif.Result[]) => rs.find((r) => r.ruleId === 'unknown-action')!;
    assert.notEqual(typo(after).locations![0].physicalLocation!.region!.startLine, typo(before).locations![0].physicalLocation!.region!.startLine);
    assert.equal(typo(after).partialFingerprints!.primaryLocationLineHash, typo(before).partialFingerprints!.primaryLocationLineHash);
    // The same finding in two files, or twice in one file, gets distinct fingerprints.
    const all = resultsOf(sarifOf(dir).log).map((r) => r.partialFingerprints!.primaryLocationLineHash);
    assert.equal(new Set(all).size, all.length);
  });

  it('reports a finding silenced by keyscope-ignore as suppressed, and does not count it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-sarif-'));
    writeFileSync(join(dir, 'main.tf'), TF);
    const { log, status } = sarifOf(dir, ['--max-warnings', '0']);
    const rotation = resultsOf(log).filter((r) => r.ruleId === 'tf-key-rotation');
    assert.equal(rotation.length, 2);
    const [quiet, loud] = rotation.sort((a, b) => a.locations![0].physicalLocation!.region!.startLine! - b.locations![0].physicalLocation!.region!.startLine!);
    assert.deepEqual(quiet.suppressions, [{ kind: 'inSource', justification: 'keyscope-ignore tf-key-rotation' }]);
    assert.equal(loud.suppressions, undefined);
    // The unsuppressed warning alone fails --max-warnings 0; text output does not show the suppressed one.
    assert.equal(status, 1);
    const text = run(['lint', 'main.tf'], dir).stdout;
    assert.equal(text.match(/\[tf-key-rotation\]/g)?.length, 1);
  });

  it('--exit-zero reports without failing; invocations record the exit code', () => {
    const dir = workspace();
    const failing = sarifOf(dir);
    assert.equal(failing.status, 1);
    assert.equal(failing.log.runs[0].invocations![0].exitCode, 1);
    const zero = sarifOf(dir, ['--exit-zero']);
    assert.equal(zero.status, 0);
    assert.equal(zero.log.runs[0].invocations![0].exitCode, 0);
    assert.equal(zero.log.runs[0].invocations![0].executionSuccessful, true);
    assert.deepEqual(resultsOf(zero.log), resultsOf(failing.log));
    // Bad usage still fails.
    assert.equal(run(['lint', '--exit-zero', 'missing.json'], dir).status, 2);
    assert.equal(run(['lint', '--output', join(dir, 'no', 'such', 'dir', 'x.sarif'), '.'], dir).status, 2);
  });

  it('has code-scanning metadata of its own for every rule of the registry', () => {
    assert.deepEqual(RULES.map((r) => r.meta.id).filter((id) => !CODE_SCANNING[id]), []);
    assert.deepEqual(Object.keys(CODE_SCANNING).filter((id) => !RULES.some((r) => r.meta.id === id)), []);
  });

  it('carries the rule pages inside the CLI bundle: a copy without docs/ gives the same help', () => {
    const dir = workspace();
    const alone = mkdtempSync(join(tmpdir(), 'keyscope-cli-alone-'));
    for (const f of readdirSync(OUT).filter((f) => f === 'cli.js' || f === 'web-tree-sitter.cjs' || f.endsWith('.wasm'))) copyFileSync(join(OUT, f), join(alone, f));
    const r = run(['lint', '--format', 'sarif', '.'], dir, join(alone, 'cli.js'));
    const rules = (JSON.parse(r.stdout) as Sarif.Log).runs[0].tool.driver.rules!;
    const lockout = rules.find((x) => x.id === 'lockout-risk')!;
    const page = readFileSync(join(REPO, 'docs', 'rules', 'lockout-risk.md'), 'utf8');
    assert.ok(lockout.help!.markdown!.startsWith(page.slice(0, page.indexOf('(../'))));
    assert.match(lockout.help!.text, /^lockout-risk\n/);
    assert.doesNotMatch(lockout.help!.text, /^#|\*\*|`/m);
  });
});
