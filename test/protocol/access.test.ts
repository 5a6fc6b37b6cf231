import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { accessMarkdown } from '../../server/src/cli/access-format';
import { ACCESS_MARKDOWN_REQUEST, ACCESS_REQUEST, CommandIds, type AccessMarkdownResult, type AccessResult } from '../../server/src/lsp/protocol';
import { createKeyscope } from '../../server/src/service';
import { suiteDocument } from '../helpers/lsp-client';

const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'App', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
    ],
  },
  null,
  2,
);

describe('effective access over the protocol', () => {
  const { dir, uri, client } = suiteDocument('keyscope-access-', { 'app.kms.json': POLICY }, { name: 'app.kms.json', languageId: 'json' });

  it('answers keyscope/access with the matrix, statement ranges and what-if rows', async () => {
    const who = 'arn:aws:iam::444455556666:role/outsider';
    const r = (await client().conn.sendRequest(ACCESS_REQUEST, { uri, whatIf: [who] })) as AccessResult;
    assert.equal(r.matrices.length, 1);
    const m = r.matrices[0];
    const app = m.rows.find((x) => x.id === 'arn:aws:iam::111122223333:role/app')!;
    assert.equal(app.actions['kms:Decrypt'].value, 'allow');
    assert.equal(app.capabilities.readData.value, 'allow');
    assert.deepEqual(app.actions['kms:Decrypt'].statements, [1]);
    assert.equal(m.statementRanges[1].start.line, POLICY.split('\n').findIndex((l) => l.includes('"Sid": "App"')) - 1);
    assert.deepEqual(m.statementLabels, ['Enable IAM policies', 'App']);
    const outsider = m.rows.find((x) => x.id === who)!;
    assert.equal(outsider.kind, 'what-if');
    assert.equal(outsider.capabilities.readData.value, 'none');
    assert.ok(r.capabilityActions.readData.includes('kms:Decrypt'));
  });

  it('puts a CodeLens with the summary above the policy, opening the matrix', async () => {
    const lenses = (await client().conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 0);
    assert.equal(lenses[0].command?.command, CommandIds.showAccess);
    assert.match(lenses[0].command!.title, /admin.*·.*decrypt.*·.*public: no/);
  });

  it('evaluates each key with its own what-if principals, and marks a policy with syntax errors', async () => {
    const tf = pathToFileURL(join(dir, 'keys.tf')).href;
    const key = (name: string) =>
      `resource "aws_kms_key" "${name}" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect    = "Allow"\n      Principal = { AWS = "arn:aws:iam::111122223333:role/${name}" }\n      Action    = "kms:Decrypt"\n      Resource  = "*"\n    }]\n  })\n}\n`;
    await client().open(tf, 'terraform', key('a') + key('b'));
    const outsider = 'arn:aws:iam::444455556666:role/outsider';
    const r = (await client().conn.sendRequest(ACCESS_REQUEST, { uri: tf, whatIf: { 'aws_kms_key.b': [outsider] } })) as AccessResult;
    const whatIfRows = (name: string) => r.matrices.find((m) => m.name === name)!.rows.filter((x) => x.kind === 'what-if').map((x) => x.id);
    assert.deepEqual(whatIfRows('aws_kms_key.a'), []);
    assert.deepEqual(whatIfRows('aws_kms_key.b'), [outsider]);
    assert.equal(r.matrices[0].syntaxErrors, undefined);
    // Mid-edit: the JSON policy loses a quote. Its matrix is that of an error-recovered parse, and says so.
    await client().change(uri, 2, POLICY.replace('"Effect": "Allow",\n      "Principal": {\n        "AWS": "arn:aws:iam::111122223333:role/app"', '"Effect": "Allow,\n      "Principal": {\n        "AWS": "arn:aws:iam::111122223333:role/app"'));
    const broken = (await client().conn.sendRequest(ACCESS_REQUEST, { uri })) as AccessResult;
    assert.equal(broken.matrices[0].syntaxErrors, true);
    await client().change(uri, 3, POLICY);
  });

  it('writes one key\'s matrix as Markdown with the formatter of keyscope access --format markdown', async () => {
    const who = 'arn:aws:iam::444455556666:role/outsider';
    const r = (await client().conn.sendRequest(ACCESS_MARKDOWN_REQUEST, { uri, key: 'app.kms.json', whatIf: [who] })) as AccessMarkdownResult;
    const engine = createKeyscope();
    try {
      const analysis = engine.analyze({ path: join(dir, 'app.kms.json'), text: POLICY });
      assert.equal(r?.markdown, accessMarkdown(engine.access(analysis, { whatIf: [who] }).map((a) => a.matrix)));
    } finally {
      engine.dispose();
    }
    assert.match(r!.markdown, /^### Effective access: app\.kms\.json\n/);
    assert.match(r!.markdown, /\| role\/outsider \(444455556666\) \(what if\) \|/);
    assert.equal(await client().conn.sendRequest(ACCESS_MARKDOWN_REQUEST, { uri, key: 'no-such-key' }), null);
  });

  it('answers null for an unknown document instead of failing', async () => {
    const r = await client().conn.sendRequest(ACCESS_REQUEST, { uri: 'file:///nowhere.json' });
    assert.equal(r, null);
  });
});
