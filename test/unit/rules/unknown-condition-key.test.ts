import { APP, policy, ruleTable } from '../../helpers/rule-table';

const stmt = (Condition: object) => ({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*', Condition });

ruleTable('unknown-condition-key', {
  valid: [
    policy(stmt({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:CallerAccount': '111122223333' } })),
    { name: 'encryption context with any name', code: policy(stmt({ StringEquals: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'x', 'kms:EncryptionContext:Department': 'IT' } })) },
    { name: 'global keys', code: policy(stmt({ StringEquals: { 'aws:PrincipalOrgID': 'o-123', 'aws:PrincipalTag/team': 'data' }, Bool: { 'aws:SecureTransport': 'true' } })) },
    { name: 'IAM-only key is another rule\'s concern', code: policy(stmt({ 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/app-*' } })) },
  ],
  invalid: [
    {
      name: 'typo with did-you-mean',
      code: policy(stmt({ StringEquals: { 'kms:ViaServce': 's3.eu-west-1.amazonaws.com' } })),
      errors: [{ line: 13, column: 11, text: '"kms:ViaServce"', messageIncludes: 'Did you mean "kms:ViaService"' }],
      output: policy(stmt({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } })),
    },
    {
      name: 'misspelt pattern prefix keeps the context key',
      code: policy(stmt({ StringEquals: { 'kms:EncryptonContext:Department': 'IT' } })),
      errors: [{ messageIncludes: 'Did you mean "kms:EncryptionContext:Department"' }],
      output: policy(stmt({ StringEquals: { 'kms:EncryptionContext:Department': 'IT' } })),
    },
    { name: 'a key of another service', code: policy(stmt({ StringLike: { 's3:prefix': 'home/' } })), errors: [{ text: '"s3:prefix"', messageIncludes: 'condition key of s3' }] },
    {
      name: 'wrong case is a hint with a fix',
      code: policy(stmt({ StringEquals: { 'kms:callerAccount': '111122223333' } })),
      errors: [{ severity: 'hint', text: '"kms:callerAccount"' }],
      output: policy(stmt({ StringEquals: { 'kms:CallerAccount': '111122223333' } })),
    },
    {
      name: 'wrong case of a pattern prefix keeps the suffix',
      code: policy(stmt({ StringEquals: { 'kms:encryptioncontext:Department': 'IT' } })),
      errors: [{ severity: 'hint' }],
      output: policy(stmt({ StringEquals: { 'kms:EncryptionContext:Department': 'IT' } })),
    },
    { name: 'no prefix at all', code: policy(stmt({ StringEquals: { ViaService: 'x' } })), errors: [{ text: '"ViaService"' }] },
  ],
});
