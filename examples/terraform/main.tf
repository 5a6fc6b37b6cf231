# An application key whose policy is written inline with jsonencode. Two mistakes for Keyscope to find:
# a typo in an action name, and a statement that opens the key to every AWS account.

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "app" {
  name               = "orders-app"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_kms_key" "app" {
  description             = "orders-app data"
  deletion_window_in_days = 30
  enable_key_rotation     = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountRoot"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AppUse"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = ["kms:Encrypt", "kms:Decrpyt", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
      {
        Sid       = "Reporting"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt"]
        Resource  = "*"
      },
    ]
  })
}

resource "aws_kms_alias" "app" {
  name          = "alias/orders-app-prod"
  target_key_id = aws_kms_key.app.key_id
}
