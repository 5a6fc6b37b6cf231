import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { parseTree, type ParseError } from 'jsonc-parser';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { applyLspEdits, suiteClient } from '../helpers/lsp-client';

/** A policy with several fixable problems of several kinds, formatted one element per line. */
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Admins",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/KeyAdmin" },
      "Action": ["kms:PutKeyPolicy", "kms:DescribKey", "kms:EnableKey"],
      "Resource": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    },
    {
      "Sid": "App",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" },
      "Action": ["kms:Decrpyt", "kms:Encrpyt"],
      "Resource": "*"
    },
    {
      "Sid": "Everyone",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "kms:DescribeKey",
      "Resource": ["arn:aws:kms:eu-west-1:111122223333:key/x"]
    },
    {
      "Sid": "Root",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "kms:*",
      "Resource": "*"
    }
  ]
}`;

function assertValidJson(text: string, what: string): void {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  assert.deepEqual(errors, [], `${what} left invalid JSON:\n${text}`);
}

describe('code actions over the protocol', () => {
  const { client, dir } = suiteClient('keyscope-actions-');
  let n = 0;

  /** Opens POLICY under a fresh name and returns its uri and first diagnostics. */
  async function openPolicy(text = POLICY): Promise<{ uri: string; diags: Diagnostic[] }> {
    const uri = pathToFileURL(join(dir, `p${++n}.kms.json`)).href;
    await client().open(uri, 'json', text);
    return { uri, diags: await client().diagnosticsFor(uri, 1) };
  }

  async function actionsFor(uri: string, diags: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diags[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const res = await client().conn.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics: diags, only } });
    return (res ?? []).filter((a): a is CodeAction => 'title' in a && 'edit' in a);
  }

  const edited = (uri: string, text: string, a: CodeAction) => applyLspEdits(text, a.edit!.changes![uri]);

  it('applies a quick fix, and the finding is gone on re-analysis', async () => {
    const { uri, diags } = await openPolicy();
    const typos = diags.filter((d) => d.code === 'unknown-action');
    assert.equal(typos.length, 3, JSON.stringify(diags.map((d) => [d.code, d.message])));
    const actions = await actionsFor(uri, [typos[0]]);
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(fix.title, 'Change to "kms:DescribeKey"');
    assert.deepEqual(fix.diagnostics, [typos[0]]);
    const text = edited(uri, POLICY, fix);
    assertValidJson(text, fix.title);
    await client().change(uri, 2, text);
    const again = await client().diagnosticsFor(uri, 2);
    assert.equal(again.filter((d) => d.code === 'unknown-action').length, 2);
  });

  it('"Fix all … in this file" fixes every finding of the rule at once', async () => {
    const { uri, diags } = await openPolicy();
    const typo = diags.find((d) => d.code === 'unknown-action')!;
    const all = (await actionsFor(uri, [typo])).find((a) => a.title.startsWith('Fix all'))!;
    assert.equal(all.title, 'Fix all 3 unknown-action problems in this file');
    const text = edited(uri, POLICY, all);
    assertValidJson(text, all.title);
    assert.ok(text.includes('"kms:Decrypt", "kms:Encrypt"'));
    await client().change(uri, 2, text);
    const again = await client().diagnosticsFor(uri, 2);
    assert.deepEqual(again.filter((d) => d.code === 'unknown-action'), []);
    assert.equal(again.filter((d) => d.code === 'resource-not-star').length, diags.filter((d) => d.code === 'resource-not-star').length, 'other findings untouched');
  });

  it('source.fixAll.keyscope applies every safe fix, and only when asked for by kind', async () => {
    const { uri, diags } = await openPolicy();
    assert.equal((await actionsFor(uri, [])).length, 0, 'no source action without `only`');
    const [fixAll] = await actionsFor(uri, [], ['source.fixAll.keyscope']);
    assert.equal(fixAll.kind, 'source.fixAll.keyscope');
    assert.deepEqual(await actionsFor(uri, diags, ['source.fixAll.keyscope']).then((a) => a.map((x) => x.kind)), ['source.fixAll.keyscope'], 'no quick fixes when only source actions are asked for');
    const text = edited(uri, POLICY, fixAll);
    assertValidJson(text, fixAll.title);
    await client().change(uri, 2, text);
    const again = await client().diagnosticsFor(uri, 2);
    for (const id of ['unknown-action', 'resource-not-star']) assert.deepEqual(again.filter((d) => d.code === id).map((d) => d.message), [], id);
    assert.ok(again.length < diags.length);
    assert.ok((await actionsFor(uri, [], ['source.fixAll'])).length <= 1, 'the parent kind also finds it');
  });

  it('source.fixAll.keyscope repairs the misspelt action and leaves an administrator\'s kms:* as it is', async () => {
    const admin = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Admins",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/KeyAdmin" },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "App",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/App" },
      "Action": ["kms:Decrpyt", "kms:Encrypt"],
      "Resource": "*"
    },
    {
      "Sid": "Logs",
      "Effect": "Allow",
      "Principal": { "Service": "logs.amazonaws.com" },
      "Action": ["kms:Encrypt", "kms:GenerateDataKey*"],
      "Resource": "*"
    }
  ]
}`;
    const { uri, diags } = await openPolicy(admin);
    for (const code of ['kms-star', 'unknown-action', 'service-principal-without-source', 'grant-without-aws-resource']) assert.ok(diags.some((d) => d.code === code), code);
    // The kms:* finding offers suggestions only: none preferred, each saying what access it takes away.
    const star = diags.find((d) => d.code === 'kms-star')!;
    const offered = await actionsFor(uri, [star]);
    assert.deepEqual(
      offered.map((a) => [a.title, a.isPreferred]),
      [
        ['Suggestion: limit arn:aws:iam::111122223333:role/KeyAdmin to the data actions (removes its administration of the key, PutKeyPolicy included)', false],
        ['Suggestion: limit arn:aws:iam::111122223333:role/KeyAdmin to the administration actions (removes its use of the key for data)', false],
        ['Disable kms-star for this file (.keyscope.json)', undefined],
      ],
    );
    let suggestions = 0;
    for (const d of diags) {
      for (const a of await actionsFor(uri, [d])) {
        if (!a.title.startsWith('Suggestion: ')) continue;
        suggestions++;
        assert.equal(a.isPreferred, false, a.title);
      }
    }
    assert.ok(suggestions >= 3, `${suggestions} suggestions`);
    const [fixAll] = await actionsFor(uri, [], ['source.fixAll.keyscope']);
    assert.equal(edited(uri, admin, fixAll), admin.replace('"kms:Decrpyt"', '"kms:Decrypt"'));
  });

  it('every code action offered keeps the document valid JSON', async () => {
    const { uri, diags } = await openPolicy();
    let count = 0;
    for (const d of diags) {
      for (const a of await actionsFor(uri, [d])) {
        if (!a.edit?.changes?.[uri]) continue; // "Disable … for this file" edits .keyscope.json
        assertValidJson(edited(uri, POLICY, a), `${a.title} (for ${d.code})`);
        count++;
      }
    }
    assert.ok(count >= 8, `only ${count} actions offered`);
  });

  it('offers no fix for a diagnostic from an older version', async () => {
    const { uri, diags } = await openPolicy();
    await client().change(uri, 2, POLICY.replace('"Sid": "App"', '"Sid": "Application"'));
    await client().diagnosticsFor(uri, 2);
    const stale = diags.filter((d) => d.code === 'unknown-action');
    assert.deepEqual(await actionsFor(uri, stale), []);
  });
});
