/*
 * "Keyscope: New key policy…": asks scope, stage, account and principals, writes the policy in the chosen
 * format, then shows its effective-access matrix. The generator is bundled into the client: it imports nothing
 * from the analysis engine (a test keeps it so) and adds about 14 KB minified, so the command works
 * synchronously, validates as the user types, and does not depend on the language server being up.
 */
import * as vscode from 'vscode';
import { generateInsertion, generatePolicy, GenerateInputError, type GenerateInput, type InsertionPoint } from '../../server/src/generate';
import { CommandIds, INSERTION_REQUEST, type InsertionParams, type InsertionResult } from '../../server/src/lsp/protocol';
import { askForPolicy, BACK, type Answers, type Prompts, type Target } from './new-policy-flow';
import type { KeyscopeServer } from './server';

export function registerNewPolicyCommand(context: vscode.ExtensionContext, server: KeyscopeServer): void {
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.newKeyPolicy, () => newKeyPolicy(context, server)));
}

/**
 * Quick picks and input boxes with a Back button (VS Code's own, top left) from the second step on. Escape or
 * a click elsewhere cancels; the flow keeps every answer given, so going back shows it again.
 */
const prompts: Prompts = {
  pick(title, items, options = {}) {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value: unknown }>();
      Object.assign(qp, { title, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true });
      qp.items = items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value }));
      const active = qp.items.find((i) => i.value === options.active);
      if (active) qp.activeItems = [active];
      if (options.back) qp.buttons = [vscode.QuickInputButtons.Back];
      let done = false;
      const finish = (v: unknown) => {
        if (done) return;
        done = true;
        resolve(v as never);
        qp.dispose();
      };
      qp.onDidTriggerButton(() => finish(BACK));
      qp.onDidAccept(() => qp.selectedItems[0] && finish(qp.selectedItems[0].value));
      qp.onDidHide(() => finish(undefined));
      qp.show();
    });
  },
  input(title, o) {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      Object.assign(box, { title, prompt: o.prompt, value: o.value ?? '', placeholder: o.placeHolder, ignoreFocusOut: true });
      if (o.back) box.buttons = [vscode.QuickInputButtons.Back];
      let done = false;
      const finish = (v: string | undefined | typeof BACK) => {
        if (done) return;
        done = true;
        resolve(v);
        box.dispose();
      };
      const check = () => (box.validationMessage = o.validate(box.value));
      box.onDidChangeValue(check);
      box.onDidTriggerButton(() => finish(BACK));
      box.onDidAccept(() => !check() && finish(box.value));
      box.onDidHide(() => finish(undefined));
      check();
      box.show();
    });
  },
};

/** Where the last run's answers are kept (the workspace's state): proposed again by the next run. */
const REMEMBERED = 'keyscope.newKeyPolicy.answers';

async function newKeyPolicy(context: vscode.ExtensionContext, server: KeyscopeServer): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const config = vscode.workspace.getConfiguration('keyscope', editor?.document.uri);
  const version = editor?.document.version;
  const point = editor && (await insertionPoint(server, editor));
  const answers = await askForPolicy(prompts, {
    activeLanguage: editor?.document.languageId,
    activeFileName: editor ? vscode.workspace.asRelativePath(editor.document.uri) : undefined,
    insertion: point,
    deployerArn: config.get<string>('deployerArn'),
    accounts: config.get('accounts'),
    remembered: context.workspaceState.get<Answers>(REMEMBERED),
  });
  if (!answers) return;
  await context.workspaceState.update(REMEMBERED, answers.answers);
  let generated;
  try {
    generated = generatePolicy(answers.input);
  } catch (e) {
    // The input boxes validate every field; this catches what only the combination can break.
    const problems = e instanceof GenerateInputError ? e.problems.join(' ') : String(e);
    void vscode.window.showErrorMessage(`Keyscope: cannot write the key policy: ${problems}`);
    return;
  }
  const language = answers.input.format === 'json' ? 'json' : 'terraform';
  const doc = answers.target === 'cursor' && editor && point ? await insert(server, editor, point, version, answers.input) : await write(answers.target, generated.text, generated.fileName, language, editor);
  if (!doc) return;
  void vscode.window.setStatusBarMessage(`Keyscope: ${generated.description}`, 8000);
  if ((await vscode.commands.getCommands(true)).includes(CommandIds.showAccess)) {
    await vscode.commands.executeCommand(CommandIds.showAccess, doc.uri);
  }
}

/**
 * What fits at the cursor, as the language server reads the document: statements in a statement list, blocks
 * at the top level of a .tf file, a whole policy in an empty JSON document. Before the server has started (no
 * key policy opened yet), only an empty document is known to take one.
 */
async function insertionPoint(server: KeyscopeServer, editor: vscode.TextEditor): Promise<InsertionPoint | undefined> {
  const doc = editor.document;
  if (server.state !== 'idle') {
    try {
      const client = await server.running();
      const unit = editor.options.insertSpaces === false ? '\t' : ' '.repeat(Number(editor.options.tabSize) || 2);
      const params: InsertionParams = { uri: doc.uri.toString(), position: { line: editor.selection.active.line, character: editor.selection.active.character }, unit };
      const point = await client.sendRequest<InsertionResult>(INSERTION_REQUEST, params);
      if (point) return point;
    } catch {
      // A stopped server: as if it had not started.
    }
  }
  if (doc.getText().trim() !== '' || !['json', 'terraform'].includes(doc.languageId)) return undefined;
  const end = doc.positionAt(doc.getText().length);
  const form = doc.languageId === 'json' ? 'policy' : 'blocks';
  return { form, range: { start: { line: 0, character: 0 }, end }, indent: '', closeIndent: '', unit: '  ', commaBefore: false, commaAfter: false, blankBefore: false, blankAfter: false, where: 'the empty document' };
}

/** Writes the generated statements or blocks at the insertion point, if the document has not changed there since. */
async function insert(server: KeyscopeServer, editor: vscode.TextEditor, asked: InsertionPoint, version: number | undefined, input: GenerateInput): Promise<vscode.TextDocument | undefined> {
  // The document may have changed while the questions were answered: then ask again where the cursor is now.
  const point = editor.document.version === version ? asked : await insertionPoint(server, editor);
  if (!point || point.form !== asked.form) {
    void vscode.window.showErrorMessage('Keyscope: the cursor is no longer where the key policy fits; run "New key policy…" again.');
    return undefined;
  }
  const r = point.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  const ok = await editor.edit((b) => b.replace(range, generateInsertion(input, point)));
  return ok ? editor.document : undefined;
}

async function write(target: Target, text: string, fileName: string, language: string, editor: vscode.TextEditor | undefined): Promise<vscode.TextDocument | undefined> {
  if (target === 'file') {
    // Beside the file being edited, else at the top of its workspace folder (or the first one).
    const active = editor?.document.uri;
    const folder = active?.scheme === 'file' ? vscode.Uri.joinPath(active, '..') : (active && vscode.workspace.getWorkspaceFolder(active)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: language === 'json' ? { 'Key policy': ['json'] } : { Terraform: ['tf'] },
      saveLabel: 'Write key policy',
    });
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    // A tab of its own, not a preview the next file opened would replace.
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }
  const doc = await vscode.workspace.openTextDocument({ language, content: text });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
