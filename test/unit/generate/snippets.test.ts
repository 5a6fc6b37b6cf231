import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { FORMATS, generatePolicy, SCOPE_INFO, SCOPES } from '../../../server/src/generate';
import { initTerraform } from '../../../server/src/terraform';
import { BLOCKS, buildSnippets, SNIPPET_FILES, snippetFileText, type VsSnippet } from '../../../scripts/snippets';
import { exampleInput } from '../../helpers/generate';
import { run } from '../../helpers/rule-table';
import { expandSnippet } from '../../helpers/snippet-expander';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const files = { json: SNIPPET_FILES.json, terraform: SNIPPET_FILES.terraform };
const load = (path: string): Record<string, VsSnippet> => JSON.parse(readFileSync(join(root, path), 'utf8'));

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

describe('snippet files', () => {
  const built = buildSnippets();

  it('are valid JSON, up to date with the generator (npm run gen:snippets)', () => {
    for (const lang of ['json', 'terraform'] as const) {
      const text = readFileSync(join(root, files[lang]), 'utf8');
      assert.doesNotThrow(() => JSON.parse(text), files[lang]);
      assert.equal(text, snippetFileText(built[lang]), `${files[lang]} is out of date`);
    }
  });

  it('are all contributed in package.json, for json and terraform', () => {
    const contributed: { language: string; path: string }[] = pkg.contributes.snippets;
    const onDisk = readdirSync(join(root, 'snippets')).map((f) => `snippets/${f}`).sort();
    assert.deepEqual([...new Set(contributed.map((c) => c.path.replace(/^\.\//, '')))].sort(), onDisk);
    assert.deepEqual(contributed.map((c) => [c.language, c.path.replace(/^\.\//, '')]).sort(), [['json', files.json], ['terraform', files.terraform]]);
  });

  it('every snippet has a prefix, a description and tab stops numbered 1..n', () => {
    for (const lang of ['json', 'terraform'] as const) {
      const prefixes = new Set<string>();
      for (const [name, s] of Object.entries(load(files[lang]))) {
        assert.ok(s.prefix.startsWith('kms-') && !prefixes.has(s.prefix), `${name}: prefix ${s.prefix}`);
        prefixes.add(s.prefix);
        assert.ok(s.description.length > 60, `${name}: description`);
        assert.ok(Array.isArray(s.body) && s.body.every((l) => typeof l === 'string'), name);
        const { stops } = expandSnippet(s.body);
        assert.deepEqual(stops, stops.map((_, i) => i + 1), `${name}: tab stops ${stops}`);
      }
    }
  });

  it('a scope snippet expanded with its defaults is exactly what the generator writes', () => {
    for (const scope of SCOPES) {
      for (const format of FORMATS) {
        const lang = format === 'json' ? 'json' : 'terraform';
        const prefix = `${format === 'json' ? 'kms-policy-' : 'kms-key-'}${scope}${format === 'tf-doc' ? '-doc' : ''}`;
        const snippet = Object.values(load(files[lang])).find((s) => s.prefix === prefix);
        assert.ok(snippet, prefix);
        assert.ok(snippet.description.startsWith(SCOPE_INFO[scope].label), prefix);
        assert.equal(expandSnippet(snippet.body).text + '\n', generatePolicy(exampleInput(scope, format)).text, prefix);
      }
    }
  });
});

/** A building block expanded and placed in a whole policy (after the AWS default statement) of its syntax. */
function wrapBlock(prefix: string, text: string, defaults: Record<string, string>): { path: string; code: string } {
  const indent = (t: string, n: number) => t.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  if (prefix.endsWith('-doc')) {
    const first = prefix === 'kms-statement-default-doc' ? '' : indent(defaults.doc, 2) + '\n';
    return { path: 'k.tf', code: `data "aws_iam_policy_document" "k" {\n${first}${indent(text, 2)}\n}\n\nresource "aws_kms_key" "k" {\n  enable_key_rotation     = true\n  deletion_window_in_days = 30\n  policy                  = data.aws_iam_policy_document.k.json\n}\n` };
  }
  if (defaults.lang === 'terraform') {
    const items = prefix === 'kms-statement-default' ? [text] : [defaults.object, text];
    return { path: 'k.tf', code: `resource "aws_kms_key" "k" {\n  enable_key_rotation     = true\n  deletion_window_in_days = 30\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n${items.map((i) => indent(i, 6) + ',').join('\n')}\n    ]\n  })\n}\n` };
  }
  const items = prefix === 'kms-statement-default' ? [text] : [defaults.json, text];
  return { path: 'k.kms.json', code: `{\n  "Version": "2012-10-17",\n  "Statement": [\n${items.map((i) => indent(i, 4)).join(',\n')}\n  ]\n}\n` };
}

describe('every snippet expanded with its defaults: no error and no warning', () => {
  before(() => initTerraform());
  const json = load(files.json);
  const terraform = load(files.terraform);
  const byPrefix = (all: Record<string, VsSnippet>, p: string) => expandSnippet(Object.values(all).find((s) => s.prefix === p)!.body).text;
  const defaults = {
    json: byPrefix(json, 'kms-statement-default'),
    object: byPrefix(terraform, 'kms-statement-default'),
    doc: byPrefix(terraform, 'kms-statement-default-doc'),
  };

  it(`has ${BLOCKS.length} building blocks in each of the three forms`, () => {
    for (const b of BLOCKS) {
      assert.ok(Object.values(json).some((s) => s.prefix === `kms-statement-${b.id}`), b.id);
      assert.ok(Object.values(terraform).some((s) => s.prefix === `kms-statement-${b.id}-doc`), b.id);
    }
  });

  for (const [lang, all] of [['json', json], ['terraform', terraform]] as const) {
    for (const [name, s] of Object.entries(all)) {
      it(`${lang}: ${s.prefix} (${name})`, () => {
        const text = expandSnippet(s.body).text;
        const isBlock = s.prefix.startsWith('kms-statement-');
        const { path, code } = isBlock ? wrapBlock(s.prefix, text, { ...defaults, lang }) : { path: lang === 'json' ? 'p.kms.json' : 'k.tf', code: text + '\n' };
        if (lang === 'json') assert.doesNotThrow(() => JSON.parse(code), code);
        const result = run(code, path);
        assert.equal(result.sources.length, 1);
        const bad = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
        assert.deepEqual(bad.map((f) => `${f.ruleId}: ${f.message} @ ${code.slice(f.span.start, f.span.end)}`), []);
      });
    }
  }
});
