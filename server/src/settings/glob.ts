/**
 * Globs of `files.include` and `overrides[].files`, matched against `/`-separated paths relative to the folder
 * of the `.keyscope.json` in force (or the workspace folder). The syntax is the documented subset only:
 *
 * - `*` any characters but `/` (dot files included), `?` one character but `/`;
 * - `**` as a whole path segment: any number of segments (`**` alone matches every path, `legacy/**` every
 *   file below `legacy/`);
 * - `[abc]`, `[a-z]`, `[!a-z]` (or `[^a-z]`): one character of (or not of) the set;
 * - `\` makes the next character literal.
 *
 * Braces, extended globs (`+(…)`, `@(…)`…), negation with a leading `!` and POSIX classes are refused with a
 * message rather than read literally. Matching runs the glob as a set of states over the path, one step per
 * character: time is at most (glob length x path length) whatever the glob, unlike a backtracking RegExp
 * (`*a*a*a*a*a*a*b` against sixty `a`s takes seconds in one). No RegExp is built from the glob.
 */

/** Longer globs are refused: real ones are a few dozen characters. */
export const MAX_GLOB_LENGTH = 512;

type Token =
  | { t: 'char'; c: number }
  | { t: 'one' }
  | { t: 'set'; ranges: number[]; negated: boolean }
  | { t: 'star' }
  | { t: 'segments' }
  | { t: 'all' };


const SLASH = 47;
const EXTGLOB_OPENERS = new Set(['+', '@', '!', '*', '?']);

/** Why `glob` is refused, or undefined when it is a glob of the documented syntax. */
export function globProblem(glob: string): string | undefined {
  const r = compile(glob);
  return typeof r === 'string' ? r : undefined;
}

/** True when `path` matches one of `globs`; globs that `globProblem` refuses match nothing. */
export function matchesAnyGlob(globs: readonly string[], path: string): boolean {
  for (const g of globs) {
    const c = compile(g);
    if (typeof c !== 'string' && run(c, path)) return true;
  }
  return false;
}

function compile(glob: string): Token[] | string {
  if (glob.length === 0) return 'an empty glob matches no file';
  if (glob.length > MAX_GLOB_LENGTH) return `a glob is at most ${MAX_GLOB_LENGTH} characters (this one has ${glob.length})`;
  let g = glob;
  while (g.startsWith('./')) g = g.slice(2);
  if (g.startsWith('/')) return 'a glob is relative to the folder of the configuration: it cannot start with /';
  if (g.startsWith('!')) return 'negated globs ("!…") are not supported: list the files to match';
  const tokens: Token[] = [];
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '\\') {
      if (i + 1 >= g.length) return 'a glob cannot end with a lone \\';
      tokens.push({ t: 'char', c: g.charCodeAt(++i) });
    } else if (ch === '{' || ch === '}') {
      return 'braces ({a,b}) are not supported: list each glob separately';
    } else if (ch === '(' && i > 0 && EXTGLOB_OPENERS.has(g[i - 1]) && g[i - 2] !== '\\') {
      return `extended globs (${g[i - 1]}(…)) are not supported: use *, **, ? and [...]`;
    } else if (ch === '*') {
      let end = i;
      while (g[end + 1] === '*') end++;
      const wholeSegment = end === i + 1 && (i === 0 || g[i - 1] === '/') && (end + 1 === g.length || g[end + 1] === '/');
      if (!wholeSegment) tokens.push({ t: 'star' });
      else if (end + 1 === g.length) {
        tokens.push({ t: 'all' }); // `**` at the end: everything below
      } else {
        tokens.push({ t: 'segments' });
        end++; // the `/` after `**` is part of the token
      }
      i = end;
    } else if (ch === '?') {
      tokens.push({ t: 'one' });
    } else if (ch === '[') {
      const set = readSet(g, i);
      if (typeof set === 'string') return set;
      tokens.push(set.token);
      i = set.end;
    } else {
      tokens.push({ t: 'char', c: g.charCodeAt(i) });
    }
  }
  return tokens;
}

function readSet(g: string, start: number): { token: Token; end: number } | string {
  let i = start + 1;
  const negated = g[i] === '!' || g[i] === '^';
  if (negated) i++;
  if (g.startsWith('[:', i)) return 'POSIX classes ([[:alpha:]]) are not supported: write the characters, e.g. [a-z]';
  const ranges: number[] = [];
  for (let first = true; i < g.length; first = false, i++) {
    if (g[i] === ']' && !first) return ranges.length ? { token: { t: 'set', ranges, negated }, end: i } : 'an empty [] matches nothing';
    let lo = g.charCodeAt(i);
    if (g[i] === '\\' && i + 1 < g.length) lo = g.charCodeAt(++i);
    let hi = lo;
    if (g[i + 1] === '-' && i + 2 < g.length && g[i + 2] !== ']') {
      i += 2;
      hi = g[i] === '\\' && i + 1 < g.length ? g.charCodeAt(++i) : g.charCodeAt(i);
      if (hi < lo) return `the range ${String.fromCharCode(lo)}-${String.fromCharCode(hi)} is backwards`;
    }
    ranges.push(lo, hi);
  }
  return 'a [ is not closed: write \\[ for a literal bracket';
}

function inSet(token: { ranges: number[]; negated: boolean }, c: number): boolean {
  let hit = false;
  for (let k = 0; k < token.ranges.length && !hit; k += 2) hit = c >= token.ranges[k] && c <= token.ranges[k + 1];
  return hit !== token.negated;
}

/** Runs the glob's states over the path, one character at a time. */
function run(tokens: Token[], path: string): boolean {
  const n = tokens.length;
  let active = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  const close = (states: Uint8Array) => {
    // Moves that read nothing only go forward: one pass in order reaches all of them.
    for (let i = 0; i < n; i++) {
      if (!states[i]) continue;
      const t = tokens[i].t;
      if (t === 'star' || t === 'segments' || t === 'all') states[i + 1] = 1;
    }
  };
  active[0] = 1;
  close(active);
  for (let p = 0; p < path.length; p++) {
    const c = path.charCodeAt(p);
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      const tok = tokens[i];
      switch (tok.t) {
        case 'char':
          if (tok.c === c) next[i + 1] = 1;
          break;
        case 'one':
          if (c !== SLASH) next[i + 1] = 1;
          break;
        case 'set':
          if (c !== SLASH && inSet(tok, c)) next[i + 1] = 1;
          break;
        case 'star':
          if (c !== SLASH) next[i] = 1;
          break;
        case 'segments':
          next[i] = 1;
          if (c === SLASH) next[i + 1] = 1;
          break;
        case 'all':
          next[i] = 1;
          break;
      }
      any = true;
    }
    if (!any) return false;
    close(next);
    [active, next] = [next, active];
  }
  return active[n] === 1;
}
