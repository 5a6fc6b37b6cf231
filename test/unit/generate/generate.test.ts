import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { FORMATS, GenerateInputError, generatePolicy, SCOPES, type GenerateInput, type Scope } from '../../../server/src/generate';
import { initTerraform } from '../../../server/src/terraform';
import { ACCOUNT, exampleInput, role } from '../../helpers/generate';
import { run } from '../../helpers/rule-table';

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;

interface Stmt {
  Sid: string;
  Effect: string;
  Principal: { AWS?: string | string[] };
  Action: string | string[];
  Resource: string;
  Condition?: Record<string, Record<string, string | string[]>>;
}
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const statements = (scope: Scope, over: Partial<GenerateInput> = {}) =>
  (JSON.parse(generatePolicy({ ...exampleInput(scope), ...over }).text).Statement as Stmt[]);
/** Every action an Allow statement grants the principal. */
const allowed = (stmts: Stmt[], arn: string) => stmts.filter((s) => s.Effect === 'Allow' && list(s.Principal.AWS).includes(arn)).flatMap((s) => list(s.Action));

describe('generatePolicy: analysed by the engine', () => {
  before(() => initTerraform());
  for (const scope of SCOPES) {
    for (const format of FORMATS) {
      it(`${scope} as ${format} has no error or warning`, () => {
        const g = generatePolicy(exampleInput(scope, format));
        const result = run(g.text, g.fileName);
        assert.ok(result.syntax !== 'none');
        assert.equal(result.sources.length, 1);
        const bad = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
        assert.deepEqual(bad.map((f) => `${f.ruleId}: ${f.message}`), []);
      });
    }
  }
});

describe('generatePolicy: least privilege per scope', () => {
  it('Business Unit delegates to the account IAM and adds the administrators', () => {
    const s = statements('bu');
    assert.deepEqual(s[0], { Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' });
    assert.ok(allowed(s, role('key-admin')).includes('kms:PutKeyPolicy'));
    assert.ok(!s.some((x) => x.Effect === 'Deny'));
    assert.match(generatePolicy(exampleInput('bu', 'tf')).text, /access is controlled by the account's IAM policies/);
  });

  it('Functional Domain: writers encrypt but never decrypt, readers decrypt, administrators never use data', () => {
    const s = statements('domain');
    const writer = allowed(s, role('orders-collector'));
    const reader = allowed(s, role('orders-processor'));
    const admin = allowed(s, role('ci-deployer'));
    assert.ok(writer.includes('kms:Encrypt') && writer.includes('kms:GenerateDataKey*') && writer.includes('kms:ReEncryptTo'));
    assert.ok(!writer.some((a) => /Decrypt|ReEncryptFrom|ReEncrypt\*|CreateGrant|\*$/.test(a) && a !== 'kms:GenerateDataKey*'));
    assert.ok(reader.includes('kms:Decrypt') && reader.includes('kms:ReEncryptFrom') && !reader.includes('kms:Encrypt'));
    assert.ok(admin.includes('kms:PutKeyPolicy') && !admin.some((a) => /Decrypt|Encrypt|GenerateDataKey|CreateGrant/.test(a)));
    assert.ok(!s.some((x) => x.Effect === 'Deny'));
  });

  it('the account root is granted to the root user only outside the Business Unit scope', () => {
    for (const scope of ['domain', 'app', 'team'] as const) {
      const root = statements(scope).find((x) => list(x.Principal.AWS).includes(ROOT))!;
      assert.deepEqual(root.Condition, { ArnEquals: { 'aws:PrincipalArn': ROOT } }, scope);
    }
  });

  it('grants for AWS resources go to readers, with kms:GrantIsForAWSResource', () => {
    const grants = statements('domain').filter((x) => list(x.Action).includes('kms:CreateGrant'));
    assert.equal(grants.length, 1);
    assert.deepEqual(list(grants[0].Principal.AWS), [role('orders-processor')]);
    assert.deepEqual(grants[0].Condition, { Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  });

  it('Application and Team deny everyone but the named principals and the account root', () => {
    for (const scope of ['app', 'team'] as const) {
      const input = exampleInput(scope);
      const deny = statements(scope).filter((x) => x.Effect === 'Deny');
      assert.equal(deny.length, 1, scope);
      assert.equal(deny[0].Sid, 'DenyEveryoneElse');
      assert.deepEqual(deny[0].Principal, { AWS: '*' });
      assert.equal(deny[0].Action, 'kms:*');
      const except = list(deny[0].Condition!.ArnNotEquals['aws:PrincipalArn']);
      assert.deepEqual(new Set(except), new Set([...input.admins, ...input.readers, ...input.writers, ROOT]));
      assert.deepEqual(deny[0].Condition!.Bool, { 'aws:PrincipalIsAWSService': 'false' });
    }
  });

  it('one "use" statement when readers and writers are the same, separate ones otherwise', () => {
    assert.ok(statements('app').some((x) => x.Sid === 'AllowUseOfTheKey'));
    const split = statements('app', { writers: [role('billing-app'), role('billing-batch')] });
    assert.deepEqual(split.map((x) => x.Sid).filter((x) => /^Allow(Read|Write)Data|^AllowUse/.test(x)), ['AllowReadData', 'AllowWriteData']);
  });

  it('trims and de-duplicates principals', () => {
    const s = statements('app', { readers: [` ${role('billing-app')} `, role('billing-app')], writers: [role('billing-app')] });
    assert.deepEqual(s.find((x) => x.Sid === 'AllowUseOfTheKey')!.Principal, { AWS: role('billing-app') });
  });
});

describe('generatePolicy: Terraform', () => {
  for (const format of ['tf', 'tf-doc'] as const) {
    it(`${format}: key with rotation, 30-day window, tags, alias/<name>-<stage>`, () => {
      const g = generatePolicy({ ...exampleInput('domain', format), scopeName: 'order-events' });
      assert.equal(g.fileName, 'kms-order-events-prod.tf');
      assert.match(g.text, /resource "aws_kms_key" "order_events_prod" \{/);
      assert.match(g.text, /^ {2}enable_key_rotation {5}= true$/m);
      assert.match(g.text, /^ {2}deletion_window_in_days = 30$/m);
      assert.match(g.text, /Scope = "functional-domain"/);
      assert.match(g.text, /Stage = "prod"/);
      assert.match(g.text, /resource "aws_kms_alias" "order_events_prod" \{\n {2}name {10}= "alias\/order-events-prod"\n {2}target_key_id = aws_kms_key\.order_events_prod\.key_id\n\}/);
      if (format === 'tf') assert.match(g.text, /policy = jsonencode\(\{/);
      else {
        assert.match(g.text, /data "aws_iam_policy_document" "order_events_prod" \{/);
        assert.match(g.text, /policy {18}= data\.aws_iam_policy_document\.order_events_prod\.json/);
      }
    });
  }

  const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  it('is already formatted as `terraform fmt` would', { skip: terraform.status !== 0 && 'terraform is not installed' }, () => {
    for (const scope of SCOPES) {
      for (const format of ['tf', 'tf-doc'] as const) {
        const text = generatePolicy(exampleInput(scope, format)).text;
        const r = spawnSync('terraform', ['fmt', '-'], { input: text, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, text, `${scope} ${format}`);
      }
    }
  });
});

describe('generatePolicy: input', () => {
  it('throws every problem at once', () => {
    assert.throws(
      () => generatePolicy({ ...exampleInput('app'), account: '1234567890', readers: ['arn:aws:iam::111122223333:group/x'] }),
      (e: unknown) => e instanceof GenerateInputError && e.problems.length === 2,
    );
  });
  it('names JSON files so Keyscope analyses them', () => {
    assert.equal(generatePolicy(exampleInput('team')).fileName, 'finance-prod.kms.json');
  });
});
