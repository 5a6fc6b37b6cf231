import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test as nodeTest, type TestContext } from 'node:test';
import { startCodeServer, type CodeServer } from '../../scripts/e2e/code-server';
import { FIXTURE, initEngine } from './expected';
import { Workbench } from './workbench';

/** The code-server and the workbench of a suite, set once its `before` hook has run. */
export interface EditorSuite {
  readonly cs: CodeServer;
  readonly wb: Workbench;
  /** With `multiRoot`: the `.code-workspace` file the window opened (its folders: the workspace copy). */
  readonly workspaceFile: string | undefined;
  /** `test`, starting from no open editor and leaving a screenshot behind when the test fails. */
  test(name: string, fn: (t: TestContext) => Promise<unknown>): void;
}

/**
 * Starts code-server on a fresh copy of the fixture workspace and a workbench on it for the enclosing
 * `describe`, and stops both after it. `onFailure` may add to a failed test's report. `multiRoot` opens the
 * folder through a `.code-workspace` file, as a multi-root workspace to which folders can be added;
 * `extensions` gives further .vsix files to install beside Keyscope; `settings` adds user settings.
 */
export function editorSuite(onFailure?: (cs: CodeServer) => void, options: { multiRoot?: boolean; extensions?: () => Promise<string[]>; settings?: Record<string, unknown> } = {}): EditorSuite {
  let cs: CodeServer | undefined;
  let wb: Workbench | undefined;
  let workspaceFile: string | undefined;
  before(async () => {
    await initEngine();
    cs = await startCodeServer(FIXTURE, { extensions: await options.extensions?.(), settings: options.settings });
    if (options.multiRoot) {
      workspaceFile = join(dirname(cs.workspace), 'keyscope.code-workspace');
      writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: cs.workspace }], settings: {} }, null, 2));
    }
    wb = await Workbench.open(cs.url, workspaceFile ? { workspace: workspaceFile } : { folder: cs.workspace });
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
    get workspaceFile() {
      return workspaceFile;
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
