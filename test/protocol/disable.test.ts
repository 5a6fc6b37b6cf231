import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CodeActionRequest, CompletionRequest, FileChangeType, type CodeAction, type CompletionItem, type Diagnostic, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/text';
import { applyLspEdits, suiteClient } from '../helpers/lsp-client';

const TF = 'resource "aws_kms_key" "app" {\n  description         = "orders"\n  enable_key_rotation = false\n}\n';
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['kms:*', 'kms:Decrpyt'], Resource: 'arn:aws:kms:eu-west-1:111122223333:key/x' }] }, null, 2);

describe('disabling a rule for a line or a file, over the protocol', () => {
  const { client, dir, uri } = suiteClient('keyscope-disable-');

  async function actionsFor(u: string, d: Diagnostic): Promise<CodeAction[]> {
    const res = await client().conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    return (res ?? []).filter((a): a is CodeAction => 'title' in a && 'edit' in a);
  }

  it('"Disable <rule> for this line" writes # keyscope-ignore above the line, and the finding is gone', async () => {
    const u = uri('main.tf');
    await client().open(u, 'terraform', TF);
    const rotation = (await client().diagnosticsFor(u, 1)).find((d) => d.code === 'tf-key-rotation')!;
    const action = (await actionsFor(u, rotation)).find((a) => a.title === 'Disable tf-key-rotation for this line')!;
    assert.ok(action, 'offered');
    const text = applyLspEdits(TF, action.edit!.changes![u]);
    const line = rotation.range.start.line;
    assert.equal(text.split('\n')[line], `${TF.split('\n')[line].match(/^ */)![0]}# keyscope-ignore tf-key-rotation`);
    await client().change(u, 2, text);
    const codes = (await client().diagnosticsFor(u, 2)).map((d) => d.code);
    assert.ok(!codes.includes('tf-key-rotation'), 'silenced');
    assert.ok(!codes.includes('unused-ignore'), 'the comment is used');
  });

  it('completes rule ids after keyscope-ignore, the rule reported on the line below first', async () => {
    const u = uri('complete.tf');
    const line = TF.split('\n').findIndex((l) => l.includes('enable_key_rotation'));
    const lines = TF.split('\n');
    lines.splice(line, 0, '  # keyscope-ignore tf-k');
    const text = lines.join('\n');
    await client().open(u, 'terraform', text);
    await client().diagnosticsFor(u, 1);
    const position = new LineIndex(text).positionAt(text.indexOf('tf-k') + 4);
    const res = await client().conn.sendRequest(CompletionRequest.type, { textDocument: { uri: u }, position });
    const items = (Array.isArray(res) ? res : res?.items ?? []) as CompletionItem[];
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.equal(sorted[0].label, 'tf-key-rotation');
    assert.ok(items.some((i) => i.label === 'lockout-risk'), 'every rule is offered');
    const edit = sorted[0].textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
    assert.equal(edit.range.end.character - edit.range.start.character, 'tf-k'.length, 'replaces what was typed');
  });

  it('warns of an unknown rule id in keyscope-ignore', async () => {
    const u = uri('unknown.tf');
    const text = TF.replace('  enable_key_rotation', '  # keyscope-ignore tf-key-rotaton\n  enable_key_rotation');
    await client().open(u, 'terraform', text);
    const d = await client().diagnosticsFor(u, 1);
    const unknown = d.find((x) => x.code === 'unused-ignore')!;
    assert.match(unknown.message, /"tf-key-rotaton" is not a Keyscope rule: this keyscope-ignore silences nothing\. Did you mean "tf-key-rotation"\?/);
    assert.ok(d.some((x) => x.code === 'tf-key-rotation'), 'a misspelt id silences nothing');
  });

  it('"Disable <rule> for this file" creates .keyscope.json with an override, then adds to it', async () => {
    const u = uri('keys/app.kms.json');
    await client().open(u, 'json', POLICY);
    const diags = await client().diagnosticsFor(u, 1);
    const typo = diags.find((d) => d.code === 'unknown-action')!;
    const create = (await actionsFor(u, typo)).find((a) => a.title === 'Disable unknown-action for this file (.keyscope.json)')!;
    assert.ok(create, 'offered');
    const [created, insert] = create.edit!.documentChanges! as [{ kind: string; uri: string }, TextDocumentEdit];
    const config = join(dir, '.keyscope.json');
    assert.equal(created.kind, 'create');
    assert.equal(created.uri, pathToFileURL(config).href);
    writeFileSync(config, applyLspEdits('', insert.edits));
    assert.deepEqual(JSON.parse(readFileSync(config, 'utf8')), { overrides: [{ files: ['keys/app.kms.json'], rules: { 'unknown-action': 'off' } }] });
    await client().filesChanged([{ uri: created.uri, type: FileChangeType.Created }]);
    const after = await client().diagnosticsUntil(u, (d) => !d.some((x) => x.code === 'unknown-action'));
    const other = after.find((d) => d.code === 'resource-not-star')!;
    const add = (await actionsFor(u, other)).find((a) => a.title === 'Disable resource-not-star for this file (.keyscope.json)')!;
    writeFileSync(config, applyLspEdits(readFileSync(config, 'utf8'), add.edit!.changes![created.uri]));
    assert.deepEqual(JSON.parse(readFileSync(config, 'utf8')), { overrides: [{ files: ['keys/app.kms.json'], rules: { 'unknown-action': 'off', 'resource-not-star': 'off' } }] });
    await client().filesChanged([{ uri: created.uri, type: FileChangeType.Changed }]);
    await client().diagnosticsUntil(u, (d) => !d.some((x) => x.code === 'resource-not-star'));
  });
});
