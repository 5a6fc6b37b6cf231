// The converters of client/src/lsp/to-lsp.ts (VS Code values to LSP ones), fed with what the real editor
// produces inside the extension host: opened documents, change events, real diagnostics and kinds.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { toCodeActionContext, toCompletionContext, toDidChange, toTextDocumentItem } from '../../../client/src/lsp/to-lsp';
import { applyEdits } from '../../../server/src/policy/json-writer';
import { LineIndex } from '../../../server/src/text';
import { describe, it } from './runner';
import { scratchFolder, writeText } from './scratch';

/** Applies one LSP content change to a text, counting positions as LSP does (UTF-16 code units). */
function applyChange(text: string, c: lsp.TextDocumentContentChangeEvent): string {
  if (!('range' in c)) return c.text;
  const idx = new LineIndex(text);
  return applyEdits(text, [{ start: idx.offsetAt(c.range.start), end: idx.offsetAt(c.range.end), newText: c.text }]);
}

/** Applies `edit` and returns the change events it caused for `doc`, in the order the editor fired them. */
async function changesOf(doc: vscode.TextDocument, edit: vscode.WorkspaceEdit): Promise<vscode.TextDocumentChangeEvent[]> {
  const events: vscode.TextDocumentChangeEvent[] = [];
  const sub = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document.uri.toString() === doc.uri.toString() && e.contentChanges.length) events.push(e);
  });
  try {
    assert.ok(await vscode.workspace.applyEdit(edit), 'the editor applied the edit');
  } finally {
    sub.dispose();
  }
  return events;
}

describe('VS Code to LSP', () => {
  it('an opened document goes over whole, with its URI as VS Code spells it', async () => {
    const file = await writeText(vscode.Uri.joinPath(await scratchFolder(), 'a b.kms.json'), '{}');
    const doc = await vscode.workspace.openTextDocument(file);
    const item = toTextDocumentItem(doc);
    assert.ok(item.uri.endsWith('/a%20b.kms.json'), item.uri);
    assert.deepEqual(item, { uri: doc.uri.toString(), languageId: 'json', version: doc.version, text: '{}' });
  });

  it('changes go over in their order, and applied one after the other give the editor\'s text', async () => {
    // Two edits of one workspace edit (as multi-cursor typing makes), after an emoji (a surrogate pair).
    const before = '{\n  "Action": "🔑kms:Decrpyt",\n  "Sid": "x"\n}';
    const file = await writeText(vscode.Uri.joinPath(await scratchFolder(), 'change.kms.json'), before);
    const doc = await vscode.workspace.openTextDocument(file);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(1, 19, 1, 26), 'Decrypt');
    edit.insert(doc.uri, new vscode.Position(2, 11), 'yz');
    const events = await changesOf(doc, edit);
    assert.ok(events.length > 0, 'the editor reported the change');
    let text = before;
    const sent: lsp.TextDocumentContentChangeEvent[] = [];
    for (const e of events) {
      const p = toDidChange(e);
      assert.deepEqual(p.textDocument, { uri: doc.uri.toString(), version: e.document.version });
      // Each change goes over as the editor reported it, in the editor's order.
      assert.deepEqual(p.contentChanges, e.contentChanges.map((c) => ({
        range: { start: { line: c.range.start.line, character: c.range.start.character }, end: { line: c.range.end.line, character: c.range.end.character } },
        rangeLength: c.rangeLength, text: c.text,
      })));
      sent.push(...p.contentChanges);
      for (const c of p.contentChanges) text = applyChange(text, c);
    }
    // VS Code counts the emoji as two UTF-16 units, as LSP does: the typo's range is 19-26 on both sides.
    const ranges = sent.map((c) => ('range' in c ? [c.range.start.line, c.range.start.character, c.range.end.line, c.range.end.character, c.text] : [])).sort();
    assert.deepEqual(ranges, [[1, 19, 1, 26, 'Decrypt'], [2, 11, 2, 11, 'yz']]);
    assert.equal(text, '{\n  "Action": "🔑kms:Decrypt",\n  "Sid": "xyz"\n}');
    assert.equal(text, doc.getText());
  });

  it('completion trigger kinds: VS Code counts from Invoke = 0, LSP from Invoked = 1', () => {
    const K = vscode.CompletionTriggerKind;
    assert.deepEqual(toCompletionContext({ triggerKind: K.Invoke, triggerCharacter: undefined }), { triggerKind: 1 });
    assert.deepEqual(toCompletionContext({ triggerKind: K.TriggerCharacter, triggerCharacter: '"' }), { triggerKind: 2, triggerCharacter: '"' });
    assert.deepEqual(toCompletionContext({ triggerKind: K.TriggerForIncompleteCompletions, triggerCharacter: undefined }), { triggerKind: 3 });
  });

  it('a code-action context carries the diagnostics, the kind asked for and the trigger', () => {
    const d = new vscode.Diagnostic(new vscode.Range(0, 1, 0, 2), 'm', vscode.DiagnosticSeverity.Warning);
    const fixAll = vscode.CodeActionKind.SourceFixAll.append('keyscope');
    const ctx = toCodeActionContext({ diagnostics: [d], only: fixAll, triggerKind: vscode.CodeActionTriggerKind.Automatic }, new WeakMap());
    assert.deepEqual(ctx, { diagnostics: [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, message: 'm', severity: 2 }], only: ['source.fixAll.keyscope'], triggerKind: 2 });
    assert.equal(toCodeActionContext({ diagnostics: [], only: undefined, triggerKind: vscode.CodeActionTriggerKind.Invoke }, new WeakMap()).only, undefined);
  });

  it('the context VS Code itself hands a code-action provider converts the same way', async () => {
    const file = await writeText(vscode.Uri.joinPath(await scratchFolder(), 'ctx.kms.json'), '{ "a": 1 }\n');
    const doc = await vscode.workspace.openTextDocument(file);
    let seen: lsp.CodeActionContext | undefined;
    const provider = vscode.languages.registerCodeActionsProvider({ pattern: '**/in-host-scratch/**/ctx.kms.json' }, {
      provideCodeActions: (_doc, _range, context) => {
        seen = toCodeActionContext(context, new WeakMap());
        return [];
      },
    });
    try {
      const at = new vscode.Range(0, 2, 0, 5);
      await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, at, vscode.CodeActionKind.SourceFixAll.append('keyscope').value);
      assert.ok(seen, 'the provider was asked');
      assert.deepEqual(seen.only, ['source.fixAll.keyscope']);
      assert.equal(seen.triggerKind, 1, 'a command-run request is an explicit Invoke');
      assert.ok(Array.isArray(seen.diagnostics));
    } finally {
      provider.dispose();
    }
  });
});
