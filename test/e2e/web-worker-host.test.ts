// The web extension in a real VS Code for the Web: code-server's browser window runs an extension in its web
// worker extension host when the user prefers it there (`remote.extensionKind` "ui"), as vscode.dev and
// github.dev run every extension. Keyscope then starts from its `browser` entry: the client in the web worker
// host, the server in a nested Web Worker, files read through `workspace.fs` from the remote's file system.
// The findings must be the engine's, for a JSON policy and for a .tf whose module files the server asks for.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { engineProblems, problemKey } from './expected';
import { editorSuite } from './suite';
import type { Problem } from './workbench';

const keys = (ps: { code: string; line: number; column: number }[]) => ps.map(problemKey).sort();
const ours = (ps: Problem[], file: string) => ps.filter((p) => p.file === file && p.source === 'keyscope');

describe('Keyscope in the web worker extension host (code-server, browser entry)', { timeout: 600_000 }, () => {
  const suite = editorSuite(undefined, { settings: { 'remote.extensionKind': { 'keyscope.keyscope': ['ui'] } } });
  const test = suite.test;

  test('it runs in the web worker host', async () => {
    await suite.wb.openFile('keys/orders.kms.json');
    await suite.wb.runCommand('Developer: Show Running Extensions');
    const row = suite.wb.page.locator('.monaco-list-row', { hasText: 'Keyscope' }).first();
    await row.waitFor({ timeout: 60_000 });
    await suite.wb.screenshot('web-01-running-extensions');
    assert.match(await row.innerText(), /web worker/i);
  });

  test('a JSON key policy gets the engine\'s findings from the server in a Web Worker', async () => {
    await suite.wb.openFile('keys/orders.kms.json');
    const expected = engineProblems('keys/orders.kms.json');
    assert.ok(expected.length > 0);
    await suite.wb.waitForProblems('the policy\'s diagnostics', (ps) => keys(ours(ps, 'orders.kms.json')).join() === keys(expected).join(), 120_000);
  });

  test('a .tf file gets the engine\'s findings: the grammar loads in the worker and module files come through the editor', async () => {
    await suite.wb.openFile('main.tf');
    const expected = engineProblems('main.tf');
    assert.ok(expected.length > 0);
    await suite.wb.waitForProblems('the Terraform diagnostics', (ps) => keys(ours(ps, 'main.tf')).join() === keys(expected).join(), 120_000);
    await suite.wb.screenshot('web-02-terraform');
  });

  test('Lint Workspace says it needs desktop VS Code', async () => {
    await suite.wb.openFile('keys/orders.kms.json');
    await suite.wb.runCommand('Keyscope: Lint Workspace');
    await suite.wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'desktop VS Code' }).first().waitFor({ timeout: 30_000 });
  });
});
