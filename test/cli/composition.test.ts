// The CLI as a process on composed policy documents (test/fixtures/forms/composition): the key's policy is the
// composition the AWS provider makes, fragments are never judged as whole policies, the provider's Sid errors
// are reported, a statement shared by several compositions is reported once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliIn, lintJson, type JsonFinding } from '../helpers/cli';

const DIR = join(__dirname, '..', 'fixtures', 'forms', 'composition');
const cli = cliIn(DIR);


describe('keyscope on composed policy documents', () => {
  const findings = lintJson(DIR);
  const at = (f: JsonFinding) => `${f.file}:${f.range.start.line + 1} ${f.ruleId} ${f.severity}`;

  it('judges no fragment as a whole policy: no lockout, no empty Statement', () => {
    assert.deepEqual(findings.filter((f) => f.ruleId === 'lockout-risk' || (f.ruleId === 'statement-shape' && f.severity === 'error')).map(at), []);
  });

  it('reports what is wrong, each once, where it is written', () => {
    assert.deepEqual(findings.filter((f) => f.severity !== 'info').map(at), ['main.tf:80 public-principal error', 'main.tf:95 duplicate-sid error']);
    assert.match(findings.find((f) => f.ruleId === 'duplicate-sid')!.message, /source_policy_documents\) must have unique Sids/);
    assert.equal(findings.filter((f) => f.ruleId === 'root-delegation').length, 1, 'the shared Root statement is reported once');
  });

  it('notes a fragment whose only consumer is outside the workspace (a document, a policy written as a module argument)', () => {
    const note = findings.filter((f) => f.ruleId === 'statement-shape' && f.severity === 'info');
    assert.deepEqual(note.map(at), ['fragments.tf:19 statement-shape info', 'fragments.tf:57 statement-shape info']);
    assert.match(note[0].message, /only feeds module\.registry_key \(argument source_policy_documents\), outside this workspace/);
  });

  it('the matrix reads the composition: the override replaced the source statement in place', () => {
    const r = cli(['access', '--format', 'json', 'main.tf']);
    assert.equal(r.status, 0, r.stderr);
    const policies = JSON.parse(r.stdout).policies as { name: string; principals: { label: string; actions: Record<string, string> }[] }[];
    const app = policies.find((p) => p.name === 'aws_kms_key.app')!;
    assert.deepEqual(app.principals.map((p) => p.label), ['anyone in this account whose IAM policy allows it', 'role/narrow-reader (111122223333)', 'role/app (111122223333)']);
    const nested = policies.find((p) => p.name === 'aws_kms_key.nested')!;
    assert.equal(nested.principals.find((p) => p.label === 'anyone (*)')?.actions['kms:Decrypt'], 'conditional');
    assert.equal(nested.principals.find((p) => p.label === 'role/auditor (111122223333)')?.actions['kms:DescribeKey'], 'allow');
  });
});

// A policy document composed from another file of the module (test/fixtures/forms/composition-files): each
// finding on its statements, reported at the reference in the key's file, points at where it is written.
describe('keyscope on a policy document composed from another file', () => {
  const FILES = join(__dirname, '..', 'fixtures', 'forms', 'composition-files');
  const findings = lintJson(FILES) as (JsonFinding & { related?: { file: string; line: number; message: string }[] })[];

  it('points a finding on a statement of statements.tf at its line there', () => {
    const star = findings.filter((f) => f.ruleId === 'kms-star').map((f) => `${f.file}:${f.range.start.line + 1} -> ${f.related?.map((r) => `${r.file}:${r.line + 1} ${r.message}`).join(', ') ?? 'nothing'}`);
    assert.deepEqual(star, ['key.tf:12 -> statements.tf:5 written here in statements.tf', 'statements.tf:5 -> nothing']);
  });

  it('gives a statement of the key file itself no such pointer', () => {
    const root = findings.filter((f) => f.ruleId === 'root-delegation');
    assert.deepEqual(root.map((f) => [f.file, f.related]), [['key.tf', undefined]]);
  });
});
