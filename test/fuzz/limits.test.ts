import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/analyze';
import { initTerraform } from '../../server/src/terraform';

const statement = (i: number) => ({ Sid: `S${i}`, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::111122223333:role/r${i}` }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' });

/** Inputs far beyond any real key policy; each must give a result or one clear diagnostic, never a crash. */
const CASES: Record<string, { path: string; text: () => string; limited: boolean }> = {
  '5 MB file': { path: 'big.kms.json', text: () => JSON.stringify({ Version: '2012-10-17', Statement: [statement(0)], Pad: 'x'.repeat(5 * 1024 * 1024) }), limited: true },
  '10,000 statements': { path: 'many.kms.json', text: () => JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 10000 }, (_, i) => statement(i)) }), limited: false },
  'nesting 1,000 deep': { path: 'deep.kms.json', text: () => '{"Statement":' + '['.repeat(1000) + ']'.repeat(1000) + '}', limited: true },
  'nesting 100,000 deep, unclosed': { path: 'deeper.kms.json', text: () => '{"a":'.repeat(100000), limited: true },
  '100,000-character string': { path: 'long.kms.json', text: () => JSON.stringify({ Version: '2012-10-17', Statement: [{ ...statement(1), Sid: 'x'.repeat(100000) }] }), limited: false },
  'binary garbage': { path: 'garbage.kms.json', text: () => Array.from({ length: 300000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''), limited: false },
  'binary garbage as Terraform': { path: 'garbage.tf', text: () => Array.from({ length: 100000 }, (_, i) => String.fromCharCode((i * 104729) % 65536)).join(''), limited: false },
  'huge Terraform nesting': { path: 'deep.tf', text: () => 'locals {\n  x = ' + '{ a = '.repeat(20000) + '\n}\n', limited: true },
};

describe('limits', () => {
  before(() => initTerraform());
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${c.limited ? 'one analysis-limit diagnostic' : 'analysed without an exception'}`, () => {
      const text = c.text();
      const result = analyze({ path: c.path, text, force: true });
      for (const f of result.findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length);
      const limits = result.findings.filter((f) => f.ruleId === 'analysis-limit');
      if (c.limited) {
        assert.equal(result.findings.length, 1, result.findings.map((f) => f.ruleId).join(', '));
        assert.equal(limits.length, 1);
        assert.match(limits[0].message, /^Not analysed: /);
      } else assert.equal(limits.length, 0);
    });
  }
});
