import { ADMIN, policy, ROOT, ruleTable } from '../../helpers/rule-table';

const stmt = (Principal: unknown) => ({ Effect: 'Allow', Principal, Action: 'kms:Decrypt', Resource: '*' });
const aws = (v: unknown) => policy(stmt({ AWS: v }));

ruleTable('invalid-principal', {
  valid: [
    aws('111122223333'),
    aws(ROOT),
    aws([ADMIN, 'arn:aws:iam::111122223333:user/Alice', 'arn:aws:sts::111122223333:assumed-role/App/build-42']),
    aws('arn:aws-cn:iam::111122223333:root'),
    aws('arn:aws-us-gov:iam::111122223333:role/service-role/app'),
    aws('arn:aws:sts::111122223333:federated-user/bob'),
    aws('*'),
    {
      name: 'a heredoc naming a role by reference: its readable name is no value to judge',
      path: 'main.tf',
      code: 'resource "aws_iam_role" "app" {\n  name = "app-user"\n}\nresource "aws_kms_key" "k" {\n  policy = <<POLICY\n{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Principal": { "AWS": "${aws_iam_role.app.arn}" },\n    "Action": "kms:Decrypt",\n    "Resource": "*"\n  }]\n}\nPOLICY\n}\n',
    },
    { name: 'placeholders are left to the placeholder rule', code: aws(['arn:aws:iam::YOUR_ACCOUNT_ID:root', 'arn:aws:iam::<account-id>:role/App', '#{AWS::AccountId}', 'ACCOUNT_ID', 'arn:aws:iam::#{AWS::AccountId}:root']) },
    policy(stmt('*')),
    policy(stmt({ Service: ['cloudtrail.amazonaws.com', 'logs.eu-west-1.amazonaws.com'] })),
    policy(stmt({ Service: 'ec2.amazonaws.com.cn' })),
    policy(stmt({ Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' })),
    { name: 'interpolated account id is not judged', code: aws('arn:aws:iam::${data.aws_caller_identity.current.account_id}:root') },
    { name: 'template list', code: aws('${admin_principals}') },
    {
      name: 'Terraform jsonencode with references',
      path: 'main.tf',
      code: 'resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root", aws_iam_role.app.arn] }\n      Action    = "kms:*"\n      Resource  = "*"\n    }]\n  })\n}\n',
    },
    {
      name: 'Terraform policy document: principal type from a variable',
      path: 'main.tf',
      code: 'data "aws_iam_policy_document" "k" {\n  statement {\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n    principals {\n      type        = var.principal_type\n      identifiers = var.principals\n    }\n  }\n}\n',
    },
    { name: 'NotPrincipal', code: policy({ Effect: 'Deny', NotPrincipal: { AWS: [ROOT, ADMIN] }, Action: 'kms:*', Resource: '*' }) },
  ],
  invalid: [
    { name: '11 digits', code: aws('11112222333'), errors: [{ line: 7, column: 16, text: '"11112222333"', messageIncludes: 'exactly 12 digits' }] },
    { name: 'partial wildcard', code: aws('arn:aws:iam::111122223333:role/*'), errors: [{ text: '"arn:aws:iam::111122223333:role/*"', messageIncludes: 'wildcard' }] },
    { name: 'IAM group', code: aws(['arn:aws:iam::111122223333:group/Admins', ADMIN]), errors: [{ text: '"arn:aws:iam::111122223333:group/Admins"', messageIncludes: 'IAM group' }] },
    { name: 'alias ARN', code: aws('arn:aws:kms:eu-west-1:111122223333:alias/app'), errors: [{ messageIncludes: 'alias ARN' }] },
    { name: 'key ARN', code: aws('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'), errors: [{ messageIncludes: 'KMS key ARN' }] },
    { name: 'session without a session name', code: aws('arn:aws:sts::111122223333:assumed-role/App'), errors: [{ messageIncludes: 'specific session' }] },
    { name: 'unknown partition', code: aws('arn:aws-xx:iam::111122223333:root'), errors: [{ messageIncludes: 'partition' }] },
    { name: 'unknown principal type, with a hint', code: policy(stmt({ aws: ROOT })), errors: [{ text: '"aws"', messageIncludes: 'Did you mean "AWS"' }] },
    { name: 'Services is not a type', code: policy(stmt({ Services: 'logs.amazonaws.com' })), errors: [{ text: '"Services"', messageIncludes: 'Did you mean "Service"' }] },
    { name: 'service that does not look like one', code: policy(stmt({ Service: 'cloudtrail' })), errors: [{ text: '"cloudtrail"' }] },
    { name: 'service under AWS', code: aws('s3.amazonaws.com'), errors: [{ messageIncludes: 'under "Service"' }] },
    { name: 'a bare ARN string as Principal', code: policy(stmt(ROOT)), errors: [{ text: JSON.stringify(ROOT), messageIncludes: `{"AWS": "${ROOT}"}` }] },
    { name: 'a list as Principal', code: policy(stmt(['foo', 'bar'])), errors: [{ messageIncludes: 'must be "*" or an object' }] },
    { name: 'a number', code: aws(111122223333), errors: [{ text: '111122223333', messageIncludes: 'Write it as a string' }] },
    { name: 'empty object', code: policy(stmt({})), errors: [{ text: '{}' }] },
    {
      name: 'Terraform jsonencode: at the literal',
      path: 'main.tf',
      code: 'resource "aws_kms_key" "k" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "arn:aws:iam::111122223333:group/Admins" }\n      Action    = "kms:Decrypt"\n      Resource  = "*"\n    }]\n  })\n}\n',
      errors: [{ line: 6, text: '"arn:aws:iam::111122223333:group/Admins"', messageIncludes: 'IAM group' }],
    },
  ],
});
