import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parsePrincipalList,
  validateAccountId,
  validateGenerateInput,
  validatePrincipalArn,
  validatePrincipalList,
  validateScopeName,
  validateStage,
  type GenerateInput,
} from '../../../server/src/generate';

const A = '111122223333';

/** [value, undefined when valid | a fragment the message must contain] */
function table(name: string, fn: (v: string) => string | undefined, cases: [string, string | undefined][]): void {
  describe(name, () => {
    for (const [value, fragment] of cases) {
      it(`${JSON.stringify(value)} -> ${fragment ?? 'ok'}`, () => {
        const message = fn(value);
        if (fragment === undefined) assert.equal(message, undefined);
        else assert.ok(message?.includes(fragment), `message: ${message}`);
      });
    }
  });
}

table('validateAccountId', validateAccountId, [
  [A, undefined],
  [` ${A} `, undefined],
  ['', '12-digit'],
  ['1234567890', 'has 10'],
  ['1111222233334', 'has 13'],
  ['1111-2222-3333', 'is not'],
  ['arn:aws:iam::111122223333:root', 'is not'],
]);

table('validatePrincipalArn', validatePrincipalArn, [
  [`arn:aws:iam::${A}:role/orders-app`, undefined],
  [`arn:aws:iam::${A}:role/service-role/path/orders.app+x=y,z@w_v-u`, undefined],
  [`arn:aws:iam::${A}:user/alice`, undefined],
  [`arn:aws-cn:iam::${A}:role/app`, undefined],
  [`arn:aws-us-gov:iam::${A}:role/app`, undefined],
  ['', 'Enter an IAM role or user ARN'],
  [A, 'is an account id'],
  [`arn:aws:iam::${A}:root`, 'account root'],
  [`arn:aws:iam::${A}:group/admins`, 'IAM groups cannot be principals'],
  [`arn:aws:iam::${A}:role/app-*`, 'wildcard'],
  ['*', 'wildcard'],
  [`arn:aws:sts::${A}:assumed-role/app/session`, `arn:aws:iam::${A}:role/app`],
  [`arn:aws:iam::1234567890:role/app`, 'must be 12 digits'],
  [`arn:aws:kms:eu-west-1:${A}:alias/orders`, 'not an IAM principal'],
  [`arn:aws:iam::${A}:policy/x`, 'role or user ARN'],
  [`arn:azure:iam::${A}:role/app`, 'unknown partition'],
  [`arn:aws:iam::${A}:role/my app`, 'contains a space'],
  ['role/app', 'is not an ARN'],
  [`arn:aws:iam::${A}:role/app!`, 'letters, digits'],
  // Adversarial input is refused by its length, or answered by one linear pass (a hang would be the runner's timeout).
  [`arn:aws:iam::${A}:role/${'a/'.repeat(900)}${'a'.repeat(40)}!`, 'letters, digits'],
  [`arn:aws:iam::${A}:role/${'a'.repeat(100_000)}!`, 'at most 2048 characters'],
  [`arn:aws:iam::${A}:role/${'ab/'.repeat(700)}x`, 'at most 2048 characters'],
]);

table('validateStage', validateStage, [
  ['prod', undefined],
  ['dev2', undefined],
  ['pre-prod', undefined],
  ['', 'Enter a stage'],
  ['Prod', 'lowercase'],
  ['prod env', 'lowercase'],
  ['x'.repeat(21), 'up to 20'],
]);

table('validateScopeName', validateScopeName, [
  ['orders', undefined],
  ['Billing_API-2', undefined],
  ['', 'Enter a name'],
  ['2fast', 'Start with a letter'],
  ['orders/prod', 'alias/<name>-<stage>'],
  ['a'.repeat(65), 'up to 64'],
]);

describe('principal lists typed in one box', () => {
  it('splits on commas, semicolons and white space', () => {
    assert.deepEqual(parsePrincipalList(' a, b;c\n d ,, '), ['a', 'b', 'c', 'd']);
  });
  it('reports the first bad entry, and an empty required list', () => {
    assert.equal(validatePrincipalList(`arn:aws:iam::${A}:role/a, arn:aws:iam::${A}:role/b`, true), undefined);
    assert.equal(validatePrincipalList('', false), undefined);
    assert.match(validatePrincipalList('  ', true)!, /at least one/);
    assert.match(validatePrincipalList(`arn:aws:iam::${A}:role/a, arn:aws:iam::12:role/b`, false)!, /must be 12 digits/);
  });
});

describe('validateGenerateInput', () => {
  const good: GenerateInput = {
    scope: 'app',
    stage: 'prod',
    account: A,
    scopeName: 'billing',
    admins: [`arn:aws:iam::${A}:role/ci`],
    readers: [`arn:aws:iam::${A}:role/app`],
    writers: [`arn:aws:iam::${A}:role/app`],
    format: 'json',
  };
  it('accepts a complete input', () => assert.deepEqual(validateGenerateInput(good), []));
  it('lists every field problem at once', () => {
    const problems = validateGenerateInput({ ...good, account: '12345', stage: 'PROD', admins: ['nope'] });
    assert.equal(problems.length, 3, problems.join('\n'));
  });
  it('refuses unknown scopes and formats', () => {
    assert.match(validateGenerateInput({ ...good, scope: 'org' as never }).join(), /Unknown scope "org"/);
    assert.match(validateGenerateInput({ ...good, format: 'yaml' as never }).join(), /Unknown format "yaml"/);
  });
  it('needs an administrator and a data user except for a Business Unit key', () => {
    assert.match(validateGenerateInput({ ...good, admins: [] }).join(), /at least one administrator/);
    assert.match(validateGenerateInput({ ...good, readers: [], writers: [] }).join(), /at least one reader or writer/);
    assert.deepEqual(validateGenerateInput({ ...good, scope: 'bu', admins: [], readers: [], writers: [] }), []);
  });
  it('keeps administrators separate from data users', () => {
    assert.match(validateGenerateInput({ ...good, admins: [good.readers[0]] }).join(), /both an administrator and a data user/);
  });
});
