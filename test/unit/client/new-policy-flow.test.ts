import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { askForPolicy, BACK, type FlowContext, type InputOptions, type PickItem, type Prompts } from '../../../client/src/new-policy-flow';
import { generatePolicy } from '../../../server/src/generate';
import { role } from '../../helpers/generate';

/**
 * Prompts that answer from a script: a pick answers with the item whose value (or label) matches; an input
 * answers with the given text, or with the box's proposed value for `true`. Every answer must pass the box's
 * own validation; `cancel` cancels. Records what was asked.
 */
function scripted(answers: (string | true | { cancel: true } | typeof BACK)[]) {
  const asked: { title: string; items?: PickItem<unknown>[]; options?: InputOptions & { back?: boolean }; active?: unknown; back?: boolean }[] = [];
  const next = () => {
    if (!answers.length) throw new Error(`no answer scripted for "${asked[asked.length - 1].title}"`);
    return answers.shift()!;
  };
  const ui: Prompts = {
    async pick<T>(title: string, items: PickItem<T>[], options: { back?: boolean; active?: T } = {}) {
      asked.push({ title, items: items as PickItem<unknown>[], active: options.active, back: options.back });
      const a = next();
      if (a === BACK) return BACK;
      if (typeof a === 'object') return undefined;
      if (a === true) return options.active;
      const item = items.find((i) => i.value === a || i.label === a);
      assert.ok(item, `"${title}" offers no "${a}": ${items.map((i) => i.label).join(', ')}`);
      return item.value;
    },
    async input(title: string, options: InputOptions & { back?: boolean }) {
      asked.push({ title, options, back: options.back });
      const a = next();
      if (a === BACK) return BACK;
      if (typeof a === 'object') return undefined;
      const text = a === true ? options.value ?? '' : a;
      assert.equal(options.validate(text), undefined, `"${title}" refuses ${JSON.stringify(text)}`);
      return text;
    },
  };
  return { ui, asked };
}

const APP = role('billing-app');
const CI = role('ci-deployer');

describe('New key policy: the questions', () => {
  it('asks nine steps and returns generator input that generates', async () => {
    const { ui, asked } = scripted(['app', 'prod', '111122223333', CI, APP, true, 'billing', 'json', 'untitled']);
    const r = await askForPolicy(ui, {});
    assert.equal(asked.length, 9);
    assert.deepEqual(r?.input, { scope: 'app', stage: 'prod', account: '111122223333', scopeName: 'billing', admins: [CI], readers: [APP], writers: [APP], format: 'json' });
    assert.equal(r?.target, 'untitled');
    assert.equal(asked[0].back, false, 'no Back on the first step');
    assert.ok(asked.slice(1).every((q) => q.back), 'Back on every other step');
    assert.doesNotThrow(() => generatePolicy(r!.input));
  });

  it('refuses a 10-digit account, a malformed ARN, an administrator as data user, a bad name', async () => {
    const { ui, asked } = scripted(['domain', 'prod', '111122223333', CI, role('reader'), role('writer'), 'orders', 'tf', 'file']);
    await askForPolicy(ui, {});
    const box = (n: number) => asked[n].options!.validate;
    assert.match(box(2)('1111222233')!, /12 digits; "1111222233" has 10/);
    assert.match(box(3)('arn:aws:iam::111122223333:group/admins')!, /IAM groups cannot be principals/);
    assert.match(box(3)('')!, /at least one/);
    assert.match(box(4)(`${role('reader')}, no:such`)!, /"no:such" is not an ARN/);
    assert.match(box(4)(CI)!, /is an administrator/);
    assert.equal(box(4)(''), undefined, 'readers may be empty when there are writers');
    assert.match(box(6)('orders/prod')!, /alias\/<name>-<stage>/);
  });

  it('a domain needs a reader or a writer; a business unit needs neither, nor an administrator', async () => {
    let s = scripted(['domain', 'prod', '111122223333', CI, '', role('w'), 'orders', 'json', 'untitled']);
    await askForPolicy(s.ui, {});
    assert.match(s.asked[5].options!.validate('')!, /at least one/);
    s = scripted(['bu', 'dev', '111122223333', '', '', '', 'payments', 'json', 'untitled']);
    const r = await askForPolicy(s.ui, {});
    assert.deepEqual(r?.input.admins, []);
    assert.doesNotThrow(() => generatePolicy(r!.input));
  });

  it('proposes the deployer as administrator, the account declared for the stage, writers = readers for an application', async () => {
    const ctx: FlowContext = { deployerArn: CI, accounts: { '444455556666': { stage: 'dev' }, '777788889999': { name: 'billing-prod', stage: 'prod' } } };
    const { ui, asked } = scripted(['app', 'prod', true, true, APP, true, 'billing', 'tf', 'untitled']);
    const r = await askForPolicy(ui, ctx);
    assert.equal(asked[2].options!.value, '777788889999');
    assert.equal(asked[3].options!.value, CI);
    assert.equal(asked[5].options!.value, APP);
    assert.equal(r?.input.account, '777788889999');
  });

  it('a custom stage is validated; Terraform is offered first in a .tf editor, with insertion at the cursor', async () => {
    const { ui, asked } = scripted(['team', 'Other…', 'qa', '111122223333', CI, APP, true, 'docs', 'tf-doc', 'cursor']);
    const r = await askForPolicy(ui, { activeLanguage: 'terraform', activeFileName: 'kms.tf', insertion: { form: 'blocks', where: 'the top level' } });
    assert.match(asked[2].options!.validate('QA env')!, /lowercase/);
    assert.equal(asked[8].items![0].value, 'tf');
    assert.equal(asked[9].items![0].label, 'Insert at the cursor');
    assert.equal(r?.input.stage, 'qa');
    assert.equal(r?.target, 'cursor');
  });

  it('insertion at the cursor only where the chosen format fits the place the server found', async () => {
    const offered = async (format: string, ctx: FlowContext) => {
      const { ui, asked } = scripted(['app', 'prod', '111122223333', CI, APP, true, 'billing', format, 'untitled']);
      await askForPolicy(ui, ctx);
      return asked[8].items!.find((i) => i.value === 'cursor')?.description;
    };
    const at = (form: NonNullable<FlowContext['insertion']>['form'], where: string): FlowContext => ({ activeLanguage: 'terraform', activeFileName: 'kms.tf', insertion: { form, where } });
    assert.equal(await offered('json', { activeLanguage: 'terraform', activeFileName: 'kms.tf' }), undefined, 'nothing fits at the cursor');
    assert.equal(await offered('json', at('blocks', 'the top level')), undefined, 'blocks are Terraform');
    assert.equal(await offered('tf', at('blocks', 'the top level')), 'the key and alias blocks into the top level (kms.tf)');
    assert.equal(await offered('tf', at('policy', 'the empty document')), undefined, 'a whole policy is JSON');
    assert.equal(await offered('json', { activeLanguage: 'json', activeFileName: 'a.kms.json', insertion: { form: 'policy', where: 'the empty document' } }), 'the key policy into the empty document (a.kms.json)');
    for (const format of ['json', 'tf', 'tf-doc']) {
      assert.equal(await offered(format, at('hcl-statements', 'the Statement list of aws_kms_key.app')), 'the statements into the Statement list of aws_kms_key.app (kms.tf)', format);
    }
  });

  it('goes back a step with its answer kept, and forward again', async () => {
    // Back from the readers to the administrators, whose box shows what was typed; then on to the end.
    const { ui, asked } = scripted(['app', 'prod', '111122223333', CI, BACK, true, APP, true, 'billing', BACK, true, 'json', 'untitled']);
    const r = await askForPolicy(ui, {});
    assert.match(asked[4].title, /\(5\/9\): readers/);
    assert.match(asked[5].title, /\(4\/9\): administrators/);
    assert.equal(asked[5].options!.value, CI);
    assert.match(asked[10].title, /\(7\/9\): name/);
    assert.equal(asked[10].options!.value, 'billing');
    assert.deepEqual(r?.input.admins, [CI]);
    assert.equal(r?.input.scopeName, 'billing');
  });

  it('proposes the last run\'s answers, and returns this run\'s to remember', async () => {
    const first = scripted(['domain', 'Other…', 'qa', '111122223333', CI, role('reader'), role('writer'), 'orders', 'tf', 'file']);
    const r1 = await askForPolicy(first.ui, {});
    const again = scripted([true, true, true, true, true, true, true, true, true, true]);
    const r2 = await askForPolicy(again.ui, { remembered: r1!.answers });
    assert.equal(again.asked[0].active, 'domain');
    assert.equal(again.asked[1].active, '\u0000other');
    assert.equal(again.asked[2].options!.value, 'qa');
    assert.deepEqual(r2?.input, r1?.input);
    assert.equal(r2?.target, 'file');
  });

  it('expands short role names with the chosen account, and never proposes a name from a principal', async () => {
    const { ui, asked } = scripted(['domain', 'prod', '444455556666', 'ci-deployer', 'orders-processor', 'role/collectors/orders-collector, user/ops', 'orders', 'json', 'untitled']);
    const r = await askForPolicy(ui, {});
    assert.deepEqual(r?.input.admins, ['arn:aws:iam::444455556666:role/ci-deployer']);
    assert.deepEqual(r?.input.readers, ['arn:aws:iam::444455556666:role/orders-processor']);
    assert.deepEqual(r?.input.writers, ['arn:aws:iam::444455556666:role/collectors/orders-collector', 'arn:aws:iam::444455556666:user/ops']);
    assert.equal(asked[6].options!.value, undefined, 'the name box is empty: a reader\'s role says nothing of what the key is for');
    assert.match(asked[4].options!.validate('ci-deployer')!, /is an administrator/);
    assert.match(asked[4].options!.validate('group/admins')!, /not an ARN/);
    assert.doesNotThrow(() => generatePolicy(r!.input));
  });

  it('cancelling at any step returns undefined', async () => {
    const full = ['app', 'prod', '111122223333', CI, APP, true, 'billing', 'json', 'untitled'] as (string | true)[];
    for (let step = 0; step < full.length; step++) {
      const { ui } = scripted([...full.slice(0, step), { cancel: true }]);
      assert.equal(await askForPolicy(ui, {}), undefined, `step ${step + 1}`);
    }
  });
});

describe('the generator bundled into the client', () => {
  it('imports nothing outside server/src/generate (so the client never bundles the engine)', () => {
    const dir = join(__dirname, '..', '..', '..', 'server', 'src', 'generate');
    for (const f of readdirSync(dir)) {
      const imports = [...readFileSync(join(dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      assert.deepEqual(imports.filter((i) => !i.startsWith('./')), [], f);
    }
  });
});
