/*
 * "Keyscope: New key policy…": asks scope, stage, account and principals, writes the policy in the chosen
 * format, then shows its effective-access matrix. The generator is bundled into the client: it imports nothing
 * from the analysis engine (a test keeps it so) and adds about 14 KB minified, so the command works
 * synchronously, validates as the user types, and does not depend on the language server being up.
 */
import * as vscode from 'vscode';
import { generatePolicy, GenerateInputError } from '../../server/src/generate';
import { CommandIds } from '../../server/src/lsp/protocol';
import { askForPolicy, type Prompts, type Target } from './new-policy-flow';

export function registerNewPolicyCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(CommandIds.newKeyPolicy, () => newKeyPolicy()));
}

const prompts: Prompts = {
  async pick(title, items) {
    const chosen = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true });
    return chosen?.value;
  },
  input(title, o) {
    return vscode.window.showInputBox({ title, prompt: o.prompt, value: o.value, placeHolder: o.placeHolder, ignoreFocusOut: true, validateInput: (v) => o.validate(v) });
  },
};

async function newKeyPolicy(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const config = vscode.workspace.getConfiguration('keyscope', editor?.document.uri);
  const answers = await askForPolicy(prompts, {
    activeLanguage: editor?.document.languageId,
    activeFileName: editor ? vscode.workspace.asRelativePath(editor.document.uri) : undefined,
    activeIsEmpty: editor ? editor.document.getText().trim() === '' : undefined,
    deployerArn: config.get<string>('deployerArn'),
    accounts: config.get('accounts'),
  });
  if (!answers) return;
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
  const doc = await write(answers.target, generated.text, generated.fileName, language, editor);
  if (!doc) return;
  void vscode.window.setStatusBarMessage(`Keyscope: ${generated.description}`, 8000);
  if ((await vscode.commands.getCommands(true)).includes(CommandIds.showAccess)) {
    await vscode.commands.executeCommand(CommandIds.showAccess, doc.uri);
  }
}

async function write(target: Target, text: string, fileName: string, language: string, editor: vscode.TextEditor | undefined): Promise<vscode.TextDocument | undefined> {
  if (target === 'cursor' && editor) {
    const at = editor.selection.active;
    // A policy inserted into Terraform goes on its own lines; elsewhere it replaces the selection.
    const ok = await editor.edit((b) => (editor.selection.isEmpty ? b.insert(at, at.character > 0 ? `\n${text}` : text) : b.replace(editor.selection, text)));
    return ok ? editor.document : undefined;
  }
  if (target === 'file') {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: language === 'json' ? { 'Key policy': ['json'] } : { Terraform: ['tf'] },
      saveLabel: 'Write key policy',
    });
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    return doc;
  }
  const doc = await vscode.workspace.openTextDocument({ language, content: text });
  await vscode.window.showTextDocument(doc);
  return doc;
}
