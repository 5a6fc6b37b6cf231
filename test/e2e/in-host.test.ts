// The client's tests through the VS Code API, run inside the real extension host of code-server: a test extension
// (test/e2e/in-host/, built and packed here) is installed next to keyscope.vsix, runs its cases with the
// real `vscode` module once the workbench has connected, and writes a report; each of its cases is reported
// here as a subtest. The engine and the manifest the scenarios compare with are found through KEYSCOPE_ROOT
// and KEYSCOPE_FIXTURE, which the extension host inherits from code-server.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FatalError, poll, ROOT, startCodeServer, type CodeServer } from '../../scripts/e2e/code-server';
import { FIXTURE } from './expected';
import { buildInHostExtension } from './in-host/build';
import { RESULTS_ENV } from './in-host/env';
import type { InHostReport } from './in-host/runner';
import { sessionLogs } from './server-process';
import { Workbench } from './workbench';

describe('client tests in the real extension host (code-server)', { timeout: 600_000 }, () => {
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  let vsix: string | undefined;
  const out = mkdtempSync(join(tmpdir(), 'keyscope-in-host-results-'));
  const resultsFile = join(out, 'results.json');

  before(async () => {
    vsix = await buildInHostExtension();
    cs = await startCodeServer(FIXTURE, { extensions: [vsix], env: { [RESULTS_ENV]: resultsFile, KEYSCOPE_ROOT: ROOT, KEYSCOPE_FIXTURE: FIXTURE } });
    // The extension host starts when a browser connects to the workbench.
    wb = await Workbench.open(cs.url, { folder: cs.workspace });
  });

  after(async () => {
    await wb?.close();
    if (cs && process.env.KEYSCOPE_E2E_LOG) console.log(cs.log());
    await cs?.stop();
    if (vsix) rmSync(dirname(vsix), { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('every in-host case passes', async (t) => {
    const report = await poll('the in-host report', () => {
      // A test extension that failed to activate never reports: say so at once, with the host's log.
      if (/Activating extension keyscope\.keyscope-in-host-tests failed/.test(sessionLogs(cs!, /exthost\.log$/))) throw new FatalError('the in-host test extension failed to activate');
      return existsSync(resultsFile) && (JSON.parse(readFileSync(resultsFile, 'utf8')) as InHostReport);
    }, 480_000, 500)
      .catch(async (e) => {
        await wb?.screenshot('failed-in-host').catch(() => undefined);
        const host = cs ? sessionLogs(cs, /exthost\.log$/) : '';
        throw new Error(`${(e as Error).message}\nextension host log:\n${host.slice(-6000)}`);
      });
    t.diagnostic(`VS Code ${report.vscodeVersion}: ${report.results.length} cases`);
    assert.ok(report.results.length >= 11, `the report lists every case (got ${report.results.length})`);
    assert.equal(new Set(report.results.map((r) => r.name)).size, report.results.length, 'case names are unique');
    for (const r of report.results) {
      await t.test(r.name, { skip: r.skipped }, (st) => {
        if (r.report) st.diagnostic(r.report);
        if (!r.ok) throw new Error(r.error ?? 'failed');
      });
    }
  });
});
