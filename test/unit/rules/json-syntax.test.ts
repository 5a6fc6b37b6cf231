import { policy, ruleTable } from '../../helpers/rule-table';
import { AWS_DEFAULT } from '../../fixtures/policies';

ruleTable('json-syntax', {
  valid: [AWS_DEFAULT, policy()],
  invalid: [
    { name: 'trailing comma', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",}]}', errors: [{ line: 1, column: 55, text: ',', messageIncludes: 'Trailing comma' }] },
    { name: 'comment', code: '{\n  // note\n  "Version": "2012-10-17", "Statement": []\n}', errors: [{ line: 2, column: 3, messageIncludes: 'Comments are not allowed' }] },
    { name: 'truncated', code: '{"Version":"2012-10-17","Statement":[', errors: [{ messageIncludes: 'close bracket expected' }] },
    { name: 'root is not an object', code: '["kms:Decrypt"]', errors: [{ messageIncludes: 'must be a JSON object' }] },
  ],
});
