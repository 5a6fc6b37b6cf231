// The language server over stdio on our fixture of dynamic statements (test/fixtures/forms/dynamic): the
// statements a known for_each makes are judged, with the diagnostic on the content that wrote them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { serverOnFixture } from '../helpers/fixture-server';

describe('language server over stdio: dynamic statements', () => {
  const ws = serverOnFixture('dynamic');

  it('reports kms:* given by a map entry at the actions of the dynamic content, and nothing for an unknown collection', async () => {
    const uri = pathToFileURL(join(ws.dir, 'main.tf')).href;
    await ws.client().open(uri, 'terraform', readFileSync(join(ws.dir, 'main.tf'), 'utf8'));
    const diags = await ws.client().diagnosticsFor(uri, 1);
    const star = diags.filter((d) => d.code === 'kms-star');
    assert.deepEqual(star.map((d) => d.range.start.line + 1), [29]);
    assert.match(star[0].message, /role\/operators/);
    assert.deepEqual(diags.filter((d) => d.code === 'service-principal-without-source').map((d) => d.range.start.line + 1), [48]);
    assert.ok(!diags.some((d) => d.range.start.line + 1 >= 62));
  });
});
