import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluate } from '../../../server/src/access';
import { parseJsonPolicy } from '../../../server/src/policy/json';
import { createKeyscope } from '../../../server/src/service';
import { DEFAULT_SETTINGS, resolveSettings, sanitizeSettings, type KeyscopeSettings } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { policy } from '../../helpers/rule-table';

const HOME = '111122223333';
const PARTNER = '444455556666';
const root = (a: string) => `arn:aws:iam::${a}:root`;
const role = (a: string, n: string) => `arn:aws:iam::${a}:role/${n}`;
const allow = (who: string, Action: unknown) => ({ Effect: 'Allow', Principal: { AWS: who }, Action, Resource: '*' });

function keyAccount(statements: object[], settings: Partial<KeyscopeSettings> = {}) {
  const mx = evaluate(parseJsonPolicy(policy(...statements), 'p.kms.json'), { settings: { ...DEFAULT_SETTINGS, ...settings } });
  return { account: mx.keyAccount, from: mx.keyAccountFrom, text: mx.keyAccountText, mx };
}

describe("the key's account", () => {
  before(() => initTerraform());

  const cases: { name: string; statements: object[]; settings?: Partial<KeyscopeSettings>; account: string | undefined; from?: string }[] = [
    {
      name: "sharing Decrypt with another account's root does not make it the key's",
      statements: [allow(root(PARTNER), 'kms:Decrypt'), allow(role(HOME, 'admin'), ['kms:PutKeyPolicy', 'kms:DescribeKey']), allow(role(HOME, 'app'), 'kms:Decrypt')],
      account: HOME,
      from: 'administrators',
    },
    { name: 'the administrators: the roles and users granted PutKeyPolicy', statements: [allow(root(PARTNER), 'kms:Decrypt'), allow(role(HOME, 'admin'), 'kms:PutKeyPolicy')], account: HOME, from: 'administrators' },
    { name: 'the root granted kms:*, before roles and users granted PutKeyPolicy', statements: [allow(root(PARTNER), 'kms:Decrypt'), allow(role(PARTNER, 'ops'), 'kms:PutKeyPolicy'), allow(root(HOME), 'kms:*')], account: HOME, from: 'root' },
    { name: 'the account most principals belong to', statements: [allow(root(PARTNER), 'kms:Decrypt'), allow(role(HOME, 'a'), 'kms:Decrypt'), allow(role(HOME, 'b'), 'kms:Encrypt')], account: HOME, from: 'principals' },
    { name: 'declared in keyscope.keyAccount, whatever the policy says', statements: [allow(root(HOME), 'kms:*')], settings: { keyAccount: PARTNER }, account: PARTNER, from: 'setting' },
    { name: 'the only account in keyscope.accounts', statements: [allow('*', 'kms:Decrypt')], settings: { accounts: { [HOME]: { name: 'prod' } } }, account: HOME, from: 'accounts' },
    { name: 'nothing tells', statements: [allow('*', 'kms:Decrypt')], account: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const k = keyAccount(c.statements, c.settings);
      assert.equal(k.account, c.account);
      assert.equal(k.from, c.from);
    });
  }

  it('a role of the key account that administers is not cross-account; the shared account is', () => {
    const { mx } = keyAccount(cases[0].statements);
    assert.equal(mx.rows.find((r) => r.id === role(HOME, 'admin'))!.actions['kms:PutKeyPolicy'].value, 'allow');
    assert.equal(mx.rows.find((r) => r.id === root(PARTNER))!.crossAccount, true);
  });

  it('says how it was decided, with the account named as everywhere', () => {
    const k = keyAccount(cases[0].statements, { accounts: { [HOME]: { name: 'prod' } } });
    assert.equal(k.text, `prod ${HOME}, the account of its administrators (roles and users granted kms:PutKeyPolicy)`);
  });

  it("Terraform: the account data.aws_caller_identity reads is the key's", () => {
    const tf = `data "aws_caller_identity" "current" {}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Effect = "Allow", Principal = { AWS = "${root(PARTNER)}" }, Action = "kms:PutKeyPolicy", Resource = "*" },
    ]
  })
}
`;
    const k = createKeyscope();
    try {
      const [{ matrix }] = k.access(k.analyze({ path: '/ws/main.tf', text: tf }));
      assert.equal(matrix.keyAccountFrom, 'terraform');
      assert.equal(matrix.keyAccountText, 'this account, the account Terraform deploys to (data.aws_caller_identity)');
    } finally {
      k.dispose();
    }
  });

  it('per path in .keyscope.json: an override declares the account of its files', () => {
    const { settings: config, problems } = sanitizeSettings({ keyAccount: HOME, overrides: [{ files: ['dev/**'], keyAccount: PARTNER }, { files: ['x/**'], keyAccount: '12' }] }, 'file');
    assert.deepEqual(problems.map((p) => p.message), ['overrides[1].keyAccount must be a 12-digit account id']);
    assert.equal(resolveSettings(undefined, config, 'dev/key.kms.json').keyAccount, PARTNER);
    assert.equal(resolveSettings(undefined, config, 'prod/key.kms.json').keyAccount, HOME);
  });
});
