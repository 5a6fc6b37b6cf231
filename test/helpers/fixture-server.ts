import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { tempFolder } from './hostile-files';
import { TestClient } from './lsp-client';

/**
 * In a `describe`: a copy of `test/fixtures/forms/<name>` in a temporary folder, and the bundled server
 * started over stdio with that folder as its workspace; both gone after the suite.
 */
export function serverOnFixture(name: string): { dir: string; client: () => TestClient } {
  const ws = tempFolder(`keyscope-${name}-`);
  let client: TestClient | undefined;
  before(async () => {
    cpSync(join(__dirname, '..', 'fixtures', 'forms', name), ws.dir, { recursive: true });
    client = new TestClient();
    await client.initialize(ws.dir);
  });
  after(async () => {
    await client?.close();
    ws.remove();
  });
  return { dir: ws.dir, client: () => client! };
}
