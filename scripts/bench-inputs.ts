/** Generated benchmark inputs (DESIGN.md §7): realistic policies and Terraform, written by code so any machine can make them. */

const ACCT = '111122223333';

function statement(i: number): object {
  const kinds = [
    { Sid: `Admins${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/admin-${i}` }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], Resource: '*' },
    { Sid: `Users${i}`, Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${ACCT}:role/app-${i}`, `arn:aws:iam::${ACCT}:role/worker-${i}`] }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:CallerAccount': ACCT } } },
    { Sid: `Grants${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/app-${i}` }, Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: '*', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
  ];
  return kinds[i % kinds.length];
}

/** A key policy of about `lines` pretty-printed lines. */
export function policyJson(lines = 300): string {
  const stmts: object[] = [{ Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' }];
  let text = '';
  for (let i = 0; ; i++) {
    text = JSON.stringify({ Version: '2012-10-17', Statement: stmts }, null, 2);
    if (text.split('\n').length >= lines) return text;
    stmts.push(statement(i));
  }
}

/** A key policy of `n` statements, each granting its own role: an access matrix of `n` rows. */
export function manyPrincipalsPolicy(n: number): string {
  const actions = [['kms:Decrypt'], ['kms:Encrypt', 'kms:GenerateDataKey'], ['kms:DescribeKey', 'kms:PutKeyPolicy'], ['kms:ScheduleKeyDeletion']];
  const Statement = Array.from({ length: n }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:role/r${i}` }, Action: actions[i % actions.length], Resource: '*' }));
  return JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);
}

/** One key in one of the four Terraform forms, about 50 lines. */
function key(i: number): string {
  return keyBlock(i) + `
resource "aws_kms_alias" "a${i}" {
  name          = "alias/app-${i}-prod"
  target_key_id = aws_kms_key.k${i}.key_id
}
`;
}

function keyBlock(i: number): string {
  const form = i % 4;
  const head = `resource "aws_kms_key" "k${i}" {
  description             = "key ${i}"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  key_usage               = "ENCRYPT_DECRYPT"
  multi_region            = false
  lifecycle {
    prevent_destroy = true
  }
  tags = {
    Team        = "payments"
    DataClass   = "confidential"
    Compliance  = "pci"
    Repository  = "infra-keys"
    Name        = "key-${i}"
    Stage       = "prod"
    Scope       = "application"
    Owner       = "platform"
    CostCenter  = "cc-${i}"
  }
`;
  if (form === 0) {
    return `${head}  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Enable IAM policies"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::\${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "App"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          StringEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" }
        }
      },
    ]
  })
}
`;
  }
  if (form === 1) {
    return `${head}  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Enable IAM policies",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::${ACCT}:root" },
          "Action": "kms:*",
          "Resource": "*"
        },
        {
          "Sid": "App",
          "Effect": "Allow",
          "Principal": { "AWS": "\${aws_iam_role.app.arn}" },
          "Action": ["kms:Decrypt", "kms:Encrypt"],
          "Resource": "*"
        }
      ]
    }
  EOF
}
`;
  }
  if (form === 2) {
    return `${head}  policy = data.aws_iam_policy_document.k${i}.json
}

data "aws_iam_policy_document" "k${i}" {
  statement {
    sid       = "EnableIAM"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${ACCT}:root"]
    }
  }
  statement {
    sid       = "App"
    actions   = ["kms:Decrypt", "kms:Encrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.eu-west-1.amazonaws.com"]
    }
  }
}
`;
  }
  return `${head}}

resource "aws_kms_key_policy" "k${i}" {
  key_id = aws_kms_key.k${i}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Enable IAM policies"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${ACCT}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_kms_alias" "k${i}" {
  name          = "alias/key-${i}"
  target_key_id = aws_kms_key.k${i}.key_id
}
`;
}

/** A .tf file with `keys` keys in all forms (about 5,000 lines for 100 keys). */
export function bigTerraform(keys = 100): string {
  let out = 'data "aws_caller_identity" "current" {}\n\nresource "aws_iam_role" "app" {\n  name = "app"\n  assume_role_policy = "{}"\n}\n\n';
  for (let i = 0; i < keys; i++) out += key(i) + '\n';
  return out;
}

/** A small module file, for the 1,000-file workspace. */
export function smallTerraform(i: number): string {
  return key(i);
}
