/**
 * `keyscope lint --format gitlab`, run as a process on real files: GitLab's SAST report, checked against the
 * rules GitLab states for a report it ingests, written down below as a JSON schema with their source, and for
 * what a team relies on in the security widget (severities, ids that survive lines moving, silenced findings
 * left out, the exit status).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Ajv from 'ajv';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');

/**
 * What GitLab requires of a SAST report, from its security report schema 15.x
 * (gitlab.com/gitlab-org/security-products/security-report-schemas, dist/sast-report-format.json and the
 * common definitions it extends) and the "Report" section of GitLab's "Security scanner integration" page
 * (docs.gitlab.com/development/integrations/secure): a report that fails these is listed under "Error parsing
 * security reports" and not ingested.
 */
const TEXT = { type: 'string', minLength: 1 };
const TOOL = {
  type: 'object',
  // analyzer and scanner: id, name, version and vendor.name, none empty; url optional.
  required: ['id', 'name', 'version', 'vendor'],
  properties: { id: TEXT, name: TEXT, version: TEXT, url: { type: 'string', format: 'uri' }, vendor: { type: 'object', required: ['name'], properties: { name: TEXT } } },
};
const IDENTIFIER = {
  type: 'object',
  // identifier: type, name and value, none empty; url optional (a URI).
  required: ['type', 'name', 'value'],
  properties: { type: TEXT, name: TEXT, value: TEXT, url: { type: 'string', format: 'uri' } },
};
// Times: date and time of day without zone or fraction, the schema's pattern.
const TIME = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$' };
const GITLAB_SAST_SCHEMA = {
  type: 'object',
  required: ['version', 'scan', 'vulnerabilities'],
  properties: {
    // The schema version the report follows: a semantic version, 15.x for the versions GitLab supports today.
    version: { type: 'string', pattern: '^15\\.\\d+\\.\\d+$' },
    schema: { type: 'string', format: 'uri' },
    scan: {
      type: 'object',
      required: ['analyzer', 'scanner', 'type', 'start_time', 'end_time', 'status'],
      properties: {
        analyzer: TOOL,
        scanner: TOOL,
        type: { const: 'sast' },
        start_time: TIME,
        end_time: TIME,
        status: { enum: ['success', 'failure'] },
        messages: { type: 'array', items: { type: 'object', required: ['level', 'value'], properties: { level: { enum: ['info', 'warn', 'fatal'] }, value: { type: 'string' } } } },
        primary_identifiers: { type: 'array', items: IDENTIFIER },
      },
    },
    vulnerabilities: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'identifiers', 'location'],
        properties: {
          // Unique in the report (checked below); GitLab's page asks for a UUID.
          id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
          name: { type: 'string', maxLength: 255 },
          description: { type: 'string', maxLength: 1048576 },
          severity: { enum: ['Info', 'Unknown', 'Low', 'Medium', 'High', 'Critical'] },
          identifiers: { type: 'array', minItems: 1, items: IDENTIFIER },
          links: { type: 'array', items: { type: 'object', required: ['url'], properties: { name: { type: 'string' }, url: { type: 'string', format: 'uri' } } } },
          // SAST location: the file relative to the project, lines from 1.
          location: { type: 'object', required: ['file', 'start_line'], properties: { file: TEXT, start_line: { type: 'integer', minimum: 1 }, end_line: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(GITLAB_SAST_SCHEMA);

interface Vulnerability {
  id: string;
  name: string;
  description: string;
  severity: string;
  location: { file: string; start_line: number; end_line: number };
  identifiers: { type: string; value: string }[];
}
interface Report {
  version: string;
  scan: { status: string; messages: { level: string; value: string }[]; primary_identifiers: { value: string }[] };
  vulnerabilities: Vulnerability[];
}

const POLICY = (extra: object[]) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, ...extra],
    },
    null,
    2,
  );
const PUBLIC = { Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' };
const TYPO = { Sid: 'App', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: 'kms:Decrpyt', Resource: '*' };
const TF = `# keyscope-ignore tf-key-rotation
resource "aws_kms_key" "quiet" {
  description = "rotation is handled elsewhere"
}

resource "aws_kms_key" "loud" {
  description = "no rotation"
}
`;

describe('keyscope lint --format gitlab', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  function workspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-gitlab-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'keys'));
    writeFileSync(join(dir, 'keys', 'public.kms.json'), POLICY([PUBLIC]));
    writeFileSync(join(dir, 'keys', 'app.kms.json'), POLICY([TYPO]));
    writeFileSync(join(dir, 'main.tf'), TF);
    return dir;
  }
  function report(dir: string, extra: string[] = []): { report: Report; status: number | null } {
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'gitlab', '--output', 'gl-sast-report.json', ...extra, '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.stdout, '', 'the report goes to --output');
    return { report: JSON.parse(readFileSync(join(dir, 'gl-sast-report.json'), 'utf8')) as Report, status: r.status };
  }

  it('writes a report GitLab ingests: the schema\'s rules hold and every id is unique', () => {
    const { report: rep, status } = report(workspace());
    assert.equal(status, 1, 'an error finding fails the run, as with every format');
    assert.ok(validate(rep), JSON.stringify(validate.errors, null, 2));
    assert.ok(rep.vulnerabilities.length >= 3);
    assert.equal(new Set(rep.vulnerabilities.map((v) => v.id)).size, rep.vulnerabilities.length, 'ids are unique');
    assert.equal(rep.scan.status, 'success');
    // Every identifier a vulnerability uses as its primary one is declared in the scan.
    const declared = new Set(rep.scan.primary_identifiers.map((i) => i.value));
    for (const v of rep.vulnerabilities) assert.ok(declared.has(v.identifiers[0].value), v.identifiers[0].value);
  });

  it('grades by the rule: anyone decrypting is Critical, a misspelt action Medium; files relative, lines from 1', () => {
    const dir = workspace();
    const { report: rep } = report(dir);
    const of = (rule: string) => rep.vulnerabilities.filter((v) => v.identifiers[0].type === 'keyscope_rule_id' && v.identifiers[0].value === rule);
    const [pub] = of('public-principal');
    assert.equal(pub.severity, 'Critical');
    assert.equal(pub.location.file, 'keys/public.kms.json');
    const text = readFileSync(join(dir, 'keys', 'public.kms.json'), 'utf8').split('\n');
    assert.ok(text[pub.location.start_line - 1].includes('"Principal": "*"'), 'the line is the principal\'s');
    const [typo] = of('unknown-action');
    assert.equal(typo.severity, 'Medium');
    assert.match(typo.description, /Decrpyt/);
  });

  it('leaves out a finding keyscope-ignore silences, and keeps the other of the same rule', () => {
    const { report: rep } = report(workspace());
    const rotation = rep.vulnerabilities.filter((v) => v.identifiers[0].value === 'tf-key-rotation');
    assert.equal(rotation.length, 1);
    assert.ok(rotation[0].location.start_line > 4, 'the one left is the key not silenced');
  });

  it('keeps each finding\'s id when lines are added above it, so GitLab tracks it as the same vulnerability', () => {
    const dir = workspace();
    const before = report(dir).report.vulnerabilities.find((v) => v.identifiers[0].value === 'public-principal')!;
    // A new statement above the public one moves it down.
    const moved = POLICY([{ Sid: 'Ops', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/ops' }, Action: 'kms:DescribeKey', Resource: '*' }, PUBLIC]);
    writeFileSync(join(dir, 'keys', 'public.kms.json'), moved);
    const after_ = report(dir).report.vulnerabilities.find((v) => v.identifiers[0].value === 'public-principal')!;
    assert.notEqual(after_.location.start_line, before.location.start_line);
    assert.equal(after_.id, before.id);
  });

  it('--exit-zero reports without failing; a settings severity of info makes a finding Info', () => {
    const dir = workspace();
    writeFileSync(join(dir, '.keyscope.json'), JSON.stringify({ rules: { 'unknown-action': 'info' } }));
    const { report: rep, status } = report(dir, ['--exit-zero']);
    assert.equal(status, 0);
    assert.ok(validate(rep));
    assert.equal(rep.vulnerabilities.find((v) => v.identifiers[0].value === 'unknown-action')?.severity, 'Info');
  });

  it('says what it could not judge in the scan\'s messages', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'bucket.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] }));
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'gitlab', 'bucket.json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const rep = JSON.parse(r.stdout) as Report;
    assert.ok(validate(rep), JSON.stringify(validate.errors));
    assert.ok(rep.scan.messages.some((m) => m.level === 'info' && m.value.startsWith('bucket.json: ') && m.value.includes('not judged as a key policy')), JSON.stringify(rep.scan.messages));
  });
});
