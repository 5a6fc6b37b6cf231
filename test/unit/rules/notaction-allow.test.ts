import { APP, policy, ROOT, ruleTable } from '../../helpers/rule-table';

ruleTable('notaction-allow', {
  valid: [
    policy({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*' }),
    { name: 'Deny with NotAction (deny all but) is a common guard', code: policy({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Principal: { AWS: APP }, NotAction: ['kms:Decrypt'], Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'Allow with NotAction',
      code: policy({ Effect: 'Allow', Principal: { AWS: APP }, NotAction: ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'], Resource: '*' }),
      errors: [{ line: 9, text: '"NotAction"', messageIncludes: 'every action AWS adds later' }],
    },
  ],
});
