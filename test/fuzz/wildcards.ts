import { evaluate } from '../../server/src/access';
import { analyze } from '../../server/src/analyze';
import { wildcardMatch, wildcardsOverlap } from '../../server/src/catalog/wildcard';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { rng } from './fuzz';

/**
 * Adversarial wildcards: patterns that make a backtracking matcher (a RegExp built from the pattern) take
 * exponential or long polynomial time, with strings whose outcome is known by construction. Used by the unit
 * tests, the CLI and server tests (through policies) and `npm run fuzz`.
 */

export interface WildcardCase {
  name: string;
  pattern: string;
  text: string;
  expected: boolean;
}

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)];

/** Cases of about `size` characters (pattern or text), each answered by construction. */
export function adversarialWildcards(r: () => number, size: number): WildcardCase[] {
  const k = Math.max(1, Math.floor(size / 2));
  const out: WildcardCase[] = [
    // `*a*a*a…*ab`: every star can take any run of a's before the final b is found missing.
    { name: '*a*a…*ab on a…a', pattern: '*a'.repeat(k) + 'b', text: 'a'.repeat(size), expected: false },
    { name: '*a*a…*ab on a…ab', pattern: '*a'.repeat(k) + 'b', text: 'a'.repeat(size) + 'b', expected: true },
    // `*?*?*?…#`: the action shape that hung the server.
    { name: '*?*?…# on x…x', pattern: '*?'.repeat(k) + '#', text: 'x'.repeat(size), expected: false },
    { name: '*?*?…# on x…x#', pattern: '*?'.repeat(k) + '#', text: 'x'.repeat(size) + '#', expected: true },
    { name: '*?*?…# on a short #', pattern: '*?'.repeat(k) + '#', text: 'x'.repeat(k - 1) + '#', expected: false },
    { name: 'a*a*…a on fewer a', pattern: 'a*'.repeat(k) + 'a', text: 'a'.repeat(k), expected: false },
    { name: 'a*a*…a on as many a', pattern: 'a*'.repeat(k) + 'a', text: 'a'.repeat(k + 1), expected: true },
    // Pieces with `?` between stars: each is searched for at every position.
    { name: '*a?a?…b* on a…a', pattern: '*' + 'a?'.repeat(Math.floor(k / 2)) + 'b*', text: 'a'.repeat(size), expected: false },
    { name: '*a?a?…b* on a…ab', pattern: '*' + 'a?'.repeat(Math.floor(k / 2)) + 'b*', text: 'a'.repeat(size) + 'b', expected: true },
    // Long literal pieces that almost fit everywhere.
    { name: '*aaa…ab*aaa…ab on a…a', pattern: ('*' + 'a'.repeat(Math.floor(k / 4)) + 'b').repeat(2) + '*', text: 'a'.repeat(size), expected: false },
  ];
  // A random text and a pattern cut from it (some characters turned into `?`, some runs into `*`): a match.
  const text = Array.from({ length: size }, () => pick(['a', 'b', ':', '/', '*'], r)).join('');
  let planted = '';
  for (let i = 0; i < text.length; ) {
    const roll = r();
    if (roll < 0.25) {
      planted += '*';
      i += Math.floor(r() * 4);
    } else {
      planted += roll < 0.5 ? '?' : text[i];
      i++;
    }
  }
  out.push({ name: 'a pattern cut from its text', pattern: planted, text, expected: true });
  // The same pattern with a character no text has: never a match, however the stars are placed.
  const at = Math.floor(r() * planted.length);
  out.push({ name: 'the cut pattern with a foreign character', pattern: planted.slice(0, at) + '#' + planted.slice(at), text, expected: false });
  return out;
}

/**
 * A key policy whose actions and aws:PrincipalArn conditions are adversarial patterns of about `size`
 * characters, and a role of a long name for them to be matched against. Analysis and the access matrix must
 * both finish.
 */
export function adversarialPolicy(r: () => number, size: number): string {
  const cases = adversarialWildcards(r, size);
  const c = () => pick(cases, r).pattern;
  const role = `arn:aws:iam::111122223333:role/${'a'.repeat(size)}`;
  const operator = pick(['StringLike', 'ArnLike', 'StringNotLike', 'ArnNotLike', 'ForAnyValue:StringLike'], r);
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Role', Effect: 'Allow', Principal: { AWS: role }, Action: ['kms:' + c(), c(), 'kms:Decrypt'], Resource: '*' },
        { Sid: 'Not', Effect: 'Deny', Principal: { AWS: role }, NotAction: ['kms:' + c()], Resource: '*' },
        {
          Sid: 'Anyone',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: {
            [operator]: { 'aws:PrincipalArn': [`arn:aws:iam::111122223333:role/${c()}`, c(), `arn:aws:iam::${c()}:${c()}`] },
            StringLike: { 'kms:ViaService': c(), 'kms:CallerAccount': c() },
          },
        },
      ],
    },
    null,
    2,
  );
}

/** The role the adversarial patterns are matched against: a name of 10,000 a's. */
export const LONG_ROLE = `arn:aws:iam::111122223333:role/${'a'.repeat(10000)}`;

/**
 * A key policy with the patterns that hung the engine, each of 10,000 characters, and known outcomes for
 * LONG_ROLE: Decrypt allowed (the action pattern beside it matches nothing), Encrypt not granted (its
 * `*a*a…*ab` condition needs a b), GenerateDataKey allowed (`a*a*…a` needs 5,001 a's and gets 10,000).
 */
export const WILDCARD_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Role', Effect: 'Allow', Principal: { AWS: LONG_ROLE }, Action: ['kms:' + '*?'.repeat(5000) + '#', 'kms:Decrypt'], Resource: '*' },
      {
        Sid: 'StringLike',
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Encrypt',
        Resource: '*',
        Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/' + '*a'.repeat(5000) + 'b' } },
      },
      {
        Sid: 'ArnLike',
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:GenerateDataKey',
        Resource: '*',
        Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/' + 'a*'.repeat(5000) + 'a' } },
      },
    ],
  },
  null,
  2,
);

export interface WildcardFuzzReport {
  inputs: number;
  failures: { seed: number; problem: string }[];
  slowest: { ms: number; what: string };
}

/**
 * `count` rounds from `seed`: each checks the generated cases (sizes up to 20,000) against their known
 * outcomes, the overlap of each pattern with its text, and runs a policy of such patterns through analysis
 * and the access matrix. `boundMs` flags a round that takes far too long (a hang).
 */
export function fuzzWildcards(count: number, seed: number, boundMs = 10000): WildcardFuzzReport {
  const report: WildcardFuzzReport = { inputs: 0, failures: [], slowest: { ms: 0, what: '' } };
  for (let n = 0; n < count; n++) {
    const s = seed + n;
    const r = rng(s);
    const size = 1 + Math.floor(r() ** 2 * 20000);
    const fail = (problem: string) => report.failures.push({ seed: s, problem });
    const t0 = performance.now();
    try {
      for (const c of adversarialWildcards(r, size)) {
        report.inputs++;
        if (wildcardMatch(c.pattern, c.text) !== c.expected) fail(`${c.name} (size ${size}): expected ${c.expected}`);
        // The text has no wildcard but `*` characters, which the overlap reads as stars: only check a match.
        if (c.expected && !c.text.includes('*') && !wildcardsOverlap(c.pattern, c.text)) fail(`${c.name} (size ${size}): matches, yet does not overlap its text`);
      }
      const text = adversarialPolicy(r, size);
      report.inputs++;
      const analysis = analyze({ path: 'adversarial.kms.json', text, force: true });
      for (const e of analysis.internalErrors ?? []) fail(`policy (size ${size}): ${e.split('\n')[0]}`);
      for (const src of analysis.sources) if (src.keyPolicy && src.policy.root) evaluate(src, { whatIf: ['111122223333'], settings: DEFAULT_SETTINGS });
    } catch (e) {
      fail(`threw: ${(e as Error).stack ?? e}`);
    }
    const ms = performance.now() - t0;
    if (ms > report.slowest.ms) report.slowest = { ms, what: `seed ${s}, size ${size}` };
    if (ms > boundMs) fail(`round took ${Math.round(ms)} ms (size ${size})`);
  }
  return report;
}
