// Policy documents composed as the AWS provider composes them: the order of the inputs, Sids replacing in
// place, the provider's duplicate-Sid errors, inputs built with concat/conditionals/locals/jsonencode.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { PObject } from '../../../server/src/policy/model';
import { initTerraform } from '../../../server/src/terraform';
import { merge } from '../../../server/src/terraform/extract/policy-document';
import { run } from '../../helpers/rule-table';

const st = (name: string, sid?: string, optionalIf?: string): PObject => ({
  kind: 'object',
  span: { start: 0, end: 0 },
  props: [
    ...(sid === undefined ? [] : [{ key: 'Sid', keySpan: { start: 0, end: 0 }, span: { start: 0, end: 0 }, value: { kind: 'string' as const, span: { start: 0, end: 0 }, value: sid } }]),
    { key: 'Name', keySpan: { start: 0, end: 0 }, span: { start: 0, end: 0 }, value: { kind: 'string', span: { start: 0, end: 0 }, value: name } },
  ],
  ...(optionalIf ? { optionalIf } : {}),
});
const names = (list: PObject[]) => list.map((o) => `${(o.props.find((p) => p.key === 'Name')!.value as { value: string }).value}${o.optionalIf ? ` if ${o.optionalIf}` : ''}`);

describe('merge: the provider rules as a table', () => {
  const cases: [string, PObject[], PObject[], PObject[][], string[]][] = [
    ['sources first, then own statements, then overrides', [st('s1', 'A')], [st('own', 'B')], [[st('o1', 'C')]], ['s1', 'own', 'o1']],
    ['an own statement replaces a source with its Sid, in place', [st('s1', 'A'), st('s2', 'B')], [st('own', 'A')], [], ['own', 's2']],
    ['an override replaces an own statement with its Sid, in place', [st('s1', 'A')], [st('own', 'B')], [[st('o1', 'B')]], ['s1', 'o1']],
    ['two own statements with one Sid are both kept (the provider refuses them; duplicate-sid says so)', [], [st('a', 'A'), st('b', 'A')], [], ['a', 'b']],
    ['a later override wins over an earlier one', [], [st('own', 'A')], [[st('o1', 'A')], [st('o2', 'A')]], ['o2']],
    ['statements without a Sid are appended, never replace', [st('s1')], [st('own')], [[st('o1')]], ['s1', 'own', 'o1']],
    ['two sources with one Sid are both kept (Terraform stops; duplicate-sid says so)', [st('s1', 'A'), st('s2', 'A')], [], [], ['s1', 's2']],
    ['an override under an unknown condition keeps what it would replace, under the negation', [st('s1', 'A')], [], [[st('o1', 'A', 'var.x')]], ['s1 if !(var.x)', 'o1 if var.x']],
  ];
  for (const [name, source, own, overrides, expected] of cases) it(name, () => assert.deepEqual(names(merge(source, own, overrides)), expected));
});

const doc = (name: string, body: string) => `data "aws_iam_policy_document" "${name}" {\n${body}\n}\n`;
const stmt = (sid: string, role: string) =>
  `  statement {\n    sid       = "${sid}"\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:role/${role}"]\n    }\n  }`;
const key = (doc: string) => `resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = data.aws_iam_policy_document.${doc}.json\n}\n`;
const ROOT = `  statement {\n    sid       = "Root"\n    actions   = ["kms:*"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:root"]\n    }\n  }`;

/** The Sids and roles of the key's composed policy, in order. */
function composed(text: string): string[] {
  const a = run(text, 'main.tf');
  const src = a.sources.find((s) => s.owner === 'aws_kms_key.k')!;
  return src.policy.statements.map((s) => {
    const sid = s.sid?.value.kind === 'string' ? s.sid.value.value : '-';
    const p = JSON.stringify(s.principal?.value ?? null).match(/role\/(\w+)|(root)/);
    return `${sid}:${p?.[1] ?? p?.[2]}${s.optionalIf ? ` if ${s.optionalIf}` : ''}`;
  });
}

describe('composition through the extraction', () => {
  before(() => initTerraform());

  it('reads source_json before source_policy_documents and override_json after override_policy_documents, whatever the order written', () => {
    const text =
      doc('a', ROOT) +
      doc('b', stmt('B', 'b')) +
      doc('o1', stmt('X', 'o1')) +
      doc('o2', stmt('X', 'o2')) +
      doc('top', `  override_json = data.aws_iam_policy_document.o2.json\n  override_policy_documents = [data.aws_iam_policy_document.o1.json]\n  source_policy_documents = [data.aws_iam_policy_document.b.json]\n  source_json = data.aws_iam_policy_document.a.json\n${stmt('X', 'own')}`) +
      key('top');
    assert.deepEqual(composed(text), ['Root:root', 'B:b', 'X:o2']);
  });

  it('follows concat, locals, jsonencode written in place and a known condition', () => {
    const inline = `jsonencode({ Statement = [{ Sid = "Inline", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/inline" }, Action = "kms:Decrypt", Resource = "*" }] })`;
    const text =
      `locals {\n  on = true\n  docs = concat([data.aws_iam_policy_document.a.json], [${inline}])\n}\n` +
      doc('a', ROOT) +
      doc('b', stmt('B', 'b')) +
      doc('c', stmt('C', 'c')) +
      doc('top', `  source_policy_documents = concat(local.docs, local.on ? [data.aws_iam_policy_document.b.json] : [data.aws_iam_policy_document.c.json])`) +
      key('top');
    assert.deepEqual(composed(text), ['Root:root', 'Inline:inline', 'B:b']);
  });

  it('keeps both branches of an unknown condition, each optional', () => {
    const text = `variable "extra" {\n  type = bool\n}\n` + doc('a', ROOT) + doc('b', stmt('B', 'b')) + doc('top', `  source_policy_documents = [data.aws_iam_policy_document.a.json]\n  override_policy_documents = var.extra ? [data.aws_iam_policy_document.b.json] : []`) + key('top');
    assert.deepEqual(composed(text), ['Root:root', 'B:b if var.extra']);
  });

  it('a variable or a module output among the inputs makes the policy partly known: no lockout concluded', () => {
    const text = doc('b', stmt('B', 'b')) + doc('top', `  source_policy_documents = [data.aws_iam_policy_document.b.json, var.more, module.x.json]`) + key('top');
    const a = run(text, 'main.tf');
    assert.equal(a.sources.find((s) => s.owner === 'aws_kms_key.k')!.partial, true);
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'lockout-risk'), []);
  });

  it('reports the provider duplicate-Sid errors: across sources, and among own statements', () => {
    const sources = doc('a', stmt('Dup', 'a')) + doc('b', stmt('Dup', 'b')) + doc('top', `  source_policy_documents = [data.aws_iam_policy_document.a.json, data.aws_iam_policy_document.b.json]\n${ROOT}`) + key('top');
    const f1 = run(sources, 'main.tf').findings.filter((f) => f.ruleId === 'duplicate-sid');
    assert.deepEqual(f1.map((f) => [f.severity, /must have unique Sids/.test(f.message)]), [['error', true]]);
    const own = doc('top', `${ROOT}\n${stmt('Dup', 'a')}\n${stmt('Dup', 'b')}`) + key('top');
    const f2 = run(own, 'main.tf').findings.filter((f) => f.ruleId === 'duplicate-sid');
    assert.deepEqual(f2.map((f) => [f.severity, /refuses duplicate Sids among a document's statements/.test(f.message)]), [['error', true]]);
    const replaced = doc('a', stmt('Same', 'a')) + doc('top', `  source_policy_documents = [data.aws_iam_policy_document.a.json]\n${ROOT}\n${stmt('Same', 'b')}`) + key('top');
    assert.deepEqual(run(replaced, 'main.tf').findings.filter((f) => f.ruleId === 'duplicate-sid'), [], 'an own statement replaces a source: no collision');
  });

  it('a document that only feeds another is a fragment: no whole-policy finding, its statements still checked', () => {
    const text = doc('frag', `  statement {\n    sid       = "Public"\n    actions   = ["kms:Decrypt"]\n    resources = ["*"]\n    principals {\n      type        = "AWS"\n      identifiers = ["*"]\n    }\n  }`) + doc('top', `  source_policy_documents = [data.aws_iam_policy_document.frag.json]\n${ROOT}`);
    const a = run(text, 'main.tf');
    const frag = a.sources.find((s) => s.name === 'data.aws_iam_policy_document.frag');
    assert.ok(!frag || frag.feeds, 'merged into top or marked as a fragment');
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'lockout-risk').map((f) => f.message), []);
    assert.equal(a.findings.filter((f) => f.ruleId === 'public-principal').length, 1);
  });
});
