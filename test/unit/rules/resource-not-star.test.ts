import { ADMIN, policy, ruleTable } from '../../helpers/rule-table';

const stmt = (extra: object) => ({ Effect: 'Allow', Principal: { AWS: ADMIN }, Action: 'kms:Decrypt', ...extra });
const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

ruleTable('resource-not-star', {
  valid: [policy(stmt({ Resource: '*' })), policy(stmt({ Resource: ['*'] }))],
  invalid: [
    { name: 'key ARN', code: policy(stmt({ Resource: keyArn })), errors: [{ text: JSON.stringify(keyArn) }], output: policy(stmt({ Resource: '*' })) },
    { name: 'array of ARNs', code: policy(stmt({ Resource: [keyArn, 'arn:aws:kms:*'] })), output: policy(stmt({ Resource: '*' })) },
    { name: 'NotResource', code: policy(stmt({ NotResource: keyArn })), errors: [{ text: '"NotResource"' }], output: policy(stmt({ Resource: '*' })) },
  ],
});
