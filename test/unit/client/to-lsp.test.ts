import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLIENT_CAPABILITIES } from '../../../client/src/lsp/capabilities';
import { toCodeActionContext, toCompletionContext, toDidChange, toTextDocumentItem } from '../../../client/src/lsp/to-lsp';
import { applyLspEdits } from '../../helpers/lsp-client';
import { Diagnostic, Position, Range, Uri } from '../../helpers/fake-vscode';

const pos = (line: number, character: number) => new Position(line, character);
const range = (l1: number, c1: number, l2: number, c2: number) => new Range(pos(l1, c1), pos(l2, c2));
const uri = Uri.parse('file:///w/keys/a%20b.kms.json');

describe('VS Code to LSP', () => {
  it('an opened document goes over whole, with its URI as VS Code spells it', () => {
    const item = toTextDocumentItem({ uri, languageId: 'json', version: 4, getText: () => '{}' } as never);
    assert.deepEqual(item, { uri: 'file:///w/keys/a%20b.kms.json', languageId: 'json', version: 4, text: '{}' });
  });

  it('changes go over in their order, and applied one after the other give the editor\'s text', () => {
    // Two edits of one event (as multi-cursor typing produces), in VS Code's order; an emoji (a surrogate pair) before them.
    const before = '{\n  "Action": "🔑kms:Decrpyt",\n  "Sid": "x"\n}';
    const changes = [
      { range: range(1, 19, 1, 26), rangeOffset: 21, rangeLength: 7, text: 'Decrypt' },
      { range: range(2, 11, 2, 11), rangeOffset: 41, rangeLength: 0, text: 'yz' },
    ];
    const p = toDidChange({ document: { uri, version: 5 }, contentChanges: changes } as never);
    assert.deepEqual(p.textDocument, { uri: uri.toString(), version: 5 });
    assert.deepEqual(JSON.parse(JSON.stringify(p.contentChanges)), [
      { range: { start: { line: 1, character: 19 }, end: { line: 1, character: 26 } }, rangeLength: 7, text: 'Decrypt' },
      { range: { start: { line: 2, character: 11 }, end: { line: 2, character: 11 } }, rangeLength: 0, text: 'yz' },
    ]);
    let text = before;
    for (const c of p.contentChanges) if ('range' in c) text = applyLspEdits(text, [{ range: c.range, newText: c.text }]);
    assert.equal(text, '{\n  "Action": "🔑kms:Decrypt",\n  "Sid": "xyz"\n}');
  });

  it('completion trigger kinds: VS Code counts from Invoke = 0, LSP from Invoked = 1', () => {
    assert.deepEqual(toCompletionContext({ triggerKind: 0, triggerCharacter: undefined } as never), { triggerKind: 1 });
    assert.deepEqual(toCompletionContext({ triggerKind: 1, triggerCharacter: '"' } as never), { triggerKind: 2, triggerCharacter: '"' });
    assert.deepEqual(toCompletionContext({ triggerKind: 2 } as never), { triggerKind: 3 });
  });

  it('a code-action context carries the diagnostics, the kind asked for and the trigger', () => {
    const d = new Diagnostic(range(0, 1, 0, 2), 'm', 1);
    const ctx = toCodeActionContext({ diagnostics: [d], only: { value: 'source.fixAll.keyscope' }, triggerKind: 2 } as never, new WeakMap());
    assert.deepEqual(ctx, { diagnostics: [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, message: 'm', severity: 2 }], only: ['source.fixAll.keyscope'], triggerKind: 2 });
    assert.equal(toCodeActionContext({ diagnostics: [], triggerKind: 1 } as never, new WeakMap()).only, undefined);
  });
});

describe('the declared client capabilities', () => {
  it('claim what the client implements: settings pulls, markdown, snippets, every completion kind, fix kinds', () => {
    const c = CLIENT_CAPABILITIES;
    assert.equal(c.workspace?.configuration, true);
    assert.equal(c.workspace?.didChangeWatchedFiles?.dynamicRegistration, false, 'the client watches .keyscope.json itself');
    assert.deepEqual(c.textDocument?.hover?.contentFormat, ['markdown', 'plaintext']);
    assert.equal(c.textDocument?.completion?.completionItem?.snippetSupport, true);
    assert.deepEqual(c.textDocument?.completion?.completionItemKind?.valueSet, Array.from({ length: 25 }, (_, i) => i + 1));
    assert.ok(c.textDocument?.codeAction?.codeActionLiteralSupport?.codeActionKind.valueSet.includes('source.fixAll'));
    assert.equal(c.textDocument?.synchronization?.didSave, false, 'no save notifications are sent');
    assert.equal(c.window?.workDoneProgress, undefined, 'no progress UI: the server must not rely on one');
  });
});
