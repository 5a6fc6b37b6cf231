// test/fixtures/forms/tfvars-values. A finding caused by a value of a variable file is reported in that file, at the value (as well as at the
// use, with related information): the .tfvars line is what the user edits. Findings that do not depend on
// what the file sets stay in the .tf file alone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

const DIR = join(__dirname, '..', '..', 'fixtures', 'forms', 'tfvars-values');
const MAIN = readFileSync(join(DIR, 'main.tf'), 'utf8');
const TFVARS = readFileSync(join(DIR, 'terraform.tfvars'), 'utf8');

describe('terraform: findings caused by a variable file, reported there', () => {
  before(() => initTerraform());
  const files = { '/ws/live/main.tf': MAIN, '/ws/live/terraform.tfvars': TFVARS };

  it('the public reader set in terraform.tfvars is reported at its value, pointing at the use', () => {
    const a = analyze({ path: '/ws/live/terraform.tfvars', text: TFVARS, host: memoryHost(files) });
    const pub = a.findings.filter((f) => f.ruleId === 'public-principal');
    assert.deepEqual(pub.map((f) => TFVARS.slice(f.span.start, f.span.end)), ['["*"]']);
    assert.equal(pub[0].related?.[0].path, '/ws/live/main.tf');
    assert.equal(pub[0].related?.[0].line, 18); // 0-based: line 19, the Read statement
    // The misspelt action does not depend on the file: the .tf file reports it, not the variable file.
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'unknown-action'), []);
  });

  it('the .tf file still reports it at the use', () => {
    const a = analyze({ path: '/ws/live/main.tf', text: MAIN, host: memoryHost(files) });
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'public-principal').map((f) => MAIN.slice(f.span.start, f.span.end)), ['var.readers']);
  });
});
