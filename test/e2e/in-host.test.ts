// The client's converter tests, run inside the real extension host of code-server: a test extension
// (test/e2e/in-host/, built and packed here) is installed next to keyscope.vsix, runs its cases with the
// real `vscode` module once the workbench has connected, and writes a report; each of its cases is reported
// here as a subtest.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { poll, startCodeServer, type CodeServer } from '../../scripts/e2e/code-server';
import { FIXTURE } from './expected';
import { buildInHostExtension } from './in-host/build';
import { RESULTS_ENV } from './in-host/env';
import type { InHostReport } from './in-host/runner';
import { Workbench } from './workbench';

describe('client tests in the real extension host (code-server)', { timeout: 600_000 }, () => {
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  let vsix: string | undefined;
  const out = mkdtempSync(join(tmpdir(), 'keyscope-in-host-results-'));
  const resultsFile = join(out, 'results.json');

  before(async () => {
    vsix = await buildInHostExtension();
    cs = await startCodeServer(FIXTURE, { extensions: [vsix], env: { [RESULTS_ENV]: resultsFile } });
    // The extension host starts when a browser connects to the workbench.
    wb = await Workbench.open(cs.url, cs.workspace);
  });

  after(async () => {
    await wb?.close();
    if (cs && process.env.KEYSCOPE_E2E_LOG) console.log(cs.log());
    await cs?.stop();
    if (vsix) rmSync(dirname(vsix), { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('every in-host case passes', async (t) => {
    const report = await poll('the in-host report', () => existsSync(resultsFile) && (JSON.parse(readFileSync(resultsFile, 'utf8')) as InHostReport), 240_000, 500)
      .catch(async (e) => {
        await wb?.screenshot('failed-in-host').catch(() => undefined);
        throw new Error(`${(e as Error).message}\ncode-server log:\n${cs?.log().slice(-4000)}`);
      });
    t.diagnostic(`VS Code ${report.vscodeVersion}: ${report.results.length} cases`);
    assert.ok(report.results.length >= 20, `the report lists every case (got ${report.results.length})`);
    assert.equal(new Set(report.results.map((r) => r.name)).size, report.results.length, 'case names are unique');
    for (const r of report.results) {
      await t.test(r.name, () => {
        if (!r.ok) throw new Error(r.error ?? 'failed');
      });
    }
  });
});
