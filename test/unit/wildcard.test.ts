import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchActions } from '../../server/src/catalog';
import { matchesEverything, wildcardMatch, wildcardsOverlap } from '../../server/src/catalog/wildcard';
import { rng } from '../fuzz/fuzz';
import { adversarialWildcards } from '../fuzz/wildcards';

/** The slow, obviously right reference: every way `*` can split the text, memoised on the two positions. */
function reference(pattern: string, text: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (text.length + 1) + j;
    let hit = memo.get(key);
    if (hit !== undefined) return hit;
    if (i === pattern.length) hit = j === text.length;
    else if (pattern[i] === '*') hit = go(i + 1, j) || (j < text.length && go(i, j + 1));
    else hit = j < text.length && (pattern[i] === '?' || pattern[i] === text[j]) && go(i + 1, j + 1);
    memo.set(key, hit);
    return hit;
  };
  return go(0, 0);
}

/**
 * Is there a string both patterns match? Recursion over the two positions: a star ends, or takes one
 * character from the other side's next literal or `?`; two literals must agree.
 */
function referenceOverlap(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    let hit = memo.get(key);
    if (hit !== undefined) return hit;
    if (i === a.length && j === b.length) hit = true;
    else if (a[i] === '*') hit = go(i + 1, j) || (j < b.length && b[j] !== '*' && go(i, j + 1)) || (b[j] === '*' && go(i, j + 1));
    else if (b[j] === '*') hit = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else hit = i < a.length && j < b.length && (a[i] === b[j] || a[i] === '?' || b[j] === '?') && go(i + 1, j + 1);
    memo.set(key, hit);
    return hit;
  };
  return go(0, 0);
}

/** What the engine used to do (a RegExp per pattern); only ever fed short generated patterns here. */
function oldRegExp(pattern: string, ignoreCase: boolean): RegExp {
  return new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', ignoreCase ? 'i' : '');
}

/** A-Z to a-z, as `ignoreCase` folds. */
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

const word = (r: () => number, alphabet: string, max: number) => Array.from({ length: Math.floor(r() * (max + 1)) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');

/** Every string over `alphabet` of length 0..max. */
function* strings(alphabet: string, max: number): Generator<string> {
  let level = [''];
  for (let len = 0; len <= max; len++) {
    yield* level;
    level = level.flatMap((s) => [...alphabet].map((c) => s + c));
  }
}

describe('wildcardMatch', () => {
  const cases: [pattern: string, text: string, expected: boolean, ignoreCase?: boolean][] = [
    ['*', '', true],
    ['*', 'anything at all', true],
    ['', '', true],
    ['', 'x', false],
    ['?', '', false],
    ['?', 'x', true],
    ['??', 'x', false],
    ['Re*', 'ReEncryptFrom', true],
    ['Re*', 'Decrypt', false],
    ['*Key', 'DescribeKey', true],
    ['*Key', 'DescribeKeys', false],
    ['Get*Key*', 'GetPublicKey', true],
    ['Get?ey', 'GetKey', true],
    ['*crypt', 'Decrypt', true],
    ['Encrypt', 'encrypt', false],
    ['Encrypt', 'encrypt', true, true],
    ['RE*', 're-encrypt', true, true],
    ['k*s', 'KMS', true, true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['a*a*a', 'aa', false],
    ['a*a*a', 'aaa', true],
    ['*a*ab', 'aaab', true],
    ['*a*ab', 'aaaba', false],
    // A literal dot, bracket or backslash is just a character, as in AWS.
    ['role/a.b', 'role/aXb', false],
    ['role/[ab]', 'role/[ab]', true],
    ['a\\*', 'a\\xyz', true],
    // `*` and `?` match any character, line breaks included (a RegExp's `.` did not).
    ['a*b', 'a\nb', true],
    ['a?b', 'a\u2028b', true],
    // Only A-Z fold: `?` keeps standing for one character.
    ['?', 'İ', true, true],
    ['i', 'İ', false, true],
  ];
  for (const [p, t, expected, ignoreCase] of cases) {
    it(`${JSON.stringify(p)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(t)}${ignoreCase ? ' (ignoring case)' : ''}`, () => {
      assert.equal(wildcardMatch(p, t, { ignoreCase }), expected);
      assert.equal(reference(ignoreCase ? fold(p) : p, ignoreCase ? fold(t) : t), expected);
    });
  }

  it('agrees with the exhaustive reference and the old RegExp on 20,000 random short pairs', () => {
    const r = rng(1307);
    let matched = 0;
    for (let n = 0; n < 20000; n++) {
      const p = word(r, 'ab*?A', 8);
      const t = word(r, n % 2 ? 'ab' : 'abAB\n', 9);
      const ignoreCase = r() < 0.3;
      const got = wildcardMatch(p, t, { ignoreCase });
      assert.equal(got, reference(ignoreCase ? fold(p) : p, ignoreCase ? fold(t) : t), `${JSON.stringify(p)} on ${JSON.stringify(t)}`);
      if (!t.includes('\n')) assert.equal(got, oldRegExp(p, ignoreCase).test(t), `${JSON.stringify(p)} on ${JSON.stringify(t)} (old RegExp)`);
      if (got) matched++;
    }
    assert.ok(matched > 2000 && matched < 18000, `a useful mix of outcomes: ${matched} matches`);
  });

  it('agrees with the reference on 2,000 random long pieces with `?` (the bit-parallel search)', () => {
    const r = rng(2026);
    for (let n = 0; n < 2000; n++) {
      // Pieces of up to 70 characters, mostly `?`, searched in texts of up to 400: past the naive budget.
      const piece = () => word(r, '????????ab', 70);
      const p = (r() < 0.5 ? '' : piece()) + '*' + piece() + (r() < 0.5 ? '*' + piece() : '') + (r() < 0.5 ? '*' : '');
      const t = word(r, r() < 0.5 ? 'ab' : 'aaaaaaab', 400);
      assert.equal(wildcardMatch(p, t), reference(p, t), `${JSON.stringify(p)} on ${JSON.stringify(t)}`);
    }
  });

  it('answers the adversarial patterns of 10,000 characters', () => {
    const r = rng(42);
    for (const { pattern, text, expected } of adversarialWildcards(r, 10000)) {
      assert.equal(pattern.length >= 10000 || text.length >= 10000, true);
      assert.equal(wildcardMatch(pattern, text), expected, `${pattern.slice(0, 40)}… on ${text.slice(0, 40)}…`);
    }
  });

  it('matchActions reads a 10,000-character action pattern', () => {
    assert.deepEqual(matchActions('kms:' + '*?'.repeat(5000) + '#'), []);
    assert.equal(matchActions('kms:' + '*'.repeat(10000)).length, matchActions('kms:*').length);
    assert.deepEqual(matchActions('kms:' + '*?'.repeat(5000)), [], 'no action name has 5,000 characters');
    assert.deepEqual(matchActions('KMS:*' + '*'.repeat(9996) + 'decrypt').map((a) => a.name), ['Decrypt']);
    assert.deepEqual(matchActions('k*' + '*?'.repeat(5000) + ':Decrypt').map((a) => a.name), []);
  });
});

describe('wildcardsOverlap', () => {
  const cases: [a: string, b: string, expected: boolean][] = [
    ['role/*', 'role/app', true],
    ['role/*', 'user/*', false],
    ['*', 'group/*', true],
    ['group/*', 'role/*', false],
    ['*/app', 'role/*', true],
    ['r?le/*', '?ole/x', true],
    ['a*', '*b', true],
    ['a?', '?b', true],
    ['a?', 'b?', false],
    ['ab*', '*ba', true], // "aba"
    ['a', 'a*', true],
    ['', '*', true],
    ['', '?', false],
    ['???', '*a*a*a*a', false],
  ];
  for (const [a, b, expected] of cases) {
    it(`${JSON.stringify(a)} and ${JSON.stringify(b)} ${expected ? 'share' : 'share no'} string`, () => {
      assert.equal(wildcardsOverlap(a, b), expected);
      assert.equal(wildcardsOverlap(b, a), expected);
    });
  }

  it('agrees with a search over every short string on 1,500 random pairs', () => {
    const r = rng(99);
    let overlapping = 0;
    for (let n = 0; n < 1500; n++) {
      const a = word(r, 'ab*?', 4);
      const b = word(r, 'ab*?', 4);
      // A common string, when there is one, needs at most one character per non-star character of the two
      // patterns; `c` stands for every character neither pattern names.
      const max = a.replaceAll('*', '').length + b.replaceAll('*', '').length;
      let witness = false;
      for (const s of strings('abc', max)) {
        if (wildcardMatch(a, s) && wildcardMatch(b, s)) {
          witness = true;
          break;
        }
      }
      assert.equal(wildcardsOverlap(a, b), witness, `${JSON.stringify(a)} and ${JSON.stringify(b)}`);
      assert.equal(referenceOverlap(a, b), witness, `reference: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
      if (witness) overlapping++;
    }
    assert.ok(overlapping > 300 && overlapping < 1300, `a useful mix of outcomes: ${overlapping} overlapping`);
  });

  it('agrees with the reference on 2,000 random longer pairs, one side often without stars', () => {
    const r = rng(7);
    for (let n = 0; n < 2000; n++) {
      const a = word(r, 'ab*????', 60);
      const b = word(r, r() < 0.5 ? 'ab??????' : 'ab*??', 120);
      assert.equal(wildcardsOverlap(a, b), referenceOverlap(a, b), `${JSON.stringify(a)} and ${JSON.stringify(b)}`);
      assert.equal(wildcardsOverlap(b, a), referenceOverlap(a, b), `${JSON.stringify(b)} and ${JSON.stringify(a)}`);
    }
  });

  it('compares patterns of 10,000 characters', () => {
    const a = '*a'.repeat(5000) + 'b';
    assert.equal(wildcardsOverlap(a, 'a'.repeat(10000)), false);
    assert.equal(wildcardsOverlap(a, '*b'), true);
    assert.equal(wildcardsOverlap(a, '?'.repeat(10000) + '?'), true);
    assert.equal(wildcardsOverlap(a, '?'.repeat(5000)), false);
    assert.equal(wildcardsOverlap('*?'.repeat(5000) + '#', 'x'.repeat(10000) + '#'), true);
    // Stars on both sides: the pair walk, on patterns of 3,000 characters.
    assert.equal(wildcardsOverlap('*a'.repeat(1500) + 'b', '*?'.repeat(1500) + 'a'), false);
    assert.equal(wildcardsOverlap('*a'.repeat(1500) + 'b', '*?'.repeat(1500) + 'b'), true);
    assert.equal(wildcardsOverlap('*a'.repeat(1500) + 'b', 'b*' + 'a?'.repeat(1499)), true);
    assert.equal(wildcardsOverlap('*a'.repeat(1500) + 'b', 'b*' + '?a'.repeat(1499)), false);
  });

  it('knows the patterns made of stars only', () => {
    assert.equal(matchesEverything('*'), true);
    assert.equal(matchesEverything('***'), true);
    assert.equal(matchesEverything(''), false);
    assert.equal(matchesEverything('*?'), false);
  });
});
