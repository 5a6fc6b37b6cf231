import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { initTerraform } from '../../../server/src/terraform';
import { problems } from '../../helpers/terraform';

/**
 * Values Terraform fills in (references, variables, templates, function calls) are not known statically:
 * no rule may raise an error or warning about them. Each case is a sound key policy whose principals,
 * resources and condition values are all written as expressions, in each form.
 */
const JSONENCODE = `resource "aws_kms_key" "app" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Admins"
        Effect    = "Allow"
        Principal = { AWS = var.admin_arns }
        Action    = ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"]
        Resource  = "*"
      },
      {
        Sid       = "Use"
        Effect    = "Allow"
        Principal = { AWS = concat([aws_iam_role.app.arn], var.reader_arns) }
        Action    = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"]
        Resource  = aws_kms_key.app.arn
        Condition = {
          StringEquals = { "kms:CallerAccount" = local.account_id, "kms:ViaService" = "s3.\${var.region}.amazonaws.com" }
        }
      },
      {
        Sid       = "Logs"
        Effect    = "Allow"
        Principal = { Service = "logs.\${data.aws_region.current.name}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:\${var.region}:\${local.account_id}:*" }
          StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        }
      },
    ]
  })
}
`;

const HEREDOC = `resource "aws_kms_key" "app" {
  enable_key_rotation = true
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::\${var.account_id}:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "Use", "Effect": "Allow", "Principal": {"AWS": \${jsonencode(var.reader_arns)}}, "Action": ["kms:Decrypt"], "Resource": "\${aws_kms_key.other.arn}",
         "Condition": {"StringEquals": {"kms:CallerAccount": "\${var.account_id}"}}},
        {"Sid": "Role", "Effect": "Allow", "Principal": {"AWS": "\${aws_iam_role.app.arn}"}, "Action": ["kms:Encrypt"], "Resource": "*"}
      ]
    }
  EOF
}
`;

const DOCUMENT = `data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root"]
    }
  }
  statement {
    sid       = "Use"
    actions   = ["kms:Decrypt", "kms:Encrypt"]
    resources = [aws_kms_key.app.arn]
    principals {
      type        = "AWS"
      identifiers = var.user_arns
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = [local.account_id]
    }
  }
  statement {
    sid       = "Service"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["\${var.service}.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}
resource "aws_kms_key" "app" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}
`;

describe('terraform: symbolic values raise no false alarm', () => {
  before(() => initTerraform());
  for (const [form, tf] of [['jsonencode', JSONENCODE], ['heredoc', HEREDOC], ['policy document', DOCUMENT]] as const) {
    it(form, () => {
      const r = analyze({ path: '/ws/main.tf', text: tf });
      assert.equal(r.sources.length, 1);
      assert.deepEqual(r.sources[0].syntaxErrors, []);
      assert.deepEqual(problems(r), []);
    });
  }
});
