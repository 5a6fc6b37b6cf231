import { ADMIN, policy, ROOT, ruleTable } from '../../helpers/rule-table';

const stmt = { Sid: 'Use', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'kms:Decrypt', Resource: '*' };
const without = (...keys: string[]) => Object.fromEntries(Object.entries(stmt).filter(([k]) => !keys.includes(k)));
const identity = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}';

ruleTable('statement-shape', {
  valid: [
    policy(stmt),
    policy({ ...stmt, Effect: 'Deny', Principal: '*' }, { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }),
    policy({ ...without('Principal'), NotPrincipal: { AWS: ADMIN }, Effect: 'Deny' }),
    policy({ ...without('Action'), NotAction: 'kms:Decrypt', Effect: 'Deny' }),
    { name: 'a single statement written as an object', code: JSON.stringify({ Version: '2012-10-17', Statement: stmt }, null, 2) },
    { name: 'an identity policy is not a broken key policy', code: identity },
    { name: 'JSON that is not a policy at all', code: '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}' },
    { name: 'an empty JSON object the include globs match', code: '{}' },
    { name: 'misspelt Principal is unknown-element\'s finding', code: policy({ ...without('Principal'), Principle: { AWS: ADMIN } }) },
    { name: 'template placeholders are not judged', code: policy({ ...stmt, Effect: '${effect}' }) },
    {
      name: 'Terraform: actions and not_actions from a module input, one of them null',
      path: 'main.tf',
      code: 'data "aws_iam_policy_document" "k" {\n  dynamic "statement" {\n    for_each = var.key_statements\n    content {\n      actions       = statement.value.actions\n      not_actions   = statement.value.not_actions\n      resources     = statement.value.resources\n      not_resources = statement.value.not_resources\n      dynamic "principals" {\n        for_each = statement.value.principals\n        content {\n          type        = principals.value.type\n          identifiers = principals.value.identifiers\n        }\n      }\n      dynamic "not_principals" {\n        for_each = statement.value.not_principals\n        content {\n          type        = not_principals.value.type\n          identifiers = not_principals.value.identifiers\n        }\n      }\n    }\n  }\n}\n\nresource "aws_kms_key" "k" {\n  policy = data.aws_iam_policy_document.k.json\n}\n',
    },
  ],
  invalid: [
    {
      name: 'a lone statement (documentation excerpt)',
      code: JSON.stringify(stmt, null, 2),
      errors: [{ line: 1, column: 1, text: '{', severity: 'info', messageIncludes: 'single statement' }],
    },
    { name: 'no Effect', code: policy(without('Effect')), errors: [{ line: 4, column: 5, text: '{', messageIncludes: 'no "Effect"' }] },
    {
      name: 'lower-case effect value with fix',
      code: policy({ ...stmt, Effect: 'allow' }),
      errors: [{ text: '"allow"', messageIncludes: 'Did you mean "Allow"' }],
      // AWS and the access matrix read Effect case-sensitively: the statement allows nothing until it is fixed.
      fixes: ['Suggestion: change to "Allow" (the statement then allows its actions to its principals)'],
      output: policy(stmt),
    },
    { name: 'Effect of another kind', code: policy({ ...stmt, Effect: true }), errors: [{ text: 'true' }] },
    {
      name: 'no principal (beside a statement that has one)',
      code: policy(stmt, { ...without('Principal'), Sid: 'Other' }),
      errors: [{ line: 13, column: 5, text: '{', severity: 'error', messageIncludes: 'names no principal' }],
    },
    { name: 'Principal and NotPrincipal', code: policy({ ...stmt, NotPrincipal: { AWS: ROOT } }), errors: [{ text: '"NotPrincipal"', messageIncludes: 'not both' }] },
    {
      name: 'Terraform policy document: literal actions and not_actions',
      path: 'main.tf',
      code: 'data "aws_iam_policy_document" "k" {\n  statement {\n    actions     = ["kms:Decrypt"]\n    not_actions = ["kms:Encrypt"]\n    resources   = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:role/App"]\n    }\n  }\n}\n\nresource "aws_kms_key" "k" {\n  policy = data.aws_iam_policy_document.k.json\n}\n',
      errors: [{ line: 4, messageIncludes: 'not both' }],
    },
    { name: 'Action and NotAction', code: policy({ ...stmt, NotAction: 'kms:Encrypt' }), errors: [{ text: '"NotAction"' }] },
    { name: 'no Action does nothing', code: policy(without('Action')), errors: [{ text: '{', severity: 'warning', messageIncludes: 'no "Action"' }] },
    {
      name: 'no Resource does nothing; the fix adds "Resource": "*" (a suggestion: the statement starts to apply)',
      code: policy(without('Resource')),
      errors: [{ text: '{', severity: 'warning', messageIncludes: 'no "Resource"' }],
      fix: 'Suggestion: add "Resource": "*" (the statement then grants its actions on this key)',
      fixKind: 'suggestion',
      output: policy({ ...without('Resource'), Resource: '*' }),
    },
    { name: 'empty Action list', code: policy({ ...stmt, Action: [] }), errors: [{ text: '[]', severity: 'warning' }] },
    { name: 'empty Statement list', code: '{"Version": "2012-10-17", "Statement": []}', errors: [{ text: '[]', messageIncludes: 'at least one statement' }] },
    { name: 'no Statement', code: '{"Version": "2012-10-17", "Id": "key-1"}', errors: [{ text: '{', messageIncludes: 'no "Statement"' }] },
    { name: 'no Statement, no Version', code: '{"Id": "key-1"}', errors: [{ text: '{', messageIncludes: 'no "Statement"' }] },
    {
      name: "a key's policy with neither Statement nor Version",
      path: 'main.tf',
      code: 'resource "aws_kms_key" "k" {\n  policy = jsonencode({})\n}\n',
      errors: [{ line: 2, text: '{', messageIncludes: 'no "Statement"' }],
    },
    {
      name: "a key's policy with only an unknown element",
      path: 'main.tf',
      code: 'resource "aws_kms_key" "k" {\n  policy = jsonencode({ Statment = [] })\n}\n',
      errors: [{ line: 2, text: '{', messageIncludes: 'no "Statement"' }],
    },
    { name: 'a statement that is not an object', code: '{"Version": "2012-10-17", "Statement": ["Allow all"]}', errors: [{ text: '"Allow all"' }] },
    { name: 'Statement of the wrong kind', code: '{"Version": "2012-10-17", "Statement": "none"}', errors: [{ text: '"none"' }] },
  ],
});
