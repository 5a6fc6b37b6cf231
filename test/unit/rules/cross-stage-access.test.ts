import { AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';
import { policy, ROOT, ruleTable } from '../../helpers/rule-table';

const allow = (Principal: unknown, Action: unknown) => ({ Effect: 'Allow', Principal, Action, Resource: '*' });
const role = (name: string, acct = '111122223333') => `arn:aws:iam::${acct}:role/${name}`;
const withId = (Id: string, ...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Id, Statement: statements }, null, 2);
const STAGES = { accounts: { '111122223333': { name: 'orders-prod', stage: 'production' }, '444455556666': { name: 'orders-dev', stage: 'dev' } } };

ruleTable('cross-stage-access', {
  valid: [
    AWS_DEFAULT,
    CONSOLE_DEFAULT,
    K9_LEAST_PRIVILEGE,
    { name: 'same stage by name', code: withId('orders-prod-key', allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: role('orders-prod-app') }, 'kms:Decrypt')) },
    { name: 'no stage for the key', code: policy(allow({ AWS: role('orders-dev-app') }, 'kms:Decrypt')) },
    { name: 'declared stages agree', code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: role('app-dev') }, 'kms:Decrypt')), settings: STAGES },
    { name: 'a principal only denied', code: withId('prod', allow({ AWS: ROOT }, 'kms:*'), { Effect: 'Deny', Principal: { AWS: role('dev-app') }, Action: 'kms:*', Resource: '*' }) },
    { name: 'several stages in the names decide nothing', code: withId('dev-to-prod-migration', allow({ AWS: role('test-app') }, 'kms:Decrypt')) },
  ],
  invalid: [
    {
      name: 'a dev role on a key whose Id says prod',
      code: withId('orders-prod-key', allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: role('orders-dev-app') }, ['kms:Decrypt', 'kms:Encrypt'])),
      errors: [{ severity: 'warning', text: JSON.stringify(role('orders-dev-app')), messageIncludes: 'role/orders-dev-app (111122223333) belongs to the dev stage but has access to this prod key (2 actions, statement 2)' }],
    },
    {
      name: 'declared account stages',
      code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: '444455556666' }, 'kms:Decrypt')),
      settings: STAGES,
      errors: [{ text: '"444455556666"', messageIncludes: 'anyone in account orders-dev 444455556666 whose IAM policy allows it belongs to the dev stage but has access to this prod key' }],
    },
    {
      name: 'camel-case names and the staging token',
      path: 'keys/staging-key-policy.json',
      code: policy(allow({ AWS: ROOT }, 'kms:*'), allow({ AWS: role('ProdReader') }, 'kms:Decrypt')),
      errors: [{ text: JSON.stringify(role('ProdReader')), messageIncludes: 'belongs to the prod stage but has access to this stage key' }],
    },
  ],
});
