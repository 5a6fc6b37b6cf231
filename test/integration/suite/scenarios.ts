// The editor scenarios of test/e2e/editor.test.ts, through the VS Code API instead of the UI.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { policySnippets } from '../../../server/src/generate/snippets';
import { engineFix, engineHover, enginePolicies, engineProblems, locate, problemKey } from '../../e2e/expected';

const POLICY = 'keys/orders.kms.json';

/** A scenario resolves to nothing when it passed, or to the reason it was skipped. */
type Scenario = () => Promise<string | void>;

const folder = () => vscode.workspace.workspaceFolders![0].uri;
const uriOf = (rel: string) => vscode.Uri.joinPath(folder(), rel);

export async function poll<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A diagnostic's rule id (VS Code gives `{ value, target }` when the rule links to its docs). */
export const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

/** Our diagnostics for a file, as rule id @ 1-based line:column. */
export const shown = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri)
    .filter((d) => d.source === 'keyscope' && d.severity !== vscode.DiagnosticSeverity.Hint)
    .map((d) => problemKey({ code: codeOf(d), line: d.range.start.line + 1, column: d.range.start.character + 1 }))
    .sort();
export const expectedKeys = (rel: string, text?: string) => engineProblems(rel, text).map(problemKey).sort();

async function open(rel: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf(rel)));
}

export const SCENARIOS: Record<string, Scenario> = {
  async 'a JSON key policy gets the expected diagnostics'() {
    const editor = await open(POLICY);
    const want = expectedKeys(POLICY);
    const typo = locate(POLICY, '"kms:Decrpyt"');
    assert.ok(want.includes(problemKey({ code: 'unknown-action', line: typo.line, column: typo.column })));
    await poll('the diagnostics', () => shown(editor.document.uri).join() === want.join());
  },

  async 'hovering an action shows its documentation'() {
    if (!engineHover(POLICY, 'kms:Encrypt')) return 'the engine offers no hover for actions yet';
    const editor = await open(POLICY);
    const at = locate(POLICY, '"kms:Encrypt"');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(at.offset + 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(text.length > 0, 'a hover with text');
    return undefined;
  },

  async 'a quick fix replaces the misspelt action'() {
    const editor = await open(POLICY);
    const at = locate(POLICY, '"kms:Decrpyt"');
    const fix = engineFix(POLICY, 'unknown-action', at.offset);
    const pos = editor.document.positionAt(at.offset + 2);
    await poll('the diagnostics', () => shown(editor.document.uri).length > 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(pos, pos));
    const action = actions.find((a) => a.title === fix.title);
    assert.ok(action?.edit, `a "${fix.title}" code action with an edit`);
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    assert.equal(editor.document.getText(), fix.output);
    await poll('the fixed diagnostics', () => shown(editor.document.uri).join() === expectedKeys(POLICY, fix.output).join());
    await vscode.commands.executeCommand('workbench.action.files.revert');
  },

  async 'a .tf file gets findings in jsonencode and aws_iam_policy_document'() {
    if (enginePolicies('main.tf') < 2) return 'the engine does not extract these Terraform forms yet';
    const editor = await open('main.tf');
    const want = expectedKeys('main.tf');
    assert.ok(want.some((k) => k.startsWith('unknown-action@')));
    await poll('the Terraform diagnostics', () => shown(editor.document.uri).join() === want.join());
    return undefined;
  },

  async 'Show Effective Access opens the matrix'() {
    if (!(await vscode.commands.getCommands(true)).includes('keyscope.showAccess')) return 'no keyscope.showAccess command yet';
    await open(POLICY);
    await vscode.commands.executeCommand('keyscope.showAccess');
    await poll('the matrix panel', () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview)));
    return undefined;
  },

  async 'a snippet expands to a policy with no errors or warnings'() {
    const snippet = policySnippets().find((s) => s.form === 'json-policy')!;
    const uri = uriOf('new-key.kms.json');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('{'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // A lone brace is not JSON: its syntax error proves the document is being analysed (an empty file has no
    // finding). The snippet then replaces it.
    await poll('the unfinished file\'s syntax error', () => vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'json-syntax'));
    const whole = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
    assert.ok(await editor.insertSnippet(new vscode.SnippetString(snippet.body), whole));
    await vscode.commands.executeCommand('leaveSnippet');
    const serious = (d: vscode.Diagnostic) => d.source === 'keyscope' && d.severity <= vscode.DiagnosticSeverity.Warning;
    await poll('the snippet to be analysed without errors or warnings', () => {
      const ds = vscode.languages.getDiagnostics(uri);
      return editor.document.getText().includes('Statement') && !ds.some((d) => codeOf(d) === 'json-syntax') && !ds.some(serious);
    });
    return undefined;
  },
};
