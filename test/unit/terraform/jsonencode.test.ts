import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import type { PArray, PObject, PString, PSymbolic } from '../../../server/src/policy/model';
import { conditionEntries, principalEntries } from '../../../server/src/policy/values';
import { initTerraform } from '../../../server/src/terraform';
import { extract, policyOf, problems, slice } from '../../helpers/terraform';

const TF = `resource "aws_kms_key" "app" {
  description = "app data"
  policy = jsonencode({
    Version = "2012-10-17"
    "Statement" : [
      {
        Sid       = "Admins"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.admin.arn }
        Action    = ["kms:Create*", "kms:Decrpyt"]
        Resource  = "*"
      },
      {
        Sid       = "Users \${var.env}"
        Effect    = "Allow"
        Principal = { "AWS" : "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = concat(["kms:Decrypt"], var.extra_actions)
        Resource  = "*"
        Condition = {
          StringEquals = { "kms:CallerAccount" = local.account_id }
        }
      }
    ]
  })
}

resource "aws_iam_role" "admin" {
  name = "key-admin"
}

locals {
  account_id = "111122223333"
}
`;

describe('terraform: jsonencode policies', () => {
  before(() => initTerraform());

  it('extracts the policy with its owner', () => {
    const { sources } = extract(TF);
    assert.equal(sources.length, 1);
    const s = sources[0];
    assert.equal(s.kind, 'tf-jsonencode');
    assert.equal(s.owner, 'aws_kms_key.app');
    assert.equal(s.keyPolicy, true);
    assert.deepEqual(s.syntaxErrors, []);
    assert.deepEqual(policyOf(s), {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: 'arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/key-admin' }, Action: ['kms:Create*', 'kms:Decrpyt'], Resource: '*' },
        {
          Sid: 'Users ${var.env}',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:root' },
          Action: ['kms:Decrypt', { $: 'var.extra_actions' }],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': { $: 'local.account_id', resolved: '111122223333' } } },
        },
      ],
    });
  });

  it('points every element at its token in the .tf text', () => {
    const s = extract(TF).sources[0];
    const p = s.policy;
    const [a, b] = p.statements;
    const cases: [string, { span: { start: number; end: number } }, string][] = [
      ['policy span', s, TF.slice(TF.indexOf('jsonencode('), TF.indexOf('})\n}') + 2)],
      ['Version key', { span: p.version!.keySpan }, 'Version'],
      ['Version value', p.version!.value, '"2012-10-17"'],
      ['Statement key (quoted, colon)', { span: p.statementProp!.keySpan }, '"Statement"'],
      ['Sid', a.sid!.value, '"Admins"'],
      ['Effect member', a.effect!, 'Effect    = "Allow"'],
      ['symbolic principal', principalEntries(a.principal)[0].node, 'aws_iam_role.admin.arn'],
      ['principal type key', { span: principalEntries(a.principal)[0].typeProp!.keySpan }, 'AWS'],
      ['action item', (a.action!.value as PArray).items[1], '"kms:Decrpyt"'],
      ['template Sid', b.sid!.value, '"Users ${var.env}"'],
      ['quoted key', { span: principalEntries(b.principal)[0].typeProp!.keySpan }, '"AWS"'],
      ['template principal', principalEntries(b.principal)[0].node, '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"'],
      ['concat array', b.action!.value, 'concat(["kms:Decrypt"], var.extra_actions)'],
      ['concat literal item', (b.action!.value as PArray).items[0], '"kms:Decrypt"'],
      ['concat symbolic item', (b.action!.value as PArray).items[1], 'var.extra_actions'],
      ['condition operator', { span: conditionEntries(b)[0].operatorProp.keySpan }, 'StringEquals'],
      ['condition key', { span: conditionEntries(b)[0].keyProp.keySpan }, '"kms:CallerAccount"'],
      ['condition value', conditionEntries(b)[0].values[0], 'local.account_id'],
    ];
    for (const [what, node, token] of cases) assert.equal(slice(TF, node), token, what);
  });

  it('marks templates and resolves what the module defines', () => {
    const b = extract(TF).sources[0].policy.statements[1];
    const principal = principalEntries(b.principal)[0].node as PString;
    assert.equal(principal.template, true);
    assert.equal(principal.resolved, 'arn:aws:iam::this account:root');
    assert.equal((b.sid!.value as PString).template, true);
    const cond = conditionEntries(b)[0].values[0] as PSymbolic;
    assert.equal(cond.expr, 'local.account_id');
  });

  it('reports only the real problems: symbolic values raise no alarm', () => {
    // aws_iam_role.admin.arn is evaluated to the role key-admin of this account: CreateGrant (kms:Create*) to a
    // role that does not administer the key is reported; the unknown actions and condition values are not.
    assert.deepEqual(problems(analyze({ path: '/ws/main.tf', text: TF })), [
      ['grant-without-aws-resource', '"kms:Create*"'],
      ['unknown-action', '"kms:Decrpyt"'],
    ]);
  });

  it('reads several keys, each with its owner, and IAM policies naming kms: actions', () => {
    const tf = `
resource "aws_kms_key" "a" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:*", Resource = "*" }] })
}
resource "aws_kms_key_policy" "b" {
  key_id = aws_kms_key.a.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }]
  })
}
resource "aws_iam_policy" "use" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["kms:Decrypt"], Resource = aws_kms_key.a.arn }] })
}
resource "aws_iam_policy" "s3" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }] })
}
`;
    const sources = extract(tf).sources;
    assert.deepEqual(sources.map((s) => [s.owner, s.kind, s.keyPolicy]), [
      ['aws_kms_key.a', 'tf-jsonencode', true],
      ['aws_kms_key_policy.b', 'tf-jsonencode', true],
      ['aws_iam_policy.use', 'tf-jsonencode', false],
    ]);
  });

  it('follows a local holding the policy, and jsonencode of a local object', () => {
    const tf = `
locals {
  key_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }] })
  doc        = { Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:Encrpt", Resource = "*" }] }
}
resource "aws_kms_key" "a" {
  policy = local.key_policy
}
resource "aws_kms_key" "b" {
  policy = jsonencode(local.doc)
}
`;
    const sources = extract(tf).sources;
    assert.deepEqual(sources.map((s) => s.owner), ['aws_kms_key.a', 'aws_kms_key.b']);
    const f = analyze({ path: '/ws/main.tf', text: tf }).findings.filter((x) => x.ruleId === 'unknown-action');
    assert.deepEqual(f.map((x) => slice(tf, x)), ['"kms:Encrpt"']);
  });

  it('flattens flatten() and list conversions; keeps unknown function calls symbolic', () => {
    const tf = `resource "aws_kms_key" "a" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = toset(["arn:aws:iam::111122223333:root"]) }, Action = flatten([["kms:Encrypt"], ["kms:Decrypt"]]), Resource = coalesce(var.r, "*") }] })
}`;
    const st = extract(tf).sources[0].policy.statements[0];
    assert.deepEqual(policyOf(extract(tf).sources[0]), {
      Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root'] }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: { $: 'coalesce(var.r, "*")' } }],
    });
    assert.equal(slice(tf, (st.action!.value as PArray).items[1]), '"kms:Decrypt"');
    assert.equal((st.node as PObject).kind, 'object');
  });
});
