// The CLI as a process on principals written as Terraform expressions (test/fixtures/forms/expression-principals):
// their kind shows whatever the variables hold, and the rules judge them by it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliIn, lintJson, type JsonFinding } from '../helpers/cli';

const DIR = join(__dirname, '..', 'fixtures', 'forms', 'expression-principals');
const cli = cliIn(DIR);

describe('keyscope on expression principals with a visible kind', () => {
  const findings = lintJson(DIR);
  const lines = (rule: string) => findings.filter((f: JsonFinding) => f.ruleId === rule).map((f) => f.range.start.line + 1);

  it('a user ARN built from variables is a user: kms:* to it is reported', () => {
    assert.deepEqual(lines('kms-star'), [42]);
    assert.ok(lines('grant-without-aws-resource').includes(42));
  });

  it('KMS key ARNs built by a for expression, and an 11-digit account from a local, are invalid principals', () => {
    assert.deepEqual(lines('invalid-principal'), [48, 48, 55]);
    assert.ok(findings.some((f) => /key\/orders" is a KMS key ARN, not a principal/.test(f.message)));
    assert.ok(findings.some((f) => /local\.partner_account is "44445555666": .*exactly 12 digits/.test(f.message)));
  });

  it('the root with an interpolated account is no invalid principal, and the deployer is named as such', () => {
    assert.ok(!lines('invalid-principal').includes(34));
    const r = cli(['access', '--format', 'json', 'main.tf']);
    const labels = (JSON.parse(r.stdout).policies[0].principals as { label: string }[]).map((p) => p.label);
    assert.ok(labels.includes('data.aws_caller_identity.current.arn: the deploying identity (may be a role session)'), labels.join(' | '));
    assert.ok(labels.includes('user/${var.operator} (${var.account_id})'));
  });
});
