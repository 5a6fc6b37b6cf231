import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import type { PArray } from '../../../server/src/policy/model';
import { conditionEntries, principalEntries } from '../../../server/src/policy/values';
import { initTerraform } from '../../../server/src/terraform';
import { extract, memoryHost, policyOf, problems, slice } from '../../helpers/terraform';

const TF = `data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "key" {
  statement {
    sid     = "Admins"
    actions = ["kms:Create*", "kms:Decrpyt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.admin.arn, "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "Users"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "Service"
      identifiers = ["logs.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["logs.eu-west-1.amazonaws.com"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values   = ["arn:aws:logs:*"]
    }
  }

  statement {
    effect      = "Deny"
    not_actions = ["kms:Describe*"]
    resources   = ["*"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_kms_key" "app" {
  policy = data.aws_iam_policy_document.key.json
}

resource "aws_iam_role" "admin" {
  name = "key-admin"
}
`;

describe('terraform: aws_iam_policy_document', () => {
  before(() => initTerraform());

  it('builds the canonical policy, owned by the key that uses it', () => {
    const { sources } = extract(TF);
    assert.equal(sources.length, 1);
    const s = sources[0];
    assert.equal(s.kind, 'tf-policy-document');
    assert.equal(s.owner, 'aws_kms_key.app');
    assert.equal(s.partial, undefined);
    assert.deepEqual(policyOf(s), {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Sid: 'Admins',
          Action: ['kms:Create*', 'kms:Decrpyt'],
          Resource: ['*'],
          Principal: { AWS: ['arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/key-admin', 'arn:aws:iam::${data.aws_caller_identity.current.account_id}:root'] },
        },
        {
          Sid: 'Users',
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: ['*'],
          Principal: { Service: ['logs.amazonaws.com'] },
          Condition: {
            StringEquals: { 'aws:SourceAccount': [{ $: 'data.aws_caller_identity.current.account_id', resolved: 'this account' }], 'kms:ViaService': ['logs.eu-west-1.amazonaws.com'] },
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': ['arn:aws:logs:*'] },
          },
        },
        { Effect: 'Deny', NotAction: ['kms:Describe*'], Resource: ['*'], NotPrincipal: { AWS: ['arn:aws:iam::111122223333:root'] } },
      ],
    });
  });

  it('points every element at the HCL token that wrote it', () => {
    const p = extract(TF).sources[0].policy;
    const [a, b, c] = p.statements;
    const cases: [string, { start: number; end: number }, string][] = [
      ['Sid', a.sid!.value.span, '"Admins"'],
      ['actions attribute name', a.action!.keySpan, 'actions'],
      ['action item', (a.action!.value as PArray).items[1].span, '"kms:Decrpyt"'],
      ['default Effect: the statement keyword', a.effect!.value.span, 'statement'],
      ['principals type', principalEntries(a.principal)[0].typeProp!.keySpan, '"AWS"'],
      ['symbolic identifier', principalEntries(a.principal)[0].node.span, 'aws_iam_role.admin.arn'],
      ['template identifier', principalEntries(a.principal)[1].node.span, '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"'],
      ['Effect', b.effect!.value.span, '"Allow"'],
      ['condition test', conditionEntries(b)[0].operatorProp.keySpan, '"StringEquals"'],
      ['condition variable', conditionEntries(b)[1].keyProp.keySpan, '"kms:ViaService"'],
      ['condition value', conditionEntries(b)[1].values[0].span, '"logs.eu-west-1.amazonaws.com"'],
      ['not_principals keyword', c.notPrincipal!.keySpan, 'not_principals'],
      ['not_actions item', (c.notAction!.value as PArray).items[0].span, '"kms:Describe*"'],
    ];
    for (const [what, span, token] of cases) assert.equal(slice(TF, span), token, what);
  });

  it('reports only the real problems, at the action tokens', () => {
    // aws_iam_role.admin.arn is evaluated to the role key-admin of this account: CreateGrant (kms:Create*) to a
    // role that does not administer the key is reported.
    assert.deepEqual(problems(analyze({ path: '/ws/main.tf', text: TF })), [
      ['grant-without-aws-resource', '"kms:Create*"'],
      ['unknown-action', '"kms:Decrpyt"'],
    ]);
  });

  it('analyses dynamic statements as far as they are static and marks the policy partial', () => {
    const tf = `data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = var.enable ? [1] : []
    content {
      actions   = ["kms:Encrpt"]
      resources = ["*"]
      principals {
        type        = "AWS"
        identifiers = var.admins
      }
      dynamic "condition" {
        for_each = var.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
  dynamic "statement" {
    for_each = []
    content {
      actions = ["kms:Nope"]
    }
  }
}`;
    const s = extract(tf).sources[0];
    assert.equal(s.partial, true);
    assert.equal(s.policy.statements.length, 1, 'an empty for_each yields no statement; none is invented');
    assert.deepEqual(policyOf(s), {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['kms:Encrpt'],
          Resource: ['*'],
          Principal: { AWS: { $: 'var.admins' } },
          Condition: { 'condition.value.test': { 'condition.value.variable': { $: 'condition.value.values' } } },
        },
      ],
    });
    assert.deepEqual(problems(analyze({ path: '/ws/main.tf', text: tf })), [['unknown-action', '"kms:Encrpt"']]);
  });

  it('merges source and override documents by Sid, as the provider does', () => {
    const tf = `data "aws_iam_policy_document" "base" {
  statement {
    sid       = "A"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/base"]
    }
  }
  statement {
    sid       = "B"
    actions   = ["kms:Encrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/base"]
    }
  }
}
data "aws_iam_policy_document" "extra" {
  statement {
    sid       = "B"
    actions   = ["kms:GenerateDataKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/override"]
    }
  }
  statement {
    sid       = "C"
    actions   = ["kms:DescribeKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/override"]
    }
  }
}
data "aws_iam_policy_document" "key" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.extra.json]
  statement {
    sid       = "A"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}
resource "aws_kms_key" "k" {
  policy = data.aws_iam_policy_document.key.json
}`;
    const sources = extract(tf).sources;
    assert.deepEqual(sources.map((s) => s.name), ['aws_kms_key.k'], 'documents merged into the key policy are analysed as part of it');
    const st = sources[0].policy.statements;
    assert.deepEqual(st.map((s) => [(s.sid!.value as { value: string }).value, slice(tf, (s.action!.value as PArray).items[0])]), [
      ['A', '"kms:*"'],
      ['B', '"kms:GenerateDataKey"'],
      ['C', '"kms:DescribeKey"'],
    ]);
    assert.equal(sources[0].partial, undefined);
  });

  it('a source document from a variable makes the policy partial', () => {
    const tf = `data "aws_iam_policy_document" "key" {
  source_policy_documents = var.extra_documents
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}`;
    assert.equal(extract(tf).sources[0].partial, true);
  });

  it('a data source in another file of the module is reported in that file only', () => {
    const key = `resource "aws_kms_key" "app" {\n  policy = data.aws_iam_policy_document.key.json\n}\n`;
    const doc = `data "aws_iam_policy_document" "key" {\n  statement {\n    actions   = ["kms:Decrpyt"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:root"]\n    }\n  }\n}\n`;
    const host = memoryHost({ '/ws/mod/main.tf': key, '/ws/mod/policy.tf': doc, '/ws/other/x.tf': key });
    assert.deepEqual(extract(key, '/ws/mod/main.tf', host).sources, []);
    const s = extract(doc, '/ws/mod/policy.tf', host).sources;
    assert.deepEqual(s.map((x) => x.owner), ['aws_kms_key.app']);
    assert.deepEqual(problems(analyze({ path: '/ws/mod/policy.tf', text: doc, host })), [['unknown-action', '"kms:Decrpyt"']]);
  });

  it('statements merged from another file point at the reference and offer no fix', () => {
    const doc = `data "aws_iam_policy_document" "base" {\n  statement {\n    actions   = ["kms:Decrpyt"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:root"]\n    }\n  }\n}\n`;
    const key = `data "aws_iam_policy_document" "key" {\n  source_policy_documents = [data.aws_iam_policy_document.base.json]\n}\nresource "aws_kms_key" "app" {\n  policy = data.aws_iam_policy_document.key.json\n}\n`;
    const host = memoryHost({ '/ws/mod/main.tf': key, '/ws/mod/base.tf': doc });
    const f = analyze({ path: '/ws/mod/main.tf', text: key, host }).findings.filter((x) => x.ruleId === 'unknown-action');
    assert.deepEqual(f.map((x) => [slice(key, x), x.fixes.length]), [['data.aws_iam_policy_document.base.json', 0]]);
  });

  it('any policy document naming kms: actions is analysed, as an identity policy when it has no principals', () => {
    const tf = `data "aws_iam_policy_document" "use_key" {\n  statement {\n    actions   = ["kms:Decrypt"]\n    resources = [aws_kms_key.k.arn]\n  }\n}\ndata "aws_iam_policy_document" "s3" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n`;
    const s = extract(tf).sources;
    assert.deepEqual(s.map((x) => [x.name, x.keyPolicy]), [['data.aws_iam_policy_document.use_key', false]]);
  });
});
