// Keyscope's language client through the VS Code API, against the installed extension: what the editor asks
// of the providers vscode-languageclient registers from the server's capabilities (completion, CodeLens, the
// fix-all kind that fix-on-save names), the diagnostics of a document that becomes a policy as it is typed,
// and the server commands. Expectations come from the engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { engineCompletion, engineFixAll, engineLensTitle, FIXTURE, initEngine } from '../expected';
import { expectedKeys, poll, shown } from '../../integration/suite/scenarios';
import { describe, it } from './runner';
import { scratchFolder, writeText } from './scratch';

const POLICY = 'keys/orders.kms.json';
const policyText = () => readFileSync(join(FIXTURE, POLICY), 'utf8');

/** A copy of the fixture policy (or `text`) under a new name in the workspace, opened in an editor. */
async function openCopy(name: string, text = policyText()): Promise<vscode.TextEditor> {
  const uri = await writeText(vscode.Uri.joinPath(await scratchFolder(), name), text);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

describe('the Keyscope language client', () => {
  let ready: Promise<void> | undefined;
  const engine = () => (ready ??= initEngine());

  it('fix-all is offered under source.fixAll.keyscope and applies the preferred fixes', async () => {
    await engine();
    const editor = await openCopy('fix-all.kms.json');
    const uri = editor.document.uri;
    await poll('the diagnostics', () => shown(uri).join() === expectedKeys('fix-all.kms.json', policyText()).join());
    const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
    // The first document of a new server may be analysed again once its folder's settings arrive: a request in
    // that moment can come back empty, so it is asked again until the analysis it waits for is the final one.
    let actions: vscode.CodeAction[] = [];
    let failure = '';
    const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('keyscope');
    const ofKind = () => actions.filter((a) => a.kind && fixAllKind.contains(a.kind));
    // A request that fails (the provider is re-registered while the client starts) is asked again too.
    const fixAll = await poll('the fix-all action', async () => {
      try {
        actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, all, 'source.fixAll.keyscope');
      } catch (e) {
        failure = ` (last request failed: ${String(e)})`;
        return false;
      }
      return ofKind().length > 0 && ofKind();
    }).catch(ofKind);
    assert.equal(fixAll.length, 1, `one fix-all action: ${actions.map((a) => `${a.kind?.value} ${a.title}`).join('; ')}${failure}`);
    assert.ok(fixAll[0].edit && (await vscode.workspace.applyEdit(fixAll[0].edit)));
    assert.equal(editor.document.getText(), engineFixAll('fix-all.kms.json', policyText()));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('completion replaces a half-typed action with the engine\'s', async () => {
    await engine();
    const text = policyText().replace('"kms:Encrypt"', '"kms:GetKeyRot"');
    const editor = await openCopy('complete.kms.json', text);
    const caret = text.indexOf('kms:GetKeyRot') + 'kms:GetKeyRot'.length;
    const want = engineCompletion('complete.kms.json', text, caret, 'kms:GetKeyRotationStatus');
    const list = await poll('the completion list', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, editor.document.positionAt(caret));
      return l.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'kms:GetKeyRotationStatus') && l;
    });
    const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'kms:GetKeyRotationStatus')!;
    const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(range, 'the item says what it replaces');
    // As accepting it does: a snippet is inserted with its defaults and left.
    const insert = item.insertText ?? (typeof item.label === 'string' ? item.label : item.label.label);
    assert.ok(await editor.insertSnippet(typeof insert === 'string' ? new vscode.SnippetString().appendText(insert) : insert, range));
    await vscode.commands.executeCommand('leaveSnippet');
    assert.equal(editor.document.getText(), want.output);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('the CodeLens over a key policy summarises its access and runs Show Effective Access', async () => {
    await engine();
    const editor = await openCopy('lens.kms.json');
    const lenses = await poll('the CodeLens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return l.length > 0 && l;
    });
    assert.deepEqual(lenses.map((l) => l.command?.title), [engineLensTitle('lens.kms.json', policyText())]);
    assert.equal(lenses[0].command?.command, 'keyscope.showAccess');
  });

  it('an untitled JSON document is analysed once what is typed into it is a policy', async () => {
    await engine();
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    const text = JSON.stringify(JSON.parse(policyText()));
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), text)));
    await poll('the untitled document\'s diagnostics', () => shown(doc.uri).join() === expectedKeys('Untitled-1.json', text).join());
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('"Keyscope: Restart Server" brings the diagnostics back from a new server', async () => {
    await engine();
    const editor = await openCopy('restart.kms.json');
    const uri = editor.document.uri;
    const want = expectedKeys('restart.kms.json', policyText()).join();
    await poll('the diagnostics', () => shown(uri).join() === want);
    await vscode.commands.executeCommand('keyscope.restartServer');
    await poll('the diagnostics from the new server', () => shown(uri).join() === want);
    // The new server answers requests.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.equal(lenses.length, 1);
  });
  it('keyscope.enable: false in the folder settings clears the diagnostics, and true brings them back', async () => {
    await engine();
    const editor = await openCopy('enable.kms.json');
    const uri = editor.document.uri;
    const want = expectedKeys('enable.kms.json', policyText()).join();
    await poll('the diagnostics', () => shown(uri).join() === want);
    const config = vscode.workspace.getConfiguration('keyscope', uri);
    try {
      await config.update('enable', false, vscode.ConfigurationTarget.WorkspaceFolder);
      await poll('no diagnostics once Keyscope is off in the folder', () => shown(uri).length === 0);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      assert.equal(lenses.length, 0);
    } finally {
      await config.update('enable', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await poll('the diagnostics back', () => shown(uri).join() === want);
  });
  it('"Keyscope: Show rule documentation" opens a rule\'s page from inside the extension, in the Markdown preview', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'keyscope' && e.packageJSON?.publisher === 'keyscope');
    assert.ok(ext, 'Keyscope is installed');
    const pages = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules'))).map(([n]) => n);
    assert.ok(pages.includes('kms-star.md') && pages.length >= 30, `the rule pages ship: ${pages.join(', ')}`);
    await vscode.commands.executeCommand('keyscope.showRuleDocs', 'kms-star');
    const tab = await poll('the preview of kms-star.md', () => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t && /kms-star\.md/.test(t.label) && t;
    });
    assert.match(tab.label, /Preview/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
