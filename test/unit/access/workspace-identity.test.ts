import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createKeyscope } from '../../../server/src/service';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';
import { DEFAULT_POLICY_KEY } from '../../fixtures/identity-policies';

const KEY = DEFAULT_POLICY_KEY;

/** A role `name` with an inline policy allowing `actions` on `resource`. */
const ROLE = (name: string, actions: string, resource: string, effect = 'Allow') => `resource "aws_iam_role" "${name}" {
  name               = "${name}"
  assume_role_policy = "{}"
  inline_policy {
    name   = "use"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "UseKey", Effect = "${effect}", Action = ${actions}, Resource = ${resource} }] })
  }
}
`;

function matrixOf(files: Record<string, string>) {
  const all = { '/ws/kms/main.tf': KEY, ...files };
  const k = createKeyscope({ host: memoryHost(all, '/ws', true) });
  try {
    const analysis = k.analyze({ path: '/ws/kms/main.tf', text: all['/ws/kms/main.tf'] });
    return { matrix: k.access(analysis).find((a) => a.source.owner === 'aws_kms_key.k')!.matrix, analysis };
  } finally {
    k.dispose();
  }
}

const rowOf = (m: ReturnType<typeof matrixOf>['matrix'], label: string) => m.rows.find((r) => r.label === label);
const labels = (m: ReturnType<typeof matrixOf>['matrix']) => m.rows.map((r) => r.label).join(', ');

describe('identity policies declared in other folders of the workspace', () => {
  before(() => initTerraform());

  it('a role of another folder whose account is not stated: its own row, conditional on that folder deploying to the key\'s account, saying where its policy is', () => {
    const { matrix } = matrixOf({ '/ws/apps/reader/iam.tf': ROLE('reader', '"kms:Decrypt"', '"*"') });
    const row = rowOf(matrix, 'role/reader (account of apps/reader)');
    assert.ok(row, labels(matrix));
    const d = row.actions['kms:Decrypt'];
    assert.equal(d.value, 'conditional');
    assert.match(d.note!, /^if apps\/reader deploys to the key's account \(its provider states no allowed_account_ids or assume_role\): allowed: the key policy delegates to IAM, and aws_iam_role\.reader \(inline_policy "use"\) at apps\/reader\/iam\.tf:6 \(statement "UseKey"\) allows it/);
    assert.equal(d.iam?.path, '/ws/apps/reader/iam.tf');
    assert.equal(d.iam?.line, 5);
    // What its policy does not allow is what the key policy alone says: delegated.
    assert.equal(row.actions['kms:Encrypt'].value, 'iam');
  });

  it('a Deny of another folder is conditional too: never a deny by guess', () => {
    const { matrix } = matrixOf({ '/ws/apps/reader/iam.tf': ROLE('reader', '"kms:*"', '"*"', 'Deny') });
    const d = rowOf(matrix, 'role/reader (account of apps/reader)')!.actions['kms:Decrypt'];
    assert.equal(d.value, 'conditional');
    assert.match(d.note!, /^if apps\/reader deploys to the key's account .*: denied by aws_iam_role\.reader/);
  });

  it('a reference to aws_kms_key.x in another folder names that module\'s key, not this one: no row', () => {
    const { matrix } = matrixOf({ '/ws/apps/reader/iam.tf': `resource "aws_kms_key" "k" {}\n` + ROLE('reader', '"kms:Decrypt"', 'aws_kms_key.k.arn') });
    assert.equal(matrix.rows.some((r) => r.label.includes('role/reader')), false, labels(matrix));
  });

  it('an ARN with another folder\'s own account is conditional on the key being in it', () => {
    const { matrix } = matrixOf({ '/ws/apps/reader/iam.tf': `data "aws_caller_identity" "me" {}\n` + ROLE('reader', '"kms:Decrypt"', '"arn:aws:kms:*:${data.aws_caller_identity.me.account_id}:key/*"') });
    const d = rowOf(matrix, 'role/reader (account of apps/reader)')!.actions['kms:Decrypt'];
    assert.equal(d.value, 'conditional');
    assert.match(d.note!, /if the key is in the account of Resource/);
  });

  it('the same role name in two folders is two rows; tools\' folders are not read', () => {
    const { matrix } = matrixOf({
      '/ws/envs/dev/iam.tf': ROLE('reader', '"kms:Decrypt"', '"*"'),
      '/ws/envs/prod/iam.tf': ROLE('reader', '"kms:Decrypt"', '"*"'),
      '/ws/.terraform/modules/x/iam.tf': ROLE('hidden', '"kms:Decrypt"', '"*"'),
      '/ws/node_modules/x/iam.tf': ROLE('vendored', '"kms:Decrypt"', '"*"'),
    });
    assert.ok(rowOf(matrix, 'role/reader (account of envs/dev)'), labels(matrix));
    assert.ok(rowOf(matrix, 'role/reader (account of envs/prod)'), labels(matrix));
    assert.equal(matrix.rows.some((r) => /hidden|vendored/.test(r.label)), false, labels(matrix));
  });

  it('a role named by a variable in another folder (a child module\'s, one per call) is no row', () => {
    const { matrix } = matrixOf({ '/ws/modules/app/iam.tf': `variable "name" {}\n` + ROLE('reader', '"kms:Decrypt"', '"*"').replace('name               = "reader"', 'name               = var.name') });
    assert.equal(matrix.rows.some((r) => r.label.includes('modules/app')), false, labels(matrix));
  });

  it('a file of another folder too large to read gives no notice on the key\'s file', () => {
    const { analysis } = matrixOf({ '/ws/apps/big/iam.tf': ROLE('big', '"kms:Decrypt"', '"*"') + '#'.repeat(3 * 1024 * 1024) });
    assert.equal(analysis.findings.some((f) => f.ruleId === 'analysis-limit'), false);
    assert.equal(analysis.reads?.skipped.has('/ws/apps/big/iam.tf'), false, 'no skipped read of the module is left for a later notice');
    assert.equal(analysis.reads?.files.has('/ws/apps/big/iam.tf'), true, 'a change to it analyses the key again');
  });
});
