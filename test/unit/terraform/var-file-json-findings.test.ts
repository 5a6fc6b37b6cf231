// A finding caused by a value of a JSON variable file (terraform.tfvars.json) is reported there, at the value,
// as for an HCL one (test/fixtures/forms/tfvars-values); a policy file named by a variable (`file(var.x)`,
// test/fixtures/forms/tfvars-policy) has its findings reported at the variable file's path value too,
// pointing at the place in the policy file and at the use.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

const FORMS = join(__dirname, '..', '..', 'fixtures', 'forms');
const MAIN = readFileSync(join(FORMS, 'tfvars-values', 'main.tf'), 'utf8');
const VARS_JSON = '{\n  "admins": ["arn:aws:iam::111122223333:role/admin"],\n  "readers": ["*"]\n}\n';

describe('terraform: findings caused by a JSON variable file, and by the policy file a variable names', () => {
  before(() => initTerraform());

  it('the public reader set in terraform.tfvars.json is reported at its value, pointing at the use', () => {
    const files = { '/ws/live/main.tf': MAIN, '/ws/live/terraform.tfvars.json': VARS_JSON };
    const a = analyze({ path: '/ws/live/terraform.tfvars.json', text: VARS_JSON, host: memoryHost(files) });
    const pub = a.findings.filter((f) => f.ruleId === 'public-principal');
    assert.deepEqual(pub.map((f) => [VARS_JSON.slice(f.span.start, f.span.end), f.fixes.length, f.related?.map((r) => `${r.path}:${r.line + 1}`)]), [['["*"]', 0, ['/ws/live/main.tf:19']]]);
    // Not caused by the file: the .tf file's alone. The key is not one of the variable file's.
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'unknown-action'), []);
    assert.ok(a.sources.every((s) => s.echo));
  });

  it('the value as the editor holds it (unsaved) is what the module reads', () => {
    const files = { '/ws/live/main.tf': MAIN, '/ws/live/terraform.tfvars.json': VARS_JSON.replace('["*"]', '[]') };
    const a = analyze({ path: '/ws/live/terraform.tfvars.json', text: VARS_JSON, host: memoryHost(files) });
    assert.equal(a.findings.filter((f) => f.ruleId === 'public-principal').length, 1);
    const tfvars = 'admins  = ["arn:aws:iam::111122223333:role/admin"]\nreaders = ["*"]\n';
    const hcl = analyze({ path: '/ws/live/terraform.tfvars', text: tfvars, host: memoryHost({ '/ws/live/main.tf': MAIN, '/ws/live/terraform.tfvars': 'readers = []\n' }) });
    assert.deepEqual(hcl.findings.filter((f) => f.ruleId === 'public-principal').map((f) => tfvars.slice(f.span.start, f.span.end)), ['["*"]']);
  });

  it('a policy file named in terraform.tfvars: its findings at the path value, pointing into the file and at the use', () => {
    const dir = join(FORMS, 'tfvars-policy');
    const names = ['main.tf', 'terraform.tfvars', 'policies/logs.json'];
    const files = Object.fromEntries(names.map((n) => [`/ws/p/${n}`, readFileSync(join(dir, n), 'utf8')]));
    const tfvars = files['/ws/p/terraform.tfvars'];
    const a = analyze({ path: '/ws/p/terraform.tfvars', text: tfvars, host: memoryHost(files) });
    const pub = a.findings.filter((f) => f.ruleId === 'public-principal');
    assert.deepEqual(pub.map((f) => [tfvars.slice(f.span.start, f.span.end), f.related?.map((r) => `${r.path}:${r.line + 1} ${r.message}`)]), [
      ['"policies/logs.json"', ['/ws/p/policies/logs.json:14 here in the policy file logs.json', '/ws/p/main.tf:25 var.logs_policy_file names the policy file here, in main.tf']],
    ]);
  });
});
