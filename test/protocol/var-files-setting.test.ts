// The language server over stdio with the keyscope.terraform.varFiles setting, on a copy of our fixture
// test/fixtures/forms/var-inputs (kms:* to var.admins, a variable without a default): the setting names a
// variable file of the root module, its values apply, and a change of that file on disk is followed.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { serverOnFixture } from '../helpers/fixture-server';

describe('language server over stdio: keyscope.terraform.varFiles', () => {
  const ws = serverOnFixture('var-inputs');
  const uri = () => pathToFileURL(join(ws.dir, 'main.tf')).href;
  const stars = (d: { code?: number | string; message: string }[]) => d.filter((x) => x.code === 'kms-star').map((x) => x.message);

  it('without the setting var.admins is unknown and nothing fires; with it, the file sets it', async () => {
    const client = ws.client();
    await client.open(uri(), 'terraform', readFileSync(join(ws.dir, 'main.tf'), 'utf8'));
    assert.deepEqual(stars(await client.diagnosticsFor(uri(), 1)), []);
    await client.settingsChanged({ terraform: { varFiles: ['prod.tfvars'] } });
    const d = await client.diagnosticsUntil(uri(), (x) => stars(x).length > 0);
    assert.match(stars(d)[0], /role\/file-admin/);
    const star = d.find((x) => x.code === 'kms-star');
    assert.equal(star?.relatedInformation?.[0].location.uri, pathToFileURL(join(ws.dir, 'prod.tfvars')).href);
  });

  it('the variable file changed on disk: the root module is analysed again', async () => {
    const client = ws.client();
    writeFileSync(join(ws.dir, 'prod.tfvars'), 'admins = ["arn:aws:iam::111122223333:role/changed-admin"]\n');
    await client.filesChanged([{ uri: pathToFileURL(join(ws.dir, 'prod.tfvars')).href, type: FileChangeType.Changed }]);
    const d = await client.diagnosticsUntil(uri(), (x) => stars(x).some((m) => /changed-admin/.test(m)));
    assert.ok(!stars(d).some((m) => /file-admin/.test(m)));
  });
});
