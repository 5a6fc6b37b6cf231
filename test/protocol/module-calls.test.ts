// The language server over stdio on a copy of our module tree (test/fixtures/forms/module-calls): the root
// module's diagnostics come from the modules it calls, at the caller's arguments, with related information
// pointing into the module; when a called module changes on disk, the caller is analysed again.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { FileChangeType, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { serverOnFixture } from '../helpers/fixture-server';

describe('language server over stdio: module calls', () => {
  const ws = serverOnFixture('module-calls');
  const at = (...p: string[]) => join(ws.dir, ...p);
  const uri = (...p: string[]) => pathToFileURL(at(...p)).href;

  it('reports a public argument at the call, with the place in the module', async () => {
    const main = uri('live', 'main.tf');
    await ws.client().open(main, 'terraform', readFileSync(at('live', 'main.tf'), 'utf8'));
    const diags = await ws.client().diagnosticsFor(main, 1);
    const pub = diags.filter((d) => d.code === 'public-principal');
    assert.deepEqual(pub.map((d) => d.range.start.line + 1), [25, 40]);
    const rel = pub[0].relatedInformation?.[0];
    assert.ok(rel, JSON.stringify(pub[0]));
    assert.equal(rel.location.uri, uri('modules', 'kms-key', 'main.tf'));
    assert.equal(rel.location.range.start.line + 1, 29);
    assert.ok(diags.some((d) => d.code === 'analysis-limit' && /module source not downloaded: run terraform init/.test(d.message) && d.range.start.line + 1 === 44));
  });

  it('a hover on a variable says where its value comes from; on a module output, what it evaluates to', async () => {
    const main = uri('live', 'main.tf');
    const text = readFileSync(at('live', 'main.tf'), 'utf8');
    const hoverAt = async (probe: string) => {
      const offset = text.indexOf(probe) + 1;
      const line = text.slice(0, offset).split('\n').length - 1;
      const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
      const h = await ws.client().conn.sendRequest(HoverRequest.type, { textDocument: { uri: main }, position: { line, character } });
      return (h?.contents as MarkupContent | undefined)?.value ?? '';
    };
    const teams = await hoverAt('var.teams');
    assert.match(teams, /Each team's administrator role/);
    assert.match(teams, /from terraform\.tfvars/);
    assert.match(await hoverAt('module.app_role.role_arn'), /role\/orders-app/);
  });

  it('a hover on a variable of a module lists what each call of the workspace passes', async () => {
    const module = uri('modules', 'kms-key', 'main.tf');
    const text = readFileSync(at('modules', 'kms-key', 'main.tf'), 'utf8');
    await ws.client().open(module, 'terraform', text);
    const offset = text.indexOf('var.user_arns') + 5;
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
    const h = await ws.client().conn.sendRequest(HoverRequest.type, { textDocument: { uri: module }, position: { line, character } });
    const md = (h?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(md, /`module\.orders_key` at live\/main\.tf:12: `\["arn:aws:iam::<this account>:role\/orders-app"\]` \(partly known\)|`module\.orders_key` at live\/main\.tf:12: .*orders-app/);
    assert.match(md, /`module\.public_key` at live\/main\.tf:20: `\["\*"\]`/);
    assert.match(md, /`module\.team_keys` at live\/main\.tf:28: `\["arn:aws:iam::111122223333:role\/auditor"\]`/);
  });

  it('a called module changed on disk: the caller is analysed again', async () => {
    const main = uri('live', 'main.tf');
    const module = at('modules', 'kms-key', 'main.tf');
    // The module now narrows its users to the caller's account: the public argument is no longer public.
    const narrowed = readFileSync(module, 'utf8').replace(
      '      identifiers = var.user_arns\n    }\n',
      '      identifiers = var.user_arns\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "kms:CallerAccount"\n      values   = ["111122223333"]\n    }\n',
    );
    assert.notEqual(narrowed, readFileSync(module, 'utf8'));
    writeFileSync(module, narrowed);
    await ws.client().filesChanged([{ uri: uri('modules', 'kms-key', 'main.tf'), type: FileChangeType.Changed }]);
    const diags = await ws.client().diagnosticsUntil(main, (d) => d.filter((x) => x.code === 'public-principal').length === 1);
    assert.deepEqual(diags.filter((d) => d.code === 'public-principal').map((d) => d.range.start.line + 1), [40]);
  });
});
