import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createKeyscope } from '../../../server/src/service';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';
import { DEFAULT_POLICY_KEY } from '../../fixtures/identity-policies';

const PROVIDER = (body: string, alias = '') => `provider "aws" {\n  region = "eu-west-1"\n${alias ? `  alias = "${alias}"\n` : ''}${body}}\n`;
const ALLOWED = (...ids: string[]) => `  allowed_account_ids = [${ids.map((i) => `"${i}"`).join(', ')}]\n`;
const ASSUME = (arn: string) => `  assume_role {\n    role_arn = "${arn}"\n  }\n`;
/** The default policy plus a grant of Decrypt to another account's root. */
const SHARING_KEY = DEFAULT_POLICY_KEY.replace(
  'Action = "kms:*", Resource = "*" },',
  'Action = "kms:*", Resource = "*" },\n      { Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "kms:Decrypt", Resource = "*" },',
);
const ROLE = (name: string) => `resource "aws_iam_role" "${name}" {
  name               = "${name}"
  assume_role_policy = "{}"
  inline_policy {
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "UseKey", Effect = "Allow", Action = "kms:Decrypt", Resource = "*" }] })
  }
}
`;

function matrixOf(files: Record<string, string>, key = SHARING_KEY) {
  const all = { '/ws/kms/main.tf': key, ...files };
  const k = createKeyscope({ host: memoryHost(all, '/ws', true) });
  try {
    const analysis = k.analyze({ path: '/ws/kms/main.tf', text: key });
    return k.access(analysis).find((a) => a.source.owner === 'aws_kms_key.k')!.matrix;
  } finally {
    k.dispose();
  }
}

describe("the key's account from the provider (allowed_account_ids, assume_role)", () => {
  before(() => initTerraform());

  it('allowed_account_ids gives "this account" its id: the header says so, and another account is cross-account', () => {
    const before = matrixOf({});
    assert.equal(before.keyAccountFrom, 'terraform');
    assert.equal(before.rows.find((r) => r.account === '444455556666')?.crossAccount, undefined, 'without the id, 444455556666 is not known to be another account');
    const m = matrixOf({ '/ws/kms/providers.tf': PROVIDER(ALLOWED('111122223333')) });
    assert.equal(m.keyAccount, '111122223333');
    assert.equal(m.keyAccountFrom, 'provider');
    assert.equal(m.keyAccountText, "111122223333, the account Terraform deploys to, as its provider's allowed_account_ids states it");
    const partner = m.rows.find((r) => r.account === '444455556666')!;
    assert.equal(partner.crossAccount, true);
    assert.equal(partner.actions['kms:Decrypt'].value, 'iam', 'another account needs its own IAM policy too');
  });

  it('assume_role role_arn gives it when allowed_account_ids does not name one account', () => {
    const m = matrixOf({ '/ws/kms/providers.tf': PROVIDER(ALLOWED('111122223333', '222233334444') + ASSUME('arn:aws:iam::222233334444:role/deploy')) });
    assert.equal(m.keyAccount, '222233334444');
    assert.match(m.keyAccountText!, /assume_role role_arn states it$/);
  });

  it("the key's own provider alias is the one read; a provider stating nothing leaves the account as it was", () => {
    const key = SHARING_KEY.replace('resource "aws_kms_key" "k" {', 'resource "aws_kms_key" "k" {\n  provider = aws.shared');
    const m = matrixOf({ '/ws/kms/providers.tf': PROVIDER(ALLOWED('111122223333')) + PROVIDER(ALLOWED('555566667777'), 'shared') }, key);
    assert.equal(m.keyAccount, '555566667777');
    const none = matrixOf({ '/ws/kms/providers.tf': PROVIDER('  profile = "x"\n') });
    assert.equal(none.keyAccountFrom, 'terraform');
  });

  it('a policy naming no account takes the provider\'s; a literal account the policy names stays the key\'s', () => {
    const bare = `resource "aws_kms_key" "k" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = var.admins }, Action = "kms:*", Resource = "*" }] })\n}\nvariable "admins" {}\n`;
    assert.equal(matrixOf({ '/ws/kms/providers.tf': PROVIDER(ALLOWED('111122223333')) }, bare).keyAccount, '111122223333');
    const literal = bare.replace('var.admins', '"arn:aws:iam::999988887777:root"');
    const m = matrixOf({ '/ws/kms/providers.tf': PROVIDER(ALLOWED('111122223333')) }, literal);
    assert.equal(m.keyAccount, '999988887777');
    assert.equal(m.keyAccountFrom, 'root');
  });

  it("another folder deploying to the key's account: its role is the key account's (no longer conditional)", () => {
    const m = matrixOf({ '/ws/kms/providers.tf': PROVIDER(ALLOWED('111122223333')), '/ws/apps/providers.tf': PROVIDER(ALLOWED('111122223333')), '/ws/apps/iam.tf': ROLE('reader') });
    const d = m.rows.find((r) => r.label === 'role/reader (this account)')?.actions['kms:Decrypt'];
    assert.equal(d?.value, 'iam-allow', m.rows.map((r) => r.label).join(', '));
    assert.match(d!.note!, /at apps\/iam\.tf:5/);
  });

  it('another folder deploying to another account: cross-account needs both sides, and the key policy grants that account', () => {
    const m = matrixOf({ '/ws/kms/providers.tf': PROVIDER(ALLOWED('111122223333')), '/ws/partner/providers.tf': PROVIDER(ALLOWED('444455556666')), '/ws/partner/iam.tf': ROLE('reader') + ROLE('other').replace('"kms:Decrypt"', '"kms:Encrypt"') });
    const reader = m.rows.find((r) => r.label.startsWith('role/reader'));
    assert.ok(reader, m.rows.map((r) => r.label).join(', '));
    assert.equal(reader.crossAccount, true);
    assert.equal(reader.actions['kms:Decrypt'].value, 'iam-allow', 'both sides allow it');
    // The key policy gives the partner account nothing for Encrypt: its identity policy alone allows nothing.
    const other = m.rows.find((r) => r.label.startsWith('role/other'));
    assert.equal(other?.actions['kms:Encrypt'].value ?? 'none', 'none');
  });
});
