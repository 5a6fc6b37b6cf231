import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/rules';
import { REFERENCE_POLICIES } from '../fixtures/policies';
import { run } from '../helpers/rule-table';
import { renderRulesTable } from '../../scripts/rules-table';

const root = join(__dirname, '..', '..');
const INFRA = new Set(['index.ts', 'types.ts', 'helpers.ts']);

describe('rule registry', () => {
  const files = readdirSync(join(root, 'server/src/rules')).filter((f) => f.endsWith('.ts') && !INFRA.has(f));

  it('registers every rule file, in a module named after its id', () => {
    assert.deepEqual(files.map((f) => f.replace(/\.ts$/, '')).sort(), RULES.map((r) => r.meta.id).sort());
  });

  it('has unique kebab-case ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    it(`${id}: documented with the four headings, table-tested`, () => {
      const doc = join(root, 'docs/rules', `${id}.md`);
      assert.ok(existsSync(doc), `docs/rules/${id}.md is missing`);
      const text = readFileSync(doc, 'utf8');
      for (const h of ['## What it does', '## Why it matters', '## Example', '## Fix']) assert.ok(text.includes(h), `${id}.md lacks "${h}"`);
      assert.ok(existsSync(join(root, 'test/unit/rules', `${id}.test.ts`)), `test/unit/rules/${id}.test.ts is missing`);
    });
  }

  it('README rules table is generated from the registry (run `npm run docs`)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(renderRulesTable()), 'README rules table is out of date');
  });
});

describe('reference policies', () => {
  for (const [name, text] of Object.entries(REFERENCE_POLICIES)) {
    it(`${name} has no error or warning`, () => {
      const bad = run(text).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(bad.map((f) => `${f.ruleId}: ${f.message}`), []);
    });
  }
});
