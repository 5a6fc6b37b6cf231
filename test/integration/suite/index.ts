// Runs inside VS Code's extension host (loaded by @vscode/test-electron). A tiny sequential runner, so the
// suite needs no test framework inside the editor: each scenario is an async function that throws on failure.
import { initEngine } from '../../e2e/expected';
import { SCENARIOS } from './scenarios';

export async function run(): Promise<void> {
  await initEngine();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    try {
      const note = await scenario();
      if (typeof note === 'string') {
        skipped++;
        console.log(`- ${name} # SKIP ${note}`);
      } else {
        passed++;
        console.log(`ok ${name}`);
      }
    } catch (e) {
      failed++;
      console.log(`not ok ${name}\n  ${e instanceof Error ? e.stack : String(e)}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (failed) throw new Error(`${failed} integration scenario(s) failed`);
}
