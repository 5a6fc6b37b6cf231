import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliIn } from '../helpers/cli';
import { git } from '../helpers/git';
import { ANALYST, ANALYST_POLICY, ANALYST_ROLE, DELEGATING_KEY } from '../fixtures/identity-policies';

const KEY = DELEGATING_KEY;
const ROLE = ANALYST_ROLE;
const POLICY = ANALYST_POLICY;
const LABEL = ANALYST;

describe('identity policies of the module on the command line', () => {
  it('keyscope access shows iam-allow in every format, naming the statement', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-iam-cli-'));
    writeFileSync(join(dir, 'keys.tf'), KEY);
    writeFileSync(join(dir, 'iam.tf'), ROLE + POLICY);
    const cli = cliIn(dir);
    const text = cli(['access', 'keys.tf']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /role\/analyst \(this account\) +iam \(all\) +iam-allow 1 · iam 1 of 2/);
    assert.match(text.stdout, /role\/analyst \(this account\): Decrypt: allowed: the key policy delegates to IAM, and aws_iam_role_policy.analyst at iam.tf:13 \(statement "ReadOrders"\) allows it/);
    assert.match(text.stdout, /^iam-allow: the key policy delegates to IAM/m);
    const md = cli(['access', '--format', 'markdown', 'keys.tf']);
    assert.match(md.stdout, /\| role\/analyst \(this account\) \| iam \(all\) \| iam-allow 1 · iam 1 of 2 \|/);
    assert.match(md.stdout, /\*\*iam-allow\*\*/);
    const json = JSON.parse(cli(['access', '--format', 'json', 'keys.tf']).stdout);
    const row = json.policies[0].principals.find((p: { label: string }) => p.label === LABEL);
    assert.equal(row.actions['kms:Decrypt'], 'iam-allow');
    assert.deepEqual(row.iam['kms:Decrypt'], {
      policy: 'aws_iam_role_policy.analyst',
      statement: '"ReadOrders"',
      path: join(dir, 'iam.tf'),
      line: 13,
      text: 'allowed: the key policy delegates to IAM, and aws_iam_role_policy.analyst at iam.tf:13 (statement "ReadOrders") allows it',
    });
    assert.equal(json.policies[0].principals[0].iam, undefined, 'the account row has no identity policy');
  });

  it('keyscope diff: a commit adding an aws_iam_role_policy lets the role decrypt through IAM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-iam-diff-'));
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'keys.tf'), KEY);
    writeFileSync(join(dir, 'iam.tf'), ROLE);
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'key and role');
    writeFileSync(join(dir, 'policy.tf'), POLICY);
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'the analyst reads orders');
    const cli = cliIn(dir);
    const text = cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--fail-on', 'new-access']);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /\+ role\/analyst \(this account\) {2}Read data: kms:Decrypt: iam -> iam-allow {2}\[.*through aws_iam_role_policy.analyst at policy.tf:9\]/);
    const md = cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown']);
    assert.match(md.stdout, /role\/analyst \(this account\) can now Decrypt on aws\\_kms\\_key.orders through IAM: aws\\_iam\\_role\\_policy.analyst at policy.tf:9 allows it/);
    const json = JSON.parse(cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json']).stdout);
    const [change] = json.keys[0].changes;
    assert.deepEqual([change.label, change.action, change.before, change.after, change.newAccess], [LABEL, 'kms:Decrypt', 'iam', 'iam-allow', true]);
    assert.deepEqual(change.identityPolicy, { text: 'aws_iam_role_policy.analyst at policy.tf:9', file: 'policy.tf', line: 9 });
    const sarif = JSON.parse(cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'sarif']).stdout);
    const [result] = sarif.runs[0].results;
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'policy.tf');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 9);
  });

  it('keyscope diff: a change to a role\'s policy in another folder of the workspace, deploying to the key\'s account', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-iam-cli-ws-'));
    const provider = 'provider "aws" {\n  allowed_account_ids = ["111122223333"]\n}\n';
    mkdirSync(join(dir, 'kms'));
    mkdirSync(join(dir, 'apps', 'analyst'), { recursive: true });
    writeFileSync(join(dir, 'kms', 'keys.tf'), KEY);
    writeFileSync(join(dir, 'kms', 'providers.tf'), provider);
    writeFileSync(join(dir, 'apps', 'analyst', 'providers.tf'), provider);
    const iam = (action: string) => (ROLE + POLICY).replace('[aws_kms_key.orders.arn]', '["*"]').replace('"kms:Decrypt"', `"${action}"`);
    writeFileSync(join(dir, 'apps', 'analyst', 'iam.tf'), iam('kms:DescribeKey'));
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'key and role');
    writeFileSync(join(dir, 'apps', 'analyst', 'iam.tf'), iam('kms:Decrypt'));
    const r = cliIn(dir)(['diff', '--fail-on', 'new-access']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /\+ role\/analyst \(this account\) +Read data: kms:Decrypt: iam -> iam-allow .*through aws_iam_role_policy\.analyst at apps\/analyst\/iam\.tf:13/);
  });
});
