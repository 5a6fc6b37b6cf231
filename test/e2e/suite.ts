import { after, before, test as nodeTest, type TestContext } from 'node:test';
import { startCodeServer, type CodeServer } from '../../scripts/e2e/code-server';
import { FIXTURE, initEngine } from './expected';
import { Workbench } from './workbench';

/** The code-server and the workbench of a suite, set once its `before` hook has run. */
export interface EditorSuite {
  readonly cs: CodeServer;
  readonly wb: Workbench;
  /** `test`, starting from no open editor and leaving a screenshot behind when the test fails. */
  test(name: string, fn: (t: TestContext) => Promise<unknown>): void;
}

/**
 * Starts code-server on a fresh copy of the fixture workspace and a workbench on it for the enclosing
 * `describe`, and stops both after it. `onFailure` may add to a failed test's report.
 */
export function editorSuite(onFailure?: (cs: CodeServer) => void): EditorSuite {
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  before(async () => {
    await initEngine();
    cs = await startCodeServer(FIXTURE);
    wb = await Workbench.open(cs.url, cs.workspace);
  });
  after(async () => {
    await wb?.close();
    if (cs && process.env.KEYSCOPE_E2E_LOG) console.log(cs.log());
    await cs?.stop();
  });
  return {
    get cs() {
      return cs!;
    },
    get wb() {
      return wb!;
    },
    test: (name, fn) =>
      nodeTest(name, async (t) => {
        try {
          await wb!.closeAllEditors();
          await fn(t);
        } catch (e) {
          await wb?.screenshot(`failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
          if (cs) onFailure?.(cs);
          throw e;
        }
      }),
  };
}
