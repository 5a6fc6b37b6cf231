import { ADMIN, policy, ruleTable } from '../../helpers/rule-table';

const stmt = { Sid: 'Use', Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'kms:Decrypt', Resource: '*' };
const without = (key: string) => Object.fromEntries(Object.entries(stmt).filter(([k]) => k !== key));
const doc = (statement: object, extra: object = {}) => JSON.stringify({ Version: '2012-10-17', ...extra, Statement: [statement] }, null, 2);

const tfKey = (body: string) => `resource "aws_kms_key" "k" {\n  policy = jsonencode({\n${body}  })\n}\n`;
const tfStmt = (effect: string, action: string) => `    Statement = [{\n      ${effect}\n      Principal = { AWS = "arn:aws:iam::111122223333:role/App" }\n      Action    = ${action}\n      Resource  = "*"\n    }]\n`;

ruleTable('unknown-element', {
  valid: [
    policy(stmt),
    doc(stmt, { Id: 'key-default-1' }),
    policy({ ...without('Principal'), NotPrincipal: { AWS: ADMIN }, Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    { name: 'a lone statement is checked as a statement, not as a policy', code: JSON.stringify(stmt, null, 2) },
  ],
  invalid: [
    {
      name: 'Principle -> Principal',
      code: policy({ ...without('Principal'), Principle: { AWS: ADMIN } }),
      errors: [{ text: '"Principle"', messageIncludes: 'Did you mean "Principal"' }],
      output: policy({ ...without('Principal'), Principal: { AWS: ADMIN } }),
    },
    {
      name: 'Actions -> Action',
      code: policy({ ...without('Action'), Actions: ['kms:Decrypt'] }),
      errors: [{ text: '"Actions"' }],
      output: policy({ ...without('Action'), Action: ['kms:Decrypt'] }),
    },
    {
      name: 'wrong case: effect -> Effect',
      code: policy({ ...without('Effect'), effect: 'Allow' }),
      errors: [{ text: '"effect"', messageIncludes: 'case-sensitive, write "Effect"' }],
      // Until it is named "Effect" the statement allows nothing: the rename changes who can do what.
      fixes: ['Suggestion: rename to "Effect" (the statement then allows or denies what it names)'],
      output: policy({ ...without('Effect'), Effect: 'Allow' }),
    },
    {
      name: 'misspelt Statement at the top',
      code: JSON.stringify({ Version: '2012-10-17', Statements: [stmt] }, null, 2),
      errors: [{ text: '"Statements"' }],
      // Already read as the statement list: renaming changes no one's access.
      fixKind: 'safe',
      output: JSON.stringify({ Version: '2012-10-17', Statement: [stmt] }, null, 2),
    },
    {
      name: 'wrong case of Sid: a safe rename',
      code: policy({ ...without('Sid'), sid: 'Use' }),
      errors: [{ text: '"sid"' }],
      fixes: ['Rename to "Sid"'],
      fixKind: 'safe',
      output: policy({ ...without('Sid'), Sid: 'Use' }),
    },
    {
      name: 'Principle -> Principal is a suggestion',
      code: policy({ ...without('Principal'), Principle: { AWS: ADMIN } }),
      fixes: ['Suggestion: rename to "Principal" (the statement then applies to the principals it names)'],
    },
    {
      name: 'policy element inside a statement',
      code: policy({ ...stmt, Version: '2012-10-17' }),
      errors: [{ text: '"Version"', messageIncludes: 'belongs at the top of the policy' }],
    },
    {
      name: 'no rename onto an element that is already there',
      code: policy({ ...stmt, Resources: '*' }),
      errors: [{ text: '"Resources"', messageIncludes: 'Did you mean "Resource"' }],
    },
    {
      name: 'Terraform jsonencode: the fix renames the attribute',
      path: 'main.tf',
      code: tfKey('    Version = "2012-10-17"\n' + tfStmt('effect    = "Allow"', '"kms:Decrypt"')),
      errors: [{ line: 5, text: 'effect' }],
      output: tfKey('    Version = "2012-10-17"\n' + tfStmt('Effect    = "Allow"', '"kms:Decrypt"')),
    },
    { name: 'unrelated name', code: doc(stmt, { Comment: 'prod key' }), errors: [{ text: '"Comment"', messageIncludes: 'a policy has only "Version", "Id", "Statement"' }] },
    {
      name: 'in a lone statement',
      code: JSON.stringify({ ...stmt, Conditions: {} }, null, 2),
      errors: [{ text: '"Conditions"' }],
      output: JSON.stringify({ ...stmt, Condition: {} }, null, 2),
    },
  ],
});
