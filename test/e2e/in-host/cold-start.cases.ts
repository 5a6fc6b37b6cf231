// The editor's cold start, measured and reported (never asserted): from opening the fixture's `main.tf` in a
// window where Keyscope has not started, to the extension being active, to its first diagnostics, to the
// engine's full set of findings for the file. It runs before every other case, while Keyscope is still asleep.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { expectedKeys, shown } from '../../integration/suite/scenarios';
import { initEngine } from '../expected';
import { describe, it, Skip } from './runner';

const KEYSCOPE = 'keyscope.keyscope';
const FILE = 'main.tf';

describe('cold start', () => {
  it('opening a .tf in a fresh window: activation, first diagnostics, all findings (reported)', async () => {
    const extension = vscode.extensions.getExtension(KEYSCOPE);
    assert.ok(extension, 'Keyscope is installed');
    if (extension.isActive) return new Skip('Keyscope was already active (an editor restored at start-up opened it)');
    // The engine computes what the editor must end up showing; it is loaded before the clock starts.
    await initEngine();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'a workspace folder');
    const uri = vscode.Uri.joinPath(root, FILE);
    const want = expectedKeys(FILE).join();
    assert.ok(want.length > 0, 'the fixture has findings to wait for');
    const t0 = performance.now();
    const marks: { opened?: number; active?: number; first?: number; all?: number } = {};
    let done: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (done = resolve));
    const look = () => {
      const now = performance.now() - t0;
      if (marks.active === undefined && extension.isActive) marks.active = now;
      const ours = shown(uri);
      if (marks.first === undefined && ours.length > 0) marks.first = now;
      if (marks.all === undefined && ours.join() === want) {
        marks.all = now;
        done();
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) look();
    });
    const timer = setInterval(look, 10);
    let limit: NodeJS.Timeout | undefined;
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      marks.opened = performance.now() - t0;
      await Promise.race([settled, new Promise((_, reject) => (limit = setTimeout(() => reject(new Error(`no complete diagnostics for ${FILE} after 45 s`)), 45_000)))]);
    } finally {
      sub.dispose();
      clearInterval(timer);
      clearTimeout(limit);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${Math.round(v)} ms`);
    return { report: `cold start of ${FILE}: opened ${ms(marks.opened)}, Keyscope active ${ms(marks.active)}, first diagnostics ${ms(marks.first)}, all ${shown(uri).length} findings ${ms(marks.all)} (from the open command; VS Code ${vscode.version})` };
  });
});
