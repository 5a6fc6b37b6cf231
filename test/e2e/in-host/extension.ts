// The entry point of the in-host test extension (built and installed only by test/e2e/in-host.test.ts, never
// shipped): on activation it runs the registered cases with the real `vscode` module and writes the report
// to the file named by KEYSCOPE_IN_HOST_RESULTS.
import { renameSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { RESULTS_ENV } from './env';
import { runAll, type InHostReport } from './runner';
// The cold start first, while Keyscope has not been woken by another case.
import './cold-start.cases';
import './client.cases';
import './scenarios.cases';

export function activate(): void {
  const file = process.env[RESULTS_ENV];
  if (!file) return; // installed by hand: nothing to report to
  // Not awaited: activation must finish so the rest of the editor (Keyscope too) starts while the cases run.
  void runAll().then((results) => {
    const report: InHostReport = { vscodeVersion: vscode.version, results };
    // Written whole, then renamed, so the driver never reads half a report.
    writeFileSync(`${file}.part`, JSON.stringify(report, null, 2));
    renameSync(`${file}.part`, file);
  });
}

export function deactivate(): void {}
