// The CLI as a process on key policies written in a variable file (test/fixtures/forms/tfvars-policy): a policy
// object in terraform.tfvars is judged there, on its own lines; a policy file named by a variable is read.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliIn, lintJson } from '../helpers/cli';

const DIR = join(__dirname, '..', 'fixtures', 'forms', 'tfvars-policy');

describe('keyscope on key policies in variable files', () => {
  const findings = lintJson(DIR);

  it('reports kms:* of the policy written in terraform.tfvars on its line there', () => {
    const star = findings.filter((f) => f.ruleId === 'kms-star');
    assert.deepEqual(star.map((f) => `${f.file}:${f.range.start.line + 1}`), ['terraform.tfvars:15']);
    assert.match(star[0].message, /role\/operator/);
  });

  it('follows file(var.logs_policy_file) to the file terraform.tfvars names', () => {
    assert.ok(findings.some((f) => f.file === 'main.tf' && f.ruleId === 'public-principal' && f.range.start.line + 1 === 25));
  });

  it('keyscope access on the variable file shows the key the policy belongs to', () => {
    const r = cliIn(DIR)(['access', '--format', 'json', 'terraform.tfvars']);
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(r.stdout).policies[0] as { name: string; principals: { label: string }[] };
    assert.equal(p.name, 'aws_kms_key.app');
    assert.ok(p.principals.some((x) => x.label === 'role/operator (111122223333)'));
  });
});

// A policy object in terraform.tfvars.json (test/fixtures/forms/tfvars-json-policy): judged in the JSON
// variable file, on its lines; the other values of the file are not policies.
describe('keyscope on a key policy in a JSON variable file', () => {
  const JSON_DIR = join(__dirname, '..', 'fixtures', 'forms', 'tfvars-json-policy');
  const findings = lintJson(JSON_DIR);

  it('reports kms:* of the policy written in terraform.tfvars.json on its line there, and nothing in main.tf', () => {
    const star = findings.filter((f) => f.ruleId === 'kms-star');
    assert.deepEqual(star.map((f) => `${f.file}:${f.range.start.line + 1}`), ['terraform.tfvars.json:17']);
    assert.match(star[0].message, /role\/orders-operator/);
    assert.ok(!findings.some((f) => f.file === 'main.tf'), JSON.stringify(findings));
    assert.ok(!findings.some((f) => f.severity === 'error'), JSON.stringify(findings));
  });

  it('keyscope access on the JSON variable file shows the key the policy belongs to', () => {
    const r = cliIn(JSON_DIR)(['access', '--format', 'json', 'terraform.tfvars.json']);
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(r.stdout).policies[0] as { name: string; principals: { label: string }[] };
    assert.equal(p.name, 'aws_kms_key.orders');
    assert.ok(p.principals.some((x) => x.label === 'role/orders-operator (111122223333)'));
  });
});
