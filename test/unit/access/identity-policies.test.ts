import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createKeyscope } from '../../../server/src/service';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

/** A key whose policy delegates to the account's IAM (the default policy) and lets role/app Decrypt, with `extra`. */
const KEY = (extra = '') => `data "aws_caller_identity" "current" {}
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "EnableIAM", Effect = "Allow", Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }, Action = "kms:*", Resource = "*" },
      { Sid = "App", Effect = "Allow", Principal = { AWS = aws_iam_role.app.arn }, Action = "kms:Decrypt", Resource = "*" },${extra}
    ]
  })
}
resource "aws_kms_key" "other" {}
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}
`;

const ROLE = (name: string, body = '') => `resource "aws_iam_role" "${name}" {
  name               = "${name}"
  assume_role_policy = "{}"
${body}}
`;

const allow = (actions: string, resource = 'aws_kms_key.k.arn', extra = '') => `jsonencode({
    Version = "2012-10-17"
    Statement = [{ Sid = "UseKey", Effect = "Allow", Action = ${actions}, Resource = ${resource}${extra} }]
  })`;

function matrixOf(files: Record<string, string>, key = 'aws_kms_key.k') {
  const all = { '/ws/main.tf': KEY(), ...files };
  const k = createKeyscope({ host: memoryHost(all) });
  try {
    const analysis = k.analyze({ path: '/ws/main.tf', text: all['/ws/main.tf'] });
    return k.access(analysis).find((a) => a.source.owner === key)!.matrix;
  } finally {
    k.dispose();
  }
}

const rowOf = (m: ReturnType<typeof matrixOf>, label: string) => m.rows.find((r) => r.label === label);
const cell = (m: ReturnType<typeof matrixOf>, label: string, action: string) => {
  const r = rowOf(m, label);
  assert.ok(r, `no row ${label}: ${m.rows.map((x) => x.label).join(', ')}`);
  return r.actions[action];
};
const READER = 'role/reader (this account)';

describe('identity policies of the workspace decide delegated cells', () => {
  before(() => initTerraform());

  // Each form an identity policy takes in Terraform, each letting role/reader (or user/ann) Decrypt on the key.
  const forms: { name: string; files: Record<string, string>; label?: string; policy: string; line: number }[] = [
    {
      name: 'aws_iam_role inline_policy (jsonencode)',
      files: { '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    name   = "use"\n    policy = ${allow('"kms:Decrypt"')}\n  }\n`) },
      policy: 'aws_iam_role.reader (inline_policy "use")',
      line: 8,
    },
    {
      name: 'aws_iam_role_policy with a policy document of another file',
      files: {
        '/ws/iam.tf': ROLE('reader') + `resource "aws_iam_role_policy" "reader" {\n  role   = aws_iam_role.reader.id\n  policy = data.aws_iam_policy_document.use.json\n}\n`,
        '/ws/docs.tf': `data "aws_iam_policy_document" "use" {\n  statement {\n    sid       = "UseKey"\n    actions   = ["kms:Decrypt"]\n    resources = [aws_kms_key.k.arn]\n  }\n}\n`,
      },
      policy: 'aws_iam_role_policy.reader',
      line: 2,
    },
    {
      name: 'aws_iam_policy (heredoc) + aws_iam_role_policy_attachment',
      files: {
        '/ws/iam.tf':
          ROLE('reader') +
          `resource "aws_iam_policy" "use" {\n  policy = <<EOT\n{"Version":"2012-10-17","Statement":[\n {"Sid":"UseKey","Effect":"Allow","Action":"kms:Decrypt","Resource":"\${aws_kms_key.k.arn}"}]}\nEOT\n}\nresource "aws_iam_role_policy_attachment" "use" {\n  role       = aws_iam_role.reader.name\n  policy_arn = aws_iam_policy.use.arn\n}\n`,
      },
      policy: 'aws_iam_policy.use',
      line: 8,
    },
    {
      name: 'aws_iam_policy + aws_iam_policy_attachment (by role name)',
      files: { '/ws/iam.tf': ROLE('reader') + `resource "aws_iam_policy" "use" {\n  policy = ${allow('["kms:Decrypt"]', '"*"')}\n}\nresource "aws_iam_policy_attachment" "use" {\n  name       = "use"\n  roles      = ["reader"]\n  policy_arn = aws_iam_policy.use.arn\n}\n` },
      policy: 'aws_iam_policy.use',
      line: 8,
    },
    {
      name: 'managed_policy_arns',
      files: { '/ws/iam.tf': ROLE('reader', '  managed_policy_arns = [aws_iam_policy.use.arn]\n') + `resource "aws_iam_policy" "use" {\n  policy = ${allow('"kms:*"')}\n}\n` },
      policy: 'aws_iam_policy.use',
      line: 9,
    },
    {
      name: 'aws_iam_user_policy',
      files: { '/ws/iam.tf': `resource "aws_iam_user" "ann" {\n  name = "ann"\n}\nresource "aws_iam_user_policy" "ann" {\n  user   = aws_iam_user.ann.name\n  policy = ${allow('"kms:Decrypt"')}\n}\n` },
      label: 'user/ann (this account)',
      policy: 'aws_iam_user_policy.ann',
      line: 8,
    },
    {
      name: 'aws_iam_group_policy + aws_iam_group_membership',
      files: {
        '/ws/iam.tf': `resource "aws_iam_user" "ann" {\n  name = "ann"\n}\nresource "aws_iam_group" "readers" {\n  name = "readers"\n}\nresource "aws_iam_group_policy" "readers" {\n  group  = aws_iam_group.readers.name\n  policy = ${allow('"kms:Decrypt"')}\n}\nresource "aws_iam_group_membership" "readers" {\n  name  = "readers"\n  group = aws_iam_group.readers.name\n  users = [aws_iam_user.ann.name]\n}\n`,
      },
      label: 'user/ann (this account)',
      policy: 'aws_iam_group_policy.readers',
      line: 11,
    },
    {
      name: 'aws_iam_group_policy_attachment + aws_iam_user_group_membership',
      files: {
        '/ws/iam.tf': `resource "aws_iam_user" "ann" {\n  name = "ann"\n}\nresource "aws_iam_group" "readers" {\n  name = "readers"\n}\nresource "aws_iam_policy" "use" {\n  policy = ${allow('"kms:Decrypt"')}\n}\nresource "aws_iam_group_policy_attachment" "readers" {\n  group      = aws_iam_group.readers.name\n  policy_arn = aws_iam_policy.use.arn\n}\nresource "aws_iam_user_group_membership" "ann" {\n  user   = aws_iam_user.ann.name\n  groups = [aws_iam_group.readers.name]\n}\n`,
      },
      label: 'user/ann (this account)',
      policy: 'aws_iam_policy.use',
      line: 10,
    },
  ];

  for (const f of forms) {
    it(`${f.name}: iam-allow, linked to the statement`, () => {
      const m = matrixOf(f.files);
      const label = f.label ?? READER;
      const d = cell(m, label, 'kms:Decrypt');
      assert.equal(d.value, 'iam-allow');
      assert.equal(d.iam?.policy, f.policy);
      assert.ok(d.iam?.path.startsWith('/ws/'));
      assert.equal(d.iam?.line, f.line - 1, `line of the statement in ${d.iam?.path}`);
      assert.match(d.note!, new RegExp(`^allowed: the key policy delegates to IAM, and ${f.policy.replace(/[().]/g, '\\$&')} at \\w+\\.tf:${f.line} \\(statement "UseKey"\\) allows it`));
      // What no identity policy allows stays delegated; the CodeLens counts the new row.
      if (f.policy !== 'aws_iam_policy.use' || !f.name.startsWith('managed')) assert.equal(cell(m, label, 'kms:Encrypt').value, 'iam');
      assert.match(m.summary, /3 can decrypt/);
    });
  }

  it('a Resource naming another key, or an alias ARN, gives no row; the role stays under its account', () => {
    const m = matrixOf({ '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"', '[aws_kms_key.other.arn, "arn:aws:kms:*:*:alias/app"]')}\n  }\n`) });
    assert.equal(rowOf(m, READER), undefined);
  });

  it('an ARN wildcard of the key account matches; a key id, a Region or an expression leave the cell conditional with the reason', () => {
    const acct = '${data.aws_caller_identity.current.account_id}';
    const wild = matrixOf({ '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"', `"arn:aws:kms:*:${acct}:key/*"`)}\n  }\n`) });
    assert.equal(cell(wild, READER, 'kms:Decrypt').value, 'iam-allow', cell(wild, READER, 'kms:Decrypt').note);
    const cases: [string, RegExp][] = [
      ['"arn:aws:kms:*:*:key/1234abcd-12ab-34cd-56ef-1234567890ab"', /if the key is key\/1234abcd-12ab-34cd-56ef-1234567890ab \(its id is known only after apply\)/],
      ['"arn:aws:kms:eu-west-1:*:key/*"', /if the key is in Region eu-west-1/],
      ['var.key_arn', /if Resource var\.key_arn is the key \(not known statically\)/],
    ];
    for (const [resource, why] of cases) {
      const m = matrixOf({ '/ws/iam.tf': `variable "key_arn" {}\n` + ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"', resource)}\n  }\n`) });
      const d = cell(m, READER, 'kms:Decrypt');
      assert.equal(d.value, 'conditional', resource);
      assert.match(d.note!, why);
    }
  });

  it('alias conditions stay open, saying they depend on the key\'s aliases', () => {
    const m = matrixOf({ '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"', '"*"', ', Condition = { "ForAnyValue:StringLike" = { "kms:ResourceAliases" = "alias/app-*" } }')}\n  }\n`) });
    const d = cell(m, READER, 'kms:Decrypt');
    assert.equal(d.value, 'conditional');
    assert.match(d.note!, /kms:ResourceAliases alias\/app-\*, which depends on the aliases of the key/);
  });

  it('a Deny of an identity policy denies even what the key policy allows by name', () => {
    const m = matrixOf({ '/ws/iam.tf': `resource "aws_iam_role_policy" "app" {\n  role   = aws_iam_role.app.id\n  policy = jsonencode({ Statement = [{ Effect = "Deny", Action = "kms:Decrypt", Resource = "*" }] })\n}\n` });
    const d = cell(m, 'role/app (this account)', 'kms:Decrypt');
    assert.equal(d.value, 'deny');
    assert.match(d.note!, /^denied by aws_iam_role_policy.app at iam.tf:3/);
  });

  it('a permissions boundary intersects: what it does not allow is not granted', () => {
    const m = matrixOf({
      '/ws/iam.tf':
        ROLE('reader', `  permissions_boundary = aws_iam_policy.boundary.arn\n  inline_policy {\n    policy = ${allow('["kms:Decrypt", "kms:Encrypt"]')}\n  }\n`) +
        `resource "aws_iam_policy" "boundary" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Encrypt", Resource = "*" }] })\n}\n`,
    });
    assert.equal(cell(m, READER, 'kms:Encrypt').value, 'iam-allow');
    const d = cell(m, READER, 'kms:Decrypt');
    assert.equal(d.value, 'none');
    assert.match(d.note!, /the permissions boundary aws_iam_policy.boundary does not/);
  });

  it('an SCP attached to the account denies; one attached to an OU is not applied', () => {
    const scp = (target: string) => `resource "aws_organizations_policy" "no_decrypt" {\n  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Action = "kms:Decrypt", Resource = "*" }] })\n}\nresource "aws_organizations_policy_attachment" "a" {\n  policy_id = aws_organizations_policy.no_decrypt.id\n  target_id = ${target}\n}\n`;
    const m = matrixOf({ '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"')}\n  }\n`) + scp('data.aws_caller_identity.current.account_id') });
    assert.equal(cell(m, READER, 'kms:Decrypt').value, 'deny');
    assert.equal(cell(m, 'role/app (this account)', 'kms:Decrypt').value, 'deny', 'an SCP limits every principal of the account');
    assert.equal(cell(m, 'anyone in this account whose IAM policy allows it', 'kms:Decrypt').value, 'deny');
    const ou = matrixOf({ '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"')}\n  }\n`) + scp('"ou-ab12-34cd56ef"') });
    assert.equal(cell(ou, READER, 'kms:Decrypt').value, 'iam-allow');
  });

  it('without delegation an identity policy gives nothing: no row, and the key policy decides alone', () => {
    const text = `resource "aws_kms_key" "k" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/admin" }, Action = "kms:*", Resource = "*" }] })\n}\n`;
    const m = matrixOf({ '/ws/main.tf': text, '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"')}\n  }\n`) });
    assert.deepEqual(m.rows.map((r) => r.label), ['role/admin (111122223333)']);
  });

  it('the roles of the module are in the key account when the key policy names it literally', () => {
    const text = `resource "aws_kms_key" "k" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }] })\n}\n`;
    const m = matrixOf({ '/ws/main.tf': text, '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"')}\n  }\n`) });
    const r = m.rows.find((x) => x.kind === 'role')!;
    assert.equal(r.account, '111122223333');
    assert.equal(r.actions['kms:Decrypt'].value, 'iam-allow');
    assert.equal(r.crossAccount, undefined);
  });

  it('a cross-account principal needs both sides: a role of another account named by the key policy is not decided by this module\'s roles', () => {
    const partner = 'arn:aws:iam::444455556666:role/reader';
    const text = `resource "aws_kms_key" "k" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [\n    { Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },\n    { Effect = "Allow", Principal = { AWS = "${partner}" }, Action = "kms:Decrypt", Resource = "*" },\n  ] })\n}\n`;
    const m = matrixOf({ '/ws/main.tf': text, '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"')}\n  }\n`) });
    const cross = m.rows.find((r) => r.id === partner)!;
    assert.equal(cross.crossAccount, true);
    assert.equal(cross.actions['kms:Decrypt'].value, 'iam', 'its own account\'s IAM policy is not in this module');
    const reader = m.rows.find((r) => r.kind === 'role' && r.account === '111122223333')!;
    assert.equal(reader.actions['kms:Decrypt'].value, 'iam-allow', 'the module\'s reader is another role, of the key\'s account');
  });

  it('a session of a workspace role takes the role\'s identity policies', () => {
    const m = matrixOf({ '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"')}\n  }\n`) });
    const acct = m.keyAccount!;
    const k = createKeyscope({ host: memoryHost({ '/ws/main.tf': KEY(), '/ws/iam.tf': ROLE('reader', `  inline_policy {\n    policy = ${allow('"kms:Decrypt"')}\n  }\n`) }) });
    try {
      const session = `arn:aws:sts::${acct}:assumed-role/reader/batch`;
      const a = k.access(k.analyze({ path: '/ws/main.tf', text: KEY() }), { whatIf: [session] }).find((x) => x.source.owner === 'aws_kms_key.k')!.matrix;
      assert.equal(a.rows.find((r) => r.id === session)!.actions['kms:Decrypt'].value, 'iam-allow');
    } finally {
      k.dispose();
    }
  });

  it('a JSON key policy has no workspace IAM: its cells stay iam', () => {
    const k = createKeyscope();
    try {
      const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] });
      const m = k.access(k.analyze({ path: '/ws/app.kms.json', text }))[0].matrix;
      assert.ok(Object.values(m.rows[0].actions).every((d) => d.value === 'iam'));
    } finally {
      k.dispose();
    }
  });
});
