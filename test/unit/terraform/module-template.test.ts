// test/fixtures/forms/module-template. A template (or a policy file) passed to a module as an argument is
// rendered with the caller's vars: the whole policy of the module's key when the key takes the variable as its
// policy, a fragment otherwise; reported at the argument, pointing into the template, and in the template.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import { createKeyscope } from '../../../server/src/service';
import { initTerraform } from '../../../server/src/terraform';
import { memoryHost } from '../../helpers/terraform';

const DIR = join(__dirname, '..', '..', 'fixtures', 'forms', 'module-template');
const NAMES = ['main.tf', 'modules/kms/main.tf', 'policies/key.json.tpl', 'policies/extra.json'];
const files = Object.fromEntries(NAMES.map((n) => [`/ws/${n}`, readFileSync(join(DIR, n), 'utf8')]));
const MAIN = files['/ws/main.tf'];

describe('terraform: a template passed to a module as an argument', () => {
  before(() => initTerraform());

  it('is the policy of the key that takes the variable, rendered with the caller\'s vars, reported at the argument', () => {
    const a = analyze({ path: '/ws/main.tf', text: MAIN, host: memoryHost(files) });
    const rendered = a.sources.filter((s) => s.kind === 'tf-file-ref');
    assert.deepEqual(rendered.map((s) => [s.name, s.keyPolicy, s.feeds?.by]), [
      ['module.orders_key.aws_kms_key.this', true, undefined],
      ['module.billing_key.aws_kms_key.this', true, undefined],
      ['module.audit_key', true, 'module.audit_key (argument extra_policy)'],
    ]);
    // The readers the first call passes (jsonencode(["*"])) make its key public; the second call's do not.
    const pub = a.findings.filter((f) => f.ruleId === 'public-principal');
    assert.deepEqual(pub.map((f) => [a.text.slice(f.span.start, f.span.end).split('\n')[0], f.related?.map((r) => `${r.path}:${r.line + 1}`), f.fixes.length]), [
      ['policy = templatefile("${path.module}/policies/key.json.tpl", {', ['/ws/policies/key.json.tpl:14'], 0],
    ]);
  });

  it('a policy file the module merges is a fragment: its statements checked, no whole-policy rule', () => {
    const a = analyze({ path: '/ws/main.tf', text: MAIN, host: memoryHost(files) });
    const audit = a.findings.filter((f) => MAIN.slice(f.span.start, f.span.end).startsWith('extra_policy'));
    assert.deepEqual(audit.map((f) => f.ruleId), ['unknown-action']);
  });

  it('the matrix of the module\'s key is the rendered template\'s', () => {
    const engine = createKeyscope({ host: memoryHost(files) });
    try {
      const a = engine.analyze({ path: '/ws/main.tf', text: MAIN });
      const orders = engine.access(a, {}).find((k) => k.source.name === 'module.orders_key.aws_kms_key.this');
      assert.ok(orders, 'a matrix for the key the first call creates');
      assert.ok(orders.matrix.rows.some((r) => r.id === '*'), orders.matrix.rows.map((r) => r.id).join());
    } finally {
      engine.dispose();
    }
  });

  it('the template opened: the first call\'s finding at its text, pointing at the argument', () => {
    const tpl = files['/ws/policies/key.json.tpl'];
    const a = analyze({ path: '/ws/policies/key.json.tpl', text: tpl, host: memoryHost(files) });
    const pub = a.findings.filter((f) => f.ruleId === 'public-principal');
    assert.deepEqual(pub.map((f) => [tpl.slice(f.span.start, f.span.end), f.related?.map((r) => `${r.path}:${r.line + 1} ${r.message}`)]), [
      ['${readers}', ['/ws/main.tf:16 read here as the policy of module.orders_key.aws_kms_key.this, in main.tf']],
    ]);
  });

  it('the policy file opened is a fragment too, pointing at the argument', () => {
    const json = files['/ws/policies/extra.json'];
    const a = analyze({ path: '/ws/policies/extra.json', text: json, host: memoryHost(files) });
    assert.equal(a.sources[0].feeds?.by, 'module.audit_key (argument extra_policy)');
    assert.deepEqual(a.findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.related?.[0].message]), [
      ['unknown-action', 'passed here to module.audit_key (argument extra_policy), in main.tf'],
    ]);
  });
});
