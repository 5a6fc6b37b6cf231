import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../../server/src/analyze';
import type { PArray, PString } from '../../../server/src/policy/model';
import { principalEntries } from '../../../server/src/policy/values';
import { initTerraform } from '../../../server/src/terraform';
import { LineIndex } from '../../../server/src/text';
import { extract, policyOf, problems, slice } from '../../helpers/terraform';

const heredocKey = (marker: '<<' | '<<-', indent: string, eol: string) =>
  [
    'resource "aws_kms_key" "app" {',
    `  policy = ${marker}POLICY`,
    `${indent}{`,
    `${indent}  "Version": "2012-10-17",`,
    `${indent}  "Statement": [`,
    `${indent}    {`,
    `${indent}      "Sid": "Admins",`,
    `${indent}      "Effect": "Allow",`,
    `${indent}      "Principal": { "AWS": \${jsonencode(var.admin_arns)} },`,
    `${indent}      "Action": ["kms:Decrpyt", "kms:Encrypt"],`,
    `${indent}      "Resource": "*"`,
    `${indent}    },`,
    `${indent}    {`,
    `${indent}      "Effect": "Allow",`,
    `${indent}      "Principal": { "AWS": "arn:aws:iam::\${local.account_id}:root" },`,
    `${indent}      "Action": "kms:*",`,
    `${indent}      "Resource": "*"`,
    `${indent}    }`,
    `${indent}  ]`,
    `${indent}}`,
    `${marker === '<<-' ? indent : ''}POLICY`,
    '}',
    'locals {',
    '  account_id = "111122223333"',
    '}',
    '',
  ].join(eol);

describe('terraform: heredoc policies', () => {
  before(() => initTerraform());

  const forms: [string, '<<' | '<<-', string, string][] = [
    ['<<EOF, LF', '<<', '', '\n'],
    ['<<-EOF indented, LF', '<<-', '    ', '\n'],
    ['<<EOF, CRLF', '<<', '', '\r\n'],
    ['<<-EOF indented with tabs, CRLF', '<<-', '\t\t', '\r\n'],
  ];
  for (const [name, marker, indent, eol] of forms) {
    it(`${name}: policy, spans, line and column`, () => {
      const tf = heredocKey(marker, indent, eol);
      const { sources } = extract(tf);
      assert.equal(sources.length, 1);
      const s = sources[0];
      assert.equal(s.kind, 'tf-heredoc');
      assert.equal(s.owner, 'aws_kms_key.app');
      assert.deepEqual(s.syntaxErrors, [], 'an interpolation standing for a value is not a syntax error');
      assert.deepEqual(policyOf(s), {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: { $: 'jsonencode(var.admin_arns)' } }, Action: ['kms:Decrpyt', 'kms:Encrypt'], Resource: '*' },
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::${local.account_id}:root' }, Action: 'kms:*', Resource: '*' },
        ],
      });
      const [a, b] = s.policy.statements;
      assert.equal(slice(tf, principalEntries(a.principal)[0].node), '${jsonencode(var.admin_arns)}');
      const tpl = principalEntries(b.principal)[0].node as PString;
      assert.equal(slice(tf, tpl), '"arn:aws:iam::${local.account_id}:root"');
      assert.equal(tpl.template, true);
      assert.equal(tpl.resolved, 'arn:aws:iam::111122223333:root');
      const typo = (a.action!.value as PArray).items[0];
      assert.equal(slice(tf, typo), '"kms:Decrpyt"');
      const pos = new LineIndex(tf).positionAt(typo.span.start);
      assert.deepEqual(pos, { line: 9, character: indent.length + 17 });

      assert.deepEqual(problems(analyze({ path: '/ws/main.tf', text: tf })), [['unknown-action', '"kms:Decrpyt"']]);
    });
  }

  it('reports JSON errors inside the heredoc at their .tf position', () => {
    const tf = 'resource "aws_kms_key" "k" {\n  policy = <<EOF\n{"Statement": [{"Effect": "Allow",}]}\nEOF\n}\n';
    const s = extract(tf).sources[0];
    assert.equal(s.syntaxErrors.length, 1);
    assert.equal(slice(tf, s.syntaxErrors[0].span), ',');
    assert.match(s.syntaxErrors[0].message, /Trailing comma/);
  });

  it('keeps template directives and interpolations inside strings out of the JSON syntax', () => {
    const tf = [
      'resource "aws_kms_key" "k" {',
      '  policy = <<EOF',
      '{"Statement": [',
      '%{ for arn in var.readers ~}',
      '  {"Effect": "Allow", "Principal": {"AWS": "${arn}"}, "Action": "kms:Decrypt", "Resource": "*", "Sid": "${replace(var.x, "\\"", "")}"},',
      '%{ endfor ~}',
      '  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}',
      ']}',
      'EOF',
      '}',
    ].join('\n');
    const s = extract(tf).sources[0];
    assert.deepEqual(s.syntaxErrors, []);
    assert.equal(s.policy.statements.length, 2);
    const p = principalEntries(s.policy.statements[0].principal)[0].node;
    assert.equal(p.kind, 'symbolic');
  });
});
