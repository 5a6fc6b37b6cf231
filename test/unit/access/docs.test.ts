import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ACTIONS, CAPABILITIES, CAPABILITY_LABELS } from '../../../server/src/catalog';

describe('docs/access-matrix.md', () => {
  const text = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'access-matrix.md'), 'utf8');
  it('lists every key-policy action under its capability, as the catalogue does', () => {
    for (const cap of CAPABILITIES) {
      const expected = ACTIONS.filter((a) => a.keyPolicy && a.capability === cap).map((a) => `\`${a.name}\``).join(', ');
      assert.ok(text.includes(`| ${CAPABILITY_LABELS[cap]} | ${expected} |`), `the ${CAPABILITY_LABELS[cap]} row is out of date`);
    }
  });
});
