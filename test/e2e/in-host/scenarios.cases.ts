// The editor scenarios of test/integration/suite/scenarios.ts (diagnostics equal to the engine's in JSON and
// Terraform, hover, quick fix, the access matrix, a snippet), through the VS Code API against the installed
// Keyscope extension. They run here too because @vscode/test-electron cannot download VS Code on our machines.
import { initEngine } from '../expected';
import { SCENARIOS } from '../../integration/suite/scenarios';
import { describe, it, Skip } from './runner';

describe('Keyscope through the VS Code API', () => {
  let ready: Promise<void> | undefined;
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      await (ready ??= initEngine()); // the expectations come from the engine, which parses Terraform with wasm
      const note = await scenario();
      return typeof note === 'string' ? new Skip(note) : undefined;
    });
  }
});
