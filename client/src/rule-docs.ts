/**
 * "Keyscope: Show rule documentation": the rule pages (docs/rules/<id>.md) ship inside the extension, so they
 * open offline, in the Markdown preview. Without an argument the command lists the rules (id and what each
 * checks, from the first paragraph of its page); with a rule id it opens that page.
 */
import * as vscode from 'vscode';
import { ClientCommandIds } from './command-ids';

/** A rule id as the pages are named: kebab-case, nothing that could leave the folder. */
const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The first lines of a page are enough for its summary. */
const SUMMARY_BYTES = 4096;

export function registerRuleDocsCommand(context: vscode.ExtensionContext): void {
  const folder = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  context.subscriptions.push(
    vscode.commands.registerCommand(ClientCommandIds.showRuleDocs, async (ruleId?: unknown) => {
      const id = typeof ruleId === 'string' && RULE_ID.test(ruleId) ? ruleId : await pickRule(folder);
      if (!id) return;
      const page = vscode.Uri.joinPath(folder, `${id}.md`);
      try {
        await vscode.workspace.fs.stat(page);
      } catch {
        void vscode.window.showWarningMessage(`Keyscope has no rule named ${id}.`);
        return;
      }
      await vscode.commands.executeCommand('markdown.showPreview', page);
    }),
  );
}

async function pickRule(folder: vscode.Uri): Promise<string | undefined> {
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const ids = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md')).map(([name]) => name.slice(0, -3)).sort();
  const items = await Promise.all(ids.map(async (id) => ({ label: id, detail: await summaryOf(vscode.Uri.joinPath(folder, `${id}.md`)) })));
  const picked = await vscode.window.showQuickPick(items, { title: 'Keyscope: rule documentation', placeHolder: 'Rule id', matchOnDetail: true });
  return picked?.label;
}

/** The first paragraph under "What it does", on one line. */
async function summaryOf(page: vscode.Uri): Promise<string | undefined> {
  const text = new TextDecoder().decode((await vscode.workspace.fs.readFile(page)).slice(0, SUMMARY_BYTES));
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^#+\s*What it does/i.test(l));
  if (start < 0) return undefined;
  const para: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '' && para.length) break;
    if (/^#/.test(l)) break;
    if (l.trim()) para.push(l.trim());
  }
  return para.join(' ') || undefined;
}
