import { APP, policy, ruleTable } from '../../helpers/rule-table';

const stmt = (Condition: object) => ({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition });

ruleTable('iam-only-condition-key', {
  valid: [
    policy(stmt({ StringEquals: { 'kms:RequestAlias': 'alias/app' } })),
    policy(stmt({ StringEquals: { 'kms:CallerAccount': '111122223333' } })),
    { name: 'identity policy', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/app"}}}]}' },
  ],
  invalid: [
    {
      name: 'kms:ResourceAliases in a key policy',
      code: policy(stmt({ 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/app-*' } })),
      errors: [{ line: 13, column: 11, text: '"kms:ResourceAliases"', severity: 'warning', messageIncludes: 'kms:RequestAlias' }],
    },
    { name: 'any case', code: policy(stmt({ 'ForAnyValue:StringLike': { 'kms:resourcealiases': 'alias/app-*' } })), errors: [{ text: '"kms:resourcealiases"' }] },
  ],
});
