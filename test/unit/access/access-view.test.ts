import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { accessFor, evaluate, namedIn } from '../../../server/src/access';
import { analyze } from '../../../server/src/analyze';
import { KEY_POLICY_ACTIONS } from '../../../server/src/catalog';
import { DEFAULT_SETTINGS, type KeyscopeSettings } from '../../../server/src/settings';
import { initTerraform } from '../../../server/src/terraform';
import { AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';
import { corpusFiles, ownFiles } from '../../helpers/corpus';

const ACTIONS = KEY_POLICY_ACTIONS.map((a) => `kms:${a.name}`);
const DEPLOYER: KeyscopeSettings = { ...DEFAULT_SETTINGS, deployerArn: 'arn:aws:iam::111122223333:role/deployer', accounts: { '111122223333': { stage: 'prod' } } };

/** The on-demand view the rules read agrees with the full matrix, cell by cell, and `names` never hides a cell `namedIn` would count. */
function agree(path: string, text: string, settings: KeyscopeSettings): number {
  let cells = 0;
  for (const source of analyze({ path, text, force: true, settings }).sources) {
    const full = evaluate(source, { settings, whatIf: settings.deployerArn ? [settings.deployerArn] : [] });
    const view = accessFor(source, settings);
    assert.equal(view.keyAccount, full.keyAccount, path);
    assert.deepEqual(
      view.rows.map((r) => [r.id, r.label, r.kind, r.account, r.crossAccount]),
      full.rows.map((r) => [r.id, r.label, r.kind, r.account, r.crossAccount]),
      path,
    );
    full.rows.forEach((row, i) => {
      for (const a of ACTIONS) {
        const d = view.rows[i].cell(a);
        assert.deepEqual(d, row.actions[a], `${path}: ${row.id} ${a}`);
        if (namedIn(source.policy, d.statements, row.id)) assert.ok(view.names(row.id, a), `${path}: ${row.id} ${a} is named`);
        cells++;
      }
    });
  }
  return cells;
}

describe('the access view the rules read', () => {
  before(() => initTerraform());

  it('decides every cell as the full matrix does, on our realistic fixtures, the reference policies and the corpus (when set)', () => {
    const inputs = [
      ...[...ownFiles(), ...corpusFiles()].map((f) => ({ path: f, text: readFileSync(f, 'utf8') })),
      ...[AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE].map((text, i) => ({ path: `ref-${i}.kms.json`, text })),
    ];
    let cells = 0;
    for (const { path, text } of inputs) cells += agree(path, text, DEFAULT_SETTINGS) + agree(path, text, DEPLOYER);
    assert.ok(cells > 5000, `only ${cells} cells compared`);
  });

  it('is shared by the rules of one analysis and follows a change of settings', () => {
    const source = analyze({ path: 'p.kms.json', text: AWS_DEFAULT, force: true }).sources[0];
    assert.equal(accessFor(source, DEFAULT_SETTINGS), accessFor(source, DEFAULT_SETTINGS));
    const deployer = accessFor(source, DEPLOYER);
    assert.notEqual(deployer, accessFor(source, DEFAULT_SETTINGS));
    assert.ok(deployer.rows.some((r) => r.kind === 'what-if' && r.id === DEPLOYER.deployerArn));
  });
});
