import { ADMIN, policy, ruleTable } from '../../helpers/rule-table';

const stmt = (Action: unknown) => ({ Effect: 'Allow', Principal: { AWS: ADMIN }, Action, Resource: '*' });

ruleTable('unknown-action', {
  valid: [
    policy(stmt(['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:*', 'kms:Describe*'])),
    policy(stmt('*')),
    policy(stmt('s3:GetObject')), // another service: non-kms-action's concern
    policy({ Effect: 'Allow', Principal: { AWS: ADMIN }, NotAction: 'kms:Decrypt', Resource: '*' }),
    { name: 'identity policy', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}' },
  ],
  invalid: [
    {
      name: 'typo with did-you-mean fix',
      code: policy(stmt(['kms:Decrpyt'])),
      fixKind: 'safe',
      errors: [{ line: 10, column: 9, text: '"kms:Decrpyt"', messageIncludes: 'Did you mean "kms:Decrypt"' }],
      output: policy(stmt(['kms:Decrypt'])),
      // The corrected policy grants nobody kms:PutKeyPolicy: lockout-risk now judges it.
      introduces: ['lockout-risk'],
    },
    { name: 'wildcard matching nothing', code: policy(stmt('kms:Foo*')), errors: [{ text: '"kms:Foo*"', messageIncludes: 'matches no KMS action' }] },
    {
      name: 'non-canonical case is a hint with a fix',
      code: policy(stmt('kms:decrypt')),
      errors: [{ severity: 'hint', text: '"kms:decrypt"' }],
      output: policy(stmt('kms:Decrypt')),
    },
    {
      name: 'several did-you-means: suggestions saying what the statement would then allow',
      code: policy(stmt(['kms:TagResorce'])),
      errors: [{ text: '"kms:TagResorce"', messageIncludes: 'Did you mean "kms:TagResource" or "kms:UntagResource"?' }],
      fixes: [
        'Suggestion: change to "kms:TagResource" (the statement then allows kms:TagResource to its principals)',
        'Suggestion: change to "kms:UntagResource" (the statement then allows kms:UntagResource to its principals)',
      ],
    },
    {
      name: 'in a Deny\'s NotAction the suggestion says what stays allowed',
      code: policy(stmt('kms:Decrypt'), { Effect: 'Deny', Principal: '*', NotAction: ['kms:TagResorce'], Resource: '*' }),
      errors: [{ text: '"kms:TagResorce"' }],
      fixes: [
        'Suggestion: change to "kms:TagResource" (the statement then denies every action but kms:TagResource)',
        'Suggestion: change to "kms:UntagResource" (the statement then denies every action but kms:UntagResource)',
      ],
    },
    { name: 'unknown action in NotAction', code: policy({ Effect: 'Allow', Principal: { AWS: ADMIN }, NotAction: ['kms:Nope'], Resource: '*' }), errors: [{ text: '"kms:Nope"' }] },
    { name: 'identity policy still checked', code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrpt","Resource":"*"}]}', errors: [{ text: '"kms:Encrpt"' }] },
  ],
});
