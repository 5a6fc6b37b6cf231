// The converters of client/src/lsp/convert.ts for code actions, workspace edits and code lenses, run with the
// real `vscode` module inside the extension host; the edits they build are applied by the editor itself.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { converters, isStale } from '../../../client/src/lsp/convert';
import { describe, it } from './runner';
import { exists, R, sameRange, scratchFolder, writeText } from './scratch';

const c = converters(vscode);

describe('LSP to VS Code: code actions, workspace edits, code lenses', () => {
  const uri = 'file:///w/keys/a.kms.json';

  it('a quick fix keeps its kind, preference, diagnostics and edits', () => {
    const a = c.codeAction({
      title: 'Replace with kms:Decrypt', kind: 'quickfix', isPreferred: true,
      diagnostics: [{ range: R(4, 17, 4, 30), message: 'm', code: 'unknown-action' }],
      edit: { changes: { [uri]: [{ range: R(4, 17, 4, 30), newText: '"kms:Decrypt"' }] } },
    });
    assert.ok(a instanceof vscode.CodeAction);
    assert.equal(a.kind?.value, 'quickfix');
    assert.ok(vscode.CodeActionKind.QuickFix.contains(a.kind!));
    assert.equal(a.isPreferred, true);
    assert.equal(a.diagnostics?.length, 1);
    assert.ok(a.diagnostics![0] instanceof vscode.Diagnostic);
    assert.ok(a.edit instanceof vscode.WorkspaceEdit);
    const edits = a.edit.entries();
    assert.equal(edits.length, 1);
    assert.equal(edits[0][0].toString(), uri);
    assert.equal(edits[0][1].length, 1);
    sameRange(edits[0][1][0].range, R(4, 17, 4, 30));
    assert.equal(edits[0][1][0].newText, '"kms:Decrypt"');
  });

  it('the fix-all source action keeps its own kind, so editor.codeActionsOnSave can name it', () => {
    const a = c.codeAction({ title: 'Fix all', kind: 'source.fixAll.keyscope' }) as vscode.CodeAction;
    assert.equal(a.kind?.value, 'source.fixAll.keyscope');
    assert.ok(vscode.CodeActionKind.SourceFixAll.contains(a.kind!), 'source.fixAll contains it');
    assert.ok(!vscode.CodeActionKind.QuickFix.contains(a.kind!));
  });

  it('a bare command stays a command; a disabled action keeps its reason', () => {
    assert.deepEqual(c.codeAction({ title: 'Show', command: 'keyscope.showAccess', arguments: [uri] }), { title: 'Show', command: 'keyscope.showAccess', arguments: [uri] });
    const a = c.codeAction({ title: 't', disabled: { reason: 'why' }, command: { title: 't', command: 'x' } }) as vscode.CodeAction;
    assert.deepEqual(a.disabled, { reason: 'why' });
    assert.deepEqual(a.command, { title: 't', command: 'x' });
  });

  it('document changes apply in order: text edits, then file creation, renaming and deletion', async () => {
    // Applied by the editor to real files: had the deletion come before the creation and the renaming, the
    // edit would fail, or leave a file behind.
    const dir = await scratchFolder();
    const doc = await writeText(vscode.Uri.joinPath(dir, 'a.kms.json'), 'x\n\ny\n');
    const created = vscode.Uri.joinPath(dir, 'new.json');
    const renamed = vscode.Uri.joinPath(dir, 'b.json');
    const e = c.workspaceEdit({
      documentChanges: [
        { textDocument: { uri: doc.toString(), version: 7 }, edits: [{ range: R(0, 0, 0, 1), newText: 'a' }, { range: R(2, 0, 2, 1), newText: 'b' }] },
        { kind: 'create', uri: created.toString(), options: { ignoreIfExists: true } },
        { kind: 'rename', oldUri: created.toString(), newUri: renamed.toString() },
        { kind: 'delete', uri: renamed.toString() },
      ],
    });
    assert.ok(e instanceof vscode.WorkspaceEdit);
    const text = e.get(doc);
    assert.deepEqual(text.map((t) => t.newText), ['a', 'b']);
    sameRange(text[1].range, R(2, 0, 2, 1));
    assert.equal(await vscode.workspace.applyEdit(e), true, 'the editor applied the edit');
    assert.equal((await vscode.workspace.openTextDocument(doc)).getText(), 'a\n\nb\n');
    assert.equal(await exists(created), false, 'new.json was renamed away');
    assert.equal(await exists(renamed), false, 'b.json was deleted after the renaming made it');
  });

  it('an edit for another version of the document is stale; unversioned changes are not', () => {
    const versioned = (version: number | null): lsp.CodeAction => ({ title: 't', edit: { documentChanges: [{ textDocument: { uri, version: version as number }, edits: [] }] } });
    assert.equal(isStale(versioned(3), uri, 4), true);
    assert.equal(isStale(versioned(4), uri, 4), false);
    assert.equal(isStale(versioned(null), uri, 4), false);
    assert.equal(isStale(versioned(3), 'file:///w/other.json', 4), false);
    assert.equal(isStale({ title: 't', edit: { changes: { [uri]: [] } } }, uri, 4), false);
    assert.equal(isStale({ title: 't', command: 'x' }, uri, 4), false);
  });

  it('an edit made for a real document\'s version is current until the document changes', async () => {
    const file = await writeText(vscode.Uri.joinPath(await scratchFolder(), 'v.kms.json'), '{}\n');
    const doc = await vscode.workspace.openTextDocument(file);
    const action = (version: number): lsp.CodeAction => ({ title: 't', edit: { documentChanges: [{ textDocument: { uri: doc.uri.toString(), version }, edits: [] }] } });
    const made = action(doc.version);
    assert.equal(isStale(made, doc.uri.toString(), doc.version), false);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 1), ' ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(isStale(made, doc.uri.toString(), doc.version), true, 'the document moved on to another version');
  });

  it('a code lens keeps its range and command with its arguments', () => {
    const l = c.codeLens({ range: R(1, 2, 1, 2), command: { title: 'Keyscope: 2 principals', command: 'keyscope.showAccess', arguments: [uri] } });
    assert.ok(l instanceof vscode.CodeLens);
    sameRange(l.range, R(1, 2, 1, 2));
    assert.deepEqual(l.command, { title: 'Keyscope: 2 principals', command: 'keyscope.showAccess', arguments: [uri] });
  });
});
