import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { completeAt } from '../../../server/src/features/completion';
import { hoverAt } from '../../../server/src/features/hover';
import { initTerraform } from '../../../server/src/terraform';
import { caret } from '../../helpers/caret';

/** One key per policy form: jsonencode, heredoc, and an aws_iam_policy_document. */
const TF = `resource "aws_kms_key" "app" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "App"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/orders-app" }
      Action    = ["kms:Decrypt", "kms:Encrypt"]
      Resource  = "*"
      Condition = { StringEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" } }
    }]
  })
}

resource "aws_kms_key" "b" {
  policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}
EOF
}

data "aws_iam_policy_document" "c" {
  statement {
    sid    = "Doc"
    effect = "Allow"
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.eu-west-1.amazonaws.com"]
    }
  }
}

resource "aws_kms_key" "c" {
  policy = data.aws_iam_policy_document.c.json
}
`;

/** Puts the caret right after the first occurrence of `before`. */
function at(before: string): { text: string; offset: number } {
  const i = TF.indexOf(before);
  assert.ok(i >= 0, before);
  return caret(TF.slice(0, i + before.length) + '|' + TF.slice(i + before.length));
}

function hover(before: string) {
  const { text, offset } = at(before);
  const h = hoverAt(analyze({ path: 'main.tf', text }), offset);
  return h && { md: h.markdown, at: text.slice(h.span.start, h.span.end) };
}

function complete(before: string) {
  const { text, offset } = at(before);
  return { items: completeAt(analyze({ path: 'main.tf', text }), offset), text };
}

describe('hover and completion in Terraform', () => {
  before(() => initTerraform());

  it('hovers actions, principals, condition keys and Sids in jsonencode', () => {
    assert.deepEqual(hover('"kms:En')?.at, '"kms:Encrypt"');
    assert.match(hover('"kms:En')!.md, /Write data/);
    assert.equal(hover('Sid       = "A')!.md, 'Lets role/orders-app (111122223333) read and write data with this key, only via s3.eu-west-1.amazonaws.com.');
    assert.match(hover('role/orders')!.md, /IAM role\*\* `role\/orders-app \(111122223333\)`/);
    assert.match(hover('{ "kms:Via')!.md, /single-valued/);
    assert.match(hover('{ StringEq')!.md, /String operator/);
  });

  it('hovers inside a heredoc', () => {
    assert.match(hover('"kms:')!.md, /kms:Decrypt/);
    assert.match(hover('"Sid": "Ro')!.md, /^Lets anyone in account 111122223333 whose IAM policy allows it do everything with this key/);
  });

  it('hovers an aws_iam_policy_document', () => {
    assert.equal(hover('sid    = "Do')!.md, 'Lets role/reader (111122223333) read data with this key, only via s3.eu-west-1.amazonaws.com.');
    assert.match(hover('role/rea')!.md, /IAM role\*\* `role\/reader \(111122223333\)`/);
    assert.match(hover('variable = "kms:Via')!.md, /kms:ViaService/);
  });

  it('reads Terraform references and templated accounts in summaries', () => {
    const tf = `resource "aws_iam_role" "app" {
  name = "orders-app"
}
data "aws_iam_policy_document" "d" {
  statement {
    sid = "Refs"
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app.arn, "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root"]
    }
    actions   = var.actions
    resources = ["*"]
  }
}
resource "aws_kms_key" "d" {
  policy = data.aws_iam_policy_document.d.json
}
`;
    const a = analyze({ path: 'refs.tf', text: tf });
    const h = hoverAt(a, tf.indexOf('"Refs"') + 2)!;
    assert.equal(h.markdown, 'Lets role/orders-app (this account) and anyone in this account whose IAM policy allows it use the actions a Terraform expression gives (known only at apply time).');
    assert.match(hoverAt(a, tf.indexOf('arn:aws:iam::$') + 3)!.markdown, /^\*\*This account \(where Terraform deploys\)\*\*/);
  });

  it('completes values in place, keeping the HCL valid', () => {
    const { items, text } = complete('"kms:En');
    const item = items.find((i) => i.label === 'kms:EnableKey')!;
    assert.equal(text.slice(item.edit.start, item.edit.end), '"kms:Encrypt"');
    assert.equal(item.edit.newText, '"kms:EnableKey"');
    assert.deepEqual(complete('Effect    = "Al').items.map((i) => i.label), ['Allow', 'Deny']);
    const op = complete('{ StringEq').items.find((i) => i.label === 'ForAnyValue:StringLike')!;
    assert.equal(op.edit.newText, '"ForAnyValue:StringLike"', 'a key that is not an identifier is quoted');
    assert.equal(complete('{ StringEq').items.find((i) => i.label === 'StringLike')!.edit.newText, 'StringLike', 'a bare key stays bare');
  });

  it('does not rename the attributes of a policy document', () => {
    // A new line in a statement block offers block and attribute skeletons, never a rename of what is there.
    const items = complete('    resou').items;
    assert.ok(items.every((i) => i.kind === 'snippet'), JSON.stringify(items.map((i) => i.label)));
    assert.equal(items.find((i) => i.label === 'resources')?.edit.newText, 'resources = ["*"]');
    assert.ok(complete('actions   = ["kms:De').items.some((i) => i.label === 'kms:Decrypt'));
  });
});
