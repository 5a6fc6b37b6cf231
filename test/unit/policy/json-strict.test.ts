import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseTolerant } from '../../../server/src/policy/json';
import { readStrictJson } from '../../../server/src/policy/json-strict';
import { policyJson } from '../../../scripts/bench-inputs';
import { AWS_DEFAULT, CONSOLE_DEFAULT, K9_LEAST_PRIVILEGE } from '../../fixtures/policies';
import { corpusFiles, ownFiles } from '../../helpers/corpus';

/** The fast path either declines or builds exactly the model the tolerant reader builds. */
function same(text: string, base = 0): 'strict' | 'declined' {
  const strict = readStrictJson(text, base);
  const tolerant = parseTolerant(text, base);
  if (!strict) return 'declined';
  assert.deepStrictEqual(strict, tolerant.root);
  assert.deepEqual(tolerant.errors, []);
  return 'strict';
}


describe('strict JSON fast path', () => {
  it('builds the tolerant model for every well-formed policy of our fixtures, the examples and the corpus (when set)', () => {
    const texts = [
      ...[...ownFiles(), ...corpusFiles()].filter((f) => f.endsWith('.json')).map((f) => readFileSync(f, 'utf8')),
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
      '["\\\\", "\\"", "\\/\\b\\f\\r\\t", "\\ud800 lone", "tab\\tand\\u2028", "1e400", 1e400, -0.0e-0]',
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

  it('agrees with the tolerant reader on thousands of damaged policies', () => {
    // Seeded, reproducible damage: JSON punctuation, quotes, escapes and letters inserted, deleted or swapped.
    let seed = 42;
    const rand = (k: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % k;
    };
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', '\\u', '1', '-', '.', 'e', 't', 'true', 'null', ' ', '\n', '\t', '/', '*', '\u0001'];
    const original = policyJson(20);
    let strict = 0;
    for (let n = 0; n < 3000; n++) {
      let text = original;
      for (let k = 1 + rand(3); k > 0; k--) {
        const at = rand(text.length);
        const what = rand(3);
        if (what === 0) text = text.slice(0, at) + text.slice(at + 1);
        else if (what === 1) text = text.slice(0, at) + pieces[rand(pieces.length)] + text.slice(at);
        else text = text.slice(0, at) + pieces[rand(pieces.length)] + text.slice(at + 1);
      }
      if (same(text) === 'strict') strict++;
      else assert.ok(parseTolerant(text).errors.length > 0, `declined a text the tolerant reader takes: ${JSON.stringify(text.slice(0, 300))}`);
    }
    assert.ok(strict > 100, `only ${strict} damaged texts were still strict JSON`);
  });

  it('reads nesting far deeper than the call stack allows without recursion', () => {
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const root = readStrictJson(deep);
    assert.equal(root?.kind, 'array');
    assert.deepEqual(root?.span, { start: 0, end: 40000 });
  });
});
