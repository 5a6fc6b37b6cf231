import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { FORMATS, generatePolicy, SCOPE_INFO, SCOPES } from '../../../server/src/generate';
import { BLOCKS, policySnippets, type PolicySnippet, type SnippetForm } from '../../../server/src/generate/snippets';
import { initTerraform } from '../../../server/src/terraform';
import { exampleInput } from '../../helpers/generate';
import { run } from '../../helpers/rule-table';
import { expandSnippet } from '../../helpers/snippet-expander';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const JSON_FORMS: SnippetForm[] = ['json-policy', 'json-statement'];
const snippet = (form: SnippetForm, prefix: string): PolicySnippet => {
  const s = policySnippets().find((x) => x.form === form && x.prefix === prefix);
  assert.ok(s, `${form} ${prefix}`);
  return s;
};
const expanded = (form: SnippetForm, prefix: string) => expandSnippet(snippet(form, prefix).body).text;

describe('snippet expander', () => {
  const cases: [string, string, number[]][] = [
    ['a ${1:x} b $1 ${1}', 'a x b x x', [1]],
    ['${2|prod,dev|}-${2}-$0', 'prod-prod-', [2]],
    ['$1 then ${1:late}', 'late then late', [1]],
    ['${1:outer ${2:inner}} $2', 'outer inner inner', [1, 2]],
    ['\\$1 \\} \\\\ $$ ${1:a\\}b}', '$1 } \\ $$ a}b', [1]],
    ['${1|a\\,b,c|}', 'a,b', [1]],
    ['$TM_FILENAME ${TM_FILENAME:file} $3', ' file ', [3]],
  ];
  for (const [body, text, stops] of cases) it(JSON.stringify(body), () => assert.deepEqual(expandSnippet(body), { text, stops }));
  it('throws on malformed placeholders', () => {
    for (const bad of ['${1:open', '${1|a,b', '${', 'x ${1:a ${2:b} y']) assert.throws(() => expandSnippet(bad), Error, bad);
  });
});

describe('the snippet catalog', () => {
  it('is offered by the server\'s completion, not contributed as static snippet files', () => {
    assert.equal(pkg.contributes.snippets, undefined);
  });

  it('every snippet has a kms- prefix, unique in its language, a description and tab stops numbered 1..n', () => {
    for (const inJson of [true, false]) {
      const prefixes = new Set<string>();
      for (const s of policySnippets().filter((x) => JSON_FORMS.includes(x.form) === inJson)) {
        assert.ok(s.prefix.startsWith('kms-') && !prefixes.has(s.prefix), `${s.name}: prefix ${s.prefix}`);
        prefixes.add(s.prefix);
        assert.ok(s.description.length > 60, `${s.name}: description`);
        assert.ok(!s.body.includes('\t'), `${s.name}: two spaces per level, re-indented where it is inserted`);
        const { stops } = expandSnippet(s.body);
        assert.deepEqual(stops, stops.map((_, i) => i + 1), `${s.name}: tab stops ${stops}`);
      }
    }
  });

  it('keeps the prefixes people know: kms-policy-<scope>, kms-key-<scope>[-doc], kms-statement-<block>[-doc]', () => {
    for (const scope of SCOPES) {
      for (const [form, prefix] of [['json-policy', `kms-policy-${scope}`], ['hcl-policy', `kms-policy-${scope}`], ['tf-key', `kms-key-${scope}`], ['tf-key', `kms-key-${scope}-doc`]] as const) snippet(form, prefix);
    }
    for (const b of BLOCKS) {
      snippet('json-statement', `kms-statement-${b.id}`);
      snippet('hcl-statement', `kms-statement-${b.id}`);
      snippet('doc-statement', `kms-statement-${b.id}-doc`);
    }
  });

  it('a scope snippet expanded with its defaults is exactly what the generator writes', () => {
    for (const scope of SCOPES) {
      for (const format of FORMATS) {
        const prefix = `${format === 'json' ? 'kms-policy-' : 'kms-key-'}${scope}${format === 'tf-doc' ? '-doc' : ''}`;
        const s = snippet(format === 'json' ? 'json-policy' : 'tf-key', prefix);
        assert.ok(s.description.startsWith(SCOPE_INFO[scope].label), prefix);
        const generated = generatePolicy(exampleInput(scope, format)).text;
        assert.equal(expandSnippet(s.body).text + '\n', generated, prefix);
        // The policy = value of the same scope is the generator's jsonencode(...), as written in the key.
        if (format === 'tf') assert.ok(generated.includes(`\n  policy = ${expanded('hcl-policy', `kms-policy-${scope}`).replace(/\n/g, '\n  ')}\n`), scope);
      }
    }
  });
});

/** A building block expanded and placed in a whole policy (after the AWS default statement) of its form. */
function wrapBlock(s: PolicySnippet, text: string): { path: string; code: string } {
  const indent = (t: string, n: number) => t.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  const first = s.prefix.startsWith('kms-statement-default') ? [] : [expanded(s.form, s.form === 'doc-statement' ? 'kms-statement-default-doc' : 'kms-statement-default')];
  if (s.form === 'doc-statement') {
    return { path: 'k.tf', code: `data "aws_iam_policy_document" "k" {\n${[...first, text].map((i) => indent(i, 2)).join('\n')}\n}\n\nresource "aws_kms_key" "k" {\n  enable_key_rotation     = true\n  deletion_window_in_days = 30\n  policy                  = data.aws_iam_policy_document.k.json\n}\n` };
  }
  if (s.form === 'hcl-statement') {
    return { path: 'k.tf', code: `resource "aws_kms_key" "k" {\n  enable_key_rotation     = true\n  deletion_window_in_days = 30\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n${[...first, text].map((i) => indent(i, 6) + ',').join('\n')}\n    ]\n  })\n}\n` };
  }
  return { path: 'k.kms.json', code: `{\n  "Version": "2012-10-17",\n  "Statement": [\n${[...first, text].map((i) => indent(i, 4)).join(',\n')}\n  ]\n}\n` };
}

/** A snippet expanded with its defaults, in a whole file of its form. */
function inFile(s: PolicySnippet): { path: string; code: string } {
  const text = expandSnippet(s.body).text;
  switch (s.form) {
    case 'json-policy':
      return { path: 'p.kms.json', code: text + '\n' };
    case 'tf-key':
      return { path: 'k.tf', code: text + '\n' };
    case 'hcl-policy':
      return { path: 'k.tf', code: `resource "aws_kms_key" "k" {\n  enable_key_rotation     = true\n  deletion_window_in_days = 30\n  policy = ${text.replace(/\n/g, '\n  ')}\n}\n` };
    default:
      return wrapBlock(s, text);
  }
}

describe('every snippet expanded with its defaults: no error and no warning', () => {
  before(() => initTerraform());

  for (const s of policySnippets()) {
    it(`${s.form}: ${s.prefix} (${s.name})`, () => {
      const { path, code } = inFile(s);
      if (path.endsWith('.json')) assert.doesNotThrow(() => JSON.parse(code), code);
      const result = run(code, path);
      assert.equal(result.sources.length, 1);
      const bad = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(bad.map((f) => `${f.ruleId}: ${f.message} @ ${code.slice(f.span.start, f.span.end)}`), []);
    });
  }
});
