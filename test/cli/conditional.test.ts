// The CLI as a process on statement lists built with concat and conditionals (test/fixtures/forms/conditional):
// every branch of an unknown condition is read and marked "if <condition>", a known condition picks its branch.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliIn, lintJson } from '../helpers/cli';

const DIR = join(__dirname, '..', 'fixtures', 'forms', 'conditional');
const cli = cliIn(DIR);

interface Row {
  label: string;
  actions: Record<string, string>;
}

describe('keyscope on conditional statement lists', () => {
  const findings = lintJson(DIR);
  const access = cli(['access', '--format', 'json', 'main.tf']);
  const policies = JSON.parse(access.stdout).policies as { name: string; principals: Row[] }[];
  const rows = (name: string) => policies.find((p) => p.name === name)!.principals;

  it('reads a statement under an unknown condition: its public principal is reported', () => {
    assert.deepEqual(findings.filter((f) => f.ruleId === 'public-principal').map((f) => f.range.start.line + 1), [33]);
  });

  it('marks its cells "if <condition>" in the matrix', () => {
    const anyone = rows('aws_kms_key.logs').find((r) => r.label === 'anyone (*)')!;
    assert.equal(anyone.actions['kms:Decrypt'], 'conditional');
    assert.equal(anyone.actions['kms:PutKeyPolicy'], 'none');
    assert.match(cli(['access', 'main.tf']).stdout, /anyone \(\*\): Allow if var\.enable_log_delivery \(statement "LogDelivery", written under this Terraform condition\)/);
  });

  it('takes the branch of a condition the module decides', () => {
    assert.deepEqual(rows('aws_kms_key.strict').map((r) => r.label), ['anyone in account 111122223333 whose IAM policy allows it']);
  });

  it('concludes no lockout when the administrators are switched by an unknown condition', () => {
    assert.deepEqual(findings.filter((f) => f.ruleId === 'lockout-risk'), []);
    const admins = rows('aws_kms_key.switched').find((r) => r.label.startsWith('var.admin_role_arns ('))!;
    assert.equal(admins.actions['kms:PutKeyPolicy'], 'conditional');
    assert.match(cli(['access', 'main.tf']).stdout, /Allow if !\(length\(var\.admin_role_arns\) > 0\)/);
  });
});
