import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTolerant } from '../../../server/src/policy/json';
import { readStrictJson } from '../../../server/src/policy/json-strict';
import { policyJson } from '../../../scripts/bench-inputs';
import { AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';
import { corpusFiles } from '../../helpers/corpus';

/** The fast path either declines or builds exactly the model the tolerant reader builds. */
function same(text: string, base = 0): 'strict' | 'declined' {
  const strict = readStrictJson(text, base);
  const tolerant = parseTolerant(text, base);
  if (!strict) return 'declined';
  assert.deepStrictEqual(strict, tolerant.root);
  assert.deepEqual(tolerant.errors, []);
  return 'strict';
}

const examples = join(__dirname, '..', '..', '..', 'examples');

describe('strict JSON fast path', () => {
  it('builds the tolerant model for every well-formed policy of the corpus, the examples and the fixtures', () => {
    const texts = [
      ...corpusFiles().filter((f) => f.endsWith('.json')).map((f) => readFileSync(f, 'utf8')),
      ...readdirSync(examples).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(examples, f), 'utf8')),
      ...[AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE].map((p) => (typeof p === 'string' ? p : JSON.stringify(p, null, 2))),
      policyJson(300),
    ];
    for (const text of texts) {
      const fast = same(text);
      // Every text the tolerant reader takes without a problem is taken by the fast path too.
      if (parseTolerant(text).errors.length === 0 && text.trim()) assert.equal(fast, 'strict', text.slice(0, 200));
    }
  });

  it('reads strings, numbers, literals and nesting as the tolerant reader does, at any base offset', () => {
    const valid = [
      '{"a": "x\\"y\\\\z\\u00e9\\n", "b": -1.5e3, "c": 0, "d": true, "e": false, "f": null}',
      '{"a": {}, "b": [], "c": [[], {}, [[{"d": []}]]], "a": "duplicate keys are kept"}',
      '  {\r\n\t"emoji": "😀 \\ud83d\\ude00", "s": "€"\n}\n',
      '"a lone string"',
      '[1, 2.5, -0, 1E+2, "x", null]',
      '42',
    ];
    for (const text of valid) {
      assert.equal(same(text), 'strict', text);
      assert.equal(same(text, 17), 'strict', text);
    }
  });

  it('declines anything that is not strict JSON, so that the tolerant reader reports it', () => {
    const invalid = [
      '',
      '   ',
      '{"a": 1,}',
      '[1, 2,]',
      '{"a": 1 // comment\n}',
      '{"a": /* comment */ 1}',
      '{"a" 1}',
      '{a: 1}',
      "{'a': 1}",
      '{"a": 1} {"b": 2}',
      '{"a": [1, 2}',
      '{"a": 01}',
      '{"a": "unterminated}',
      '{"a": "bad \\x escape"}',
      '{"a": "control \u0001 char"}',
      '{"a": tru}',
      '{"a": .5}',
      '{"a": 1',
      '[',
      ',',
      '{"a": 1,, "b": 2}',
      '\uFEFF{}',
    ];
    for (const text of invalid) {
      assert.equal(readStrictJson(text), undefined, text);
      same(text);
    }
  });

  it('reads nesting far deeper than the call stack allows without recursion', () => {
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const root = readStrictJson(deep);
    assert.equal(root?.kind, 'array');
    assert.deepEqual(root?.span, { start: 0, end: 40000 });
  });
});
