import { APP, policy, ruleTable } from '../../helpers/rule-table';

const stmt = (Condition: unknown) => ({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition });
const c = (Condition: unknown) => policy(stmt(Condition));
const doc = (inner: string) => `data "aws_iam_policy_document" "key" {\n  statement {\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:role/App"]\n    }\n${inner}  }\n}\n\nresource "aws_kms_key" "app" {\n  policy = data.aws_iam_policy_document.key.json\n}\n`;

ruleTable('condition-operator', {
  valid: [
    c({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } }),
    c({ Bool: { 'kms:GrantIsForAWSResource': true } }),
    c({ Bool: { 'kms:GrantIsForAWSResource': 'true' } }),
    c({ StringEquals: { 'kms:GrantIsForAWSResource': 'true' } }),
    c({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/app-*' } }),
    { name: 'string operators on an ARN key', code: c({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } }) },
    { name: 'ARN operators on an encryption context holding an ARN', code: c({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111122223333:log-group:*' } }) },
    c({ NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' } }),
    c({ DateGreaterThan: { 'aws:CurrentTime': '2026-01-31T00:00:00Z' } }),
    { name: 'Numeric on the Date key aws:EpochTime', code: c({ NumericGreaterThan: { 'aws:EpochTime': 1767139200 } }) },
    c({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } }),
    c({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': ['Department'] } }),
    c({ 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt', 'Encrypt'] } }),
    c({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' } }),
    c({ StringEqualsIfExists: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } }),
    c({ Null: { 'kms:EncryptionContextKeys': 'false' } }),
    { name: 'policy variables are values as written', code: c({ StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/team}' } }) },
    { name: 'unknown keys: no type to compare', code: c({ Bool: { 'kms:Nope': 'true' } }) },
    {
      name: 'Terraform: operator and key from expressions are not judged',
      path: 'main.tf',
      code: doc('    dynamic "condition" {\n      for_each = var.conditions\n      content {\n        test     = condition.value.test\n        variable = condition.value.variable\n        values   = condition.value.values\n      }\n    }\n'),
    },
  ],
  invalid: [
    {
      name: 'unknown operator with a hint',
      code: c({ StringEqual: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } }),
      errors: [{ line: 12, column: 9, text: '"StringEqual"', messageIncludes: 'Did you mean "StringEquals"' }],
    },
    { name: 'misspelt qualifier', code: c({ 'ForAnyValues:StringLike': { 'kms:EncryptionContextKeys': 'x' } }), errors: [{ text: '"ForAnyValues:StringLike"', messageIncludes: '"ForAnyValue:StringLike"' }] },
    {
      name: 'Terraform policy document: at the test attribute',
      path: 'main.tf',
      code: doc('    condition {\n      test     = "StringEqual"\n      variable = "kms:ViaService"\n      values   = ["s3.eu-west-1.amazonaws.com"]\n    }\n'),
      errors: [{ text: '"StringEqual"', messageIncludes: 'Did you mean "StringEquals"' }],
    },
    { name: 'NullIfExists', code: c({ NullIfExists: { 'kms:ViaService': 'true' } }), errors: [{ text: '"NullIfExists"' }] },
    { name: 'Bool needs true/false', code: c({ Bool: { 'kms:GrantIsForAWSResource': 'yes' } }), errors: [{ text: '"yes"', messageIncludes: 'true or false' }] },
    { name: 'Numeric needs numbers', code: c({ NumericLessThan: { 'aws:MultiFactorAuthAge': 'one hour' } }), errors: [{ text: '"one hour"' }] },
    { name: 'Date needs a date', code: c({ DateLessThan: { 'aws:CurrentTime': '31/01/2026' } }), errors: [{ text: '"31/01/2026"', messageIncludes: 'ISO 8601' }] },
    { name: 'IpAddress needs a CIDR', code: c({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '10.0.0.300/8'] } }), errors: [{ text: '"10.0.0.300/8"' }] },
    { name: 'Arn operator needs an ARN', code: c({ ArnEquals: { 'aws:PrincipalArn': '111122223333' } }), errors: [{ text: '"111122223333"' }] },
    { name: 'Null needs true/false', code: c({ Null: { 'kms:ViaService': 'absent' } }), errors: [{ text: '"absent"' }] },
    { name: 'nested object value', code: c({ StringEquals: { 'kms:ViaService': { a: 1 } } }), errors: [{ messageIncludes: 'nested object' }] },
    { name: 'Bool on a String key', code: c({ Bool: { 'kms:ViaService': 'true' } }), errors: [{ text: '"kms:ViaService"', messageIncludes: 'String key' }] },
    { name: 'IpAddress on an ARN key', code: c({ IpAddress: { 'aws:SourceArn': '10.0.0.0/8' } }), errors: [{ text: '"aws:SourceArn"' }, { text: '"10.0.0.0/8"' }].slice(0, 1) },
    {
      name: 'ForAllValues on a single-valued key',
      code: c({ 'ForAllValues:StringEquals': { 'kms:CallerAccount': '111122223333' } }),
      errors: [{ text: '"kms:CallerAccount"', severity: 'warning', messageIncludes: 'also matches when the request has no kms:CallerAccount' }],
    },
    { name: 'ForAnyValue on a single-valued key', code: c({ 'ForAnyValue:StringEquals': { 'kms:ViaService': 'x.eu-west-1.amazonaws.com' } }), errors: [{ severity: 'warning', messageIncludes: 'Use "StringEquals"' }] },
    {
      name: 'multi-valued key without a qualifier',
      code: c({ StringEquals: { 'kms:EncryptionContextKeys': 'Department' } }),
      errors: [{ text: '"kms:EncryptionContextKeys"', severity: 'warning', messageIncludes: 'ForAnyValue:StringEquals' }],
    },
    { name: 'aws:PrincipalOrgPaths without a qualifier', code: c({ StringLike: { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' } }), errors: [{ text: '"aws:PrincipalOrgPaths"' }] },
    { name: 'operator value is not an object', code: c({ StringEquals: 'kms:ViaService' }), errors: [{ text: '"kms:ViaService"' }] },
    { name: 'Condition is not an object', code: c(['StringEquals']), errors: [{ text: '[\n        "StringEquals"\n      ]' }] },
  ],
});
