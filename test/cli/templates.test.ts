// The CLI as a process on key policies rendered from a Terraform template (test/fixtures/forms/templates):
// templatefile() with its variables, a variable the call does not set, the legacy template_file data source,
// the template itself linted as those calls render it (findings at its text, pointing at the call), and a
// template no call reads linted with its placeholders symbolic.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliIn, lintJson, type JsonFinding } from '../helpers/cli';

const DIR = join(__dirname, '..', 'fixtures', 'forms', 'templates');
const cli = cliIn(DIR);


describe('keyscope on templated key policies', () => {
  const findings = lintJson(DIR);
  const at = (f: JsonFinding) => `${f.file}:${f.range.start.line + 1} ${f.ruleId}`;

  it('renders the template with the call variables: an 11-digit account is an invalid principal at the call and in the template', () => {
    const bad = findings.filter((f) => f.ruleId === 'invalid-principal');
    assert.deepEqual(bad.map(at), ['main.tf:16 invalid-principal', `${join('templates', 'key-policy.json.tpl')}:7 invalid-principal`]);
    assert.match(bad[0].message, /"11112222333" is not an account id/);
  });

  it('points each finding of a rendered template at the place in the template it is about', () => {
    const related = (rule: string, line: number) => {
      const f = findings.find((x) => x.ruleId === rule && x.file === 'main.tf' && x.range.start.line + 1 === line) as (JsonFinding & { related?: { file: string; line: number; message: string }[] }) | undefined;
      return f?.related?.map((r) => `${r.file}:${r.line + 1} ${r.message}`);
    };
    const tpl = join('templates', 'key-policy.json.tpl');
    assert.deepEqual(related('invalid-principal', 16), [`${tpl}:7 here in the template key-policy.json.tpl`]);
    assert.deepEqual(related('service-principal-without-source', 16), [`${tpl}:21 here in the template key-policy.json.tpl`]);
    assert.deepEqual(related('public-principal', 49), [`${tpl}:14 here in the template key-policy.json.tpl`]);
  });

  it('reads a bare list placeholder as the JSON it renders to', () => {
    assert.ok(findings.some((f) => at(f) === 'main.tf:49 public-principal'), 'reader_arns = ["*"] through template_file is public');
  });

  it('reports a variable the call does not set, at the call (and in the template, pointing at the call)', () => {
    const missing = findings.filter((f) => /which the call's variables do not set/.test(f.message));
    assert.deepEqual(missing.map(at), ['main.tf:28 json-syntax', `${join('templates', 'key-policy.json.tpl')}:1 json-syntax`]);
    assert.match(missing[0].message, /\$\{allow_logs\}/);
  });

  it('lints the template as its calls render it, each finding pointing at the call', () => {
    const own = findings.filter((f) => f.file === join('templates', 'key-policy.json.tpl')) as (JsonFinding & { related?: { file: string; line: number }[] })[];
    assert.deepEqual(own.filter((f) => f.severity === 'error').map((f) => `${at(f)} <- ${f.related?.map((r) => `${r.file}:${r.line + 1}`)}`), [
      `${join('templates', 'key-policy.json.tpl')}:1 json-syntax <- main.tf:28`,
      `${join('templates', 'key-policy.json.tpl')}:7 invalid-principal <- main.tf:16`,
      `${join('templates', 'key-policy.json.tpl')}:14 public-principal <- main.tf:49`,
    ]);
    const named = cli(['lint', '--format', 'json', join('templates', 'key-policy.json.tpl')]);
    assert.equal(named.status, 1, named.stderr);
    assert.ok((JSON.parse(named.stdout) as JsonFinding[]).some((f) => f.ruleId === 'invalid-principal'), 'a template named on the command line is rendered by its calls');
  });

  it('lints a template no call reads on its own, placeholders symbolic: no error, no invalid principal', () => {
    const own = findings.filter((f) => f.file === join('templates', 'standalone.json.tpl'));
    assert.ok(own.length > 0, 'the template is linted');
    assert.deepEqual(own.filter((f) => f.severity === 'error' || f.severity === 'warning').map(at), []);
  });
});
