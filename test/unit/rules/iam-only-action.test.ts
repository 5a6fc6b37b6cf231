import { ADMIN, policy, ruleTable } from '../../helpers/rule-table';

const stmt = (Action: unknown) => ({ Effect: 'Allow', Principal: { AWS: ADMIN }, Action, Resource: '*' });

ruleTable('iam-only-action', {
  valid: [
    policy(stmt(['kms:Decrypt', 'kms:ListGrants'])),
    { name: 'a wildcard that also matches key actions', code: policy(stmt(['kms:List*', 'kms:Create*', 'kms:Describe*'])) },
    policy(stmt('kms:*')),
    policy(stmt('*')),
    { name: 'unknown actions are unknown-action\'s concern', code: policy(stmt(['kms:CreateKeys', 'kms:Decrypt'])) },
    { name: 'identity policy', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:CreateKey","Resource":"*"}]}' },
  ],
  invalid: [
    {
      name: 'CreateKey with removal fix',
      code: policy(stmt(['kms:Decrypt', 'kms:CreateKey'])),
      errors: [{ line: 11, column: 9, text: '"kms:CreateKey"', messageIncludes: 'kms:CreateKey is not performed on a key' }],
      output: policy(stmt(['kms:Decrypt'])),
    },
    {
      name: 'several, any case',
      code: policy(stmt(['kms:listkeys', 'kms:ListAliases', 'kms:GenerateRandom', 'kms:Encrypt'])),
      errors: [{ text: '"kms:listkeys"' }, { text: '"kms:ListAliases"' }, { text: '"kms:GenerateRandom"' }],
      output: policy(stmt(['kms:ListAliases', 'kms:GenerateRandom', 'kms:Encrypt'])),
    },
    {
      name: 'a wildcard matching only IAM-only actions',
      code: policy(stmt(['kms:*CustomKeyStore*', 'kms:Decrypt'])),
      errors: [{ text: '"kms:*CustomKeyStore*"', messageIncludes: 'only matches actions not performed on a key' }],
      output: policy(stmt(['kms:Decrypt'])),
    },
    { name: 'the only action: no fix', code: policy(stmt('kms:CreateKey')), errors: [{ text: '"kms:CreateKey"' }] },
  ],
});
