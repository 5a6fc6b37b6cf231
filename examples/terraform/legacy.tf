# An older key whose policy is a heredoc. The backup role may do anything with the key, including change its
# policy, and Resource names an ARN where a key policy means "this key".

resource "aws_kms_key" "backup" {
  description             = "backups"
  deletion_window_in_days = 30
  enable_key_rotation     = true

  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AccountRoot",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" },
          "Action": "kms:*",
          "Resource": "*"
        },
        {
          "Sid": "Backup",
          "Effect": "Allow",
          "Principal": { "AWS": "arn:aws:iam::111122223333:role/backup" },
          "Action": "kms:*",
          "Resource": "arn:aws:kms:eu-west-1:111122223333:key/*"
        }
      ]
    }
  EOF
}
