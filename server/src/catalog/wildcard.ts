/**
 * IAM wildcards, matched without regular expressions. In an action, an ARN or a `...Like` condition value,
 * `*` stands for any run of characters (none included) and `?` for exactly one character (one UTF-16 code
 * unit); every other character stands for itself. There is no escape: a policy cannot match a literal `*`.
 *
 * Policy text is untrusted, so both questions are answered in bounded time whatever the input:
 * - `wildcardMatch` (does a pattern match a string?) places the pieces between stars one after the other,
 *   each at its leftmost fit: linear for the patterns people write, O(n·m/32) at worst (a piece with `?`
 *   is searched bit-parallel);
 * - `wildcardsOverlap` (is there a string both patterns match?) walks the pair of positions, O(n·m).
 * A RegExp built from the pattern would backtrack exponentially on `*a*a*a…b` (DESIGN.md §8).
 */

const STAR = 42; // '*'
const QUESTION = 63; // '?'

export interface WildcardOptions {
  /** Compare letters A-Z case-insensitively (action names and service prefixes). Default: case-sensitive. */
  ignoreCase?: boolean;
}

/** True when `text` is one of the strings `pattern` stands for. */
export function wildcardMatch(pattern: string, text: string, options?: WildcardOptions): boolean {
  if (options?.ignoreCase) {
    pattern = foldAscii(pattern);
    text = foldAscii(text);
  }
  return matchPieces(pattern, text, false);
}

/**
 * The matcher behind both questions. With `textWild`, each `?` in the star-free `text` is one unknown
 * character (it agrees with anything), which answers "do these patterns overlap?" when one of them has no star.
 */
function matchPieces(pattern: string, text: string, textWild: boolean): boolean {
  const first = pattern.indexOf('*');
  if (first < 0) return pattern.length === text.length && fitsAt(pattern, 0, pattern.length, text, 0, textWild);
  const last = pattern.lastIndexOf('*');
  // The piece before the first star is anchored at the start, the piece after the last one at the end.
  const tailStart = text.length - (pattern.length - last - 1);
  if (tailStart < first || !fitsAt(pattern, 0, first, text, 0, textWild) || !fitsAt(pattern, last + 1, pattern.length, text, tailStart, textWild)) return false;
  // Each piece between two stars goes at its leftmost fit after the previous one: a later fit never leaves
  // more room for the pieces that follow, so the first fit is as good as any.
  let at = first;
  for (let start = first + 1; start <= last; ) {
    const end = pattern.indexOf('*', start);
    if (end > start) {
      const found = leftmostFit(pattern, start, end, text, at, tailStart, textWild);
      if (found < 0) return false;
      at = found + (end - start);
    }
    start = end + 1;
  }
  return true;
}

/** True when some string matches both patterns (wildcards on both sides). */
export function wildcardsOverlap(a: string, b: string, options?: WildcardOptions): boolean {
  if (options?.ignoreCase) {
    a = foldAscii(a);
    b = foldAscii(b);
  }
  // A side without stars is a set of strings of one length: the piece matcher answers in near-linear time.
  if (!b.includes('*')) return matchPieces(a, b, b.includes('?'));
  if (!a.includes('*')) return matchPieces(b, a, a.includes('?'));
  const m = a.length;
  const n = b.length;
  // row[j] (row i): the first i characters of `a` and the first j of `b` can stand for the same string.
  // A star either ends (its pattern moves on) or takes the next character the other pattern produces; two
  // stars taking the same character at once are never needed (drop that character from both).
  let prev = new Uint8Array(n + 1);
  let row = new Uint8Array(n + 1);
  for (let i = 0; i <= m; i++) {
    const ca = i > 0 ? a.charCodeAt(i - 1) : -1;
    // The star that comes next in `a` may take the characters `b` produces.
    const aStarNext = i < m && a.charCodeAt(i) === STAR;
    let any = 0;
    for (let j = 0; j <= n; j++) {
      const cb = j > 0 ? b.charCodeAt(j - 1) : -1;
      let v = i === 0 && j === 0 ? 1 : 0;
      // Moving along `b`: its star ends, or the star next in `a` takes b's character.
      if (j > 0 && row[j - 1] === 1 && (cb === STAR || aStarNext)) v = 1;
      else if (i > 0) {
        if (ca === STAR) v |= prev[j];
        else {
          // b's next character is a star that takes a's character; or the two characters agree.
          if (j < n && b.charCodeAt(j) === STAR) v |= prev[j];
          if (j > 0 && cb !== STAR && (ca === cb || ca === QUESTION || cb === QUESTION)) v |= prev[j - 1];
        }
      }
      row[j] = v;
      any |= v;
    }
    if (!any) return false;
    [prev, row] = [row, prev];
  }
  return prev[n] === 1;
}

/** True when the pattern matches every string (it is made of stars only). */
export function matchesEverything(pattern: string): boolean {
  if (pattern.length === 0) return false;
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) !== STAR) return false;
  return true;
}

/** Does the star-free piece `pattern[ps, pe)` match `text` at `at`? */
function fitsAt(pattern: string, ps: number, pe: number, text: string, at: number, textWild: boolean): boolean {
  if (at < 0 || at + (pe - ps) > text.length) return false;
  for (let k = ps, t = at; k < pe; k++, t++) {
    const c = pattern.charCodeAt(k);
    if (c === QUESTION) continue;
    const d = text.charCodeAt(t);
    if (c !== d && !(textWild && d === QUESTION)) return false;
  }
  return true;
}

/** The first position in [from, limit - length] where the star-free piece `pattern[ps, pe)` fits, or -1. */
function leftmostFit(pattern: string, ps: number, pe: number, text: string, from: number, limit: number, textWild: boolean): number {
  const len = pe - ps;
  const piece = pattern.slice(ps, pe);
  if (!piece.includes('?') && !textWild) {
    const k = text.indexOf(piece, from);
    return k >= 0 && k + len <= limit ? k : -1;
  }
  const starts = limit - len - from + 1;
  if (starts <= 0) return -1;
  // Trying each start costs up to `len` comparisons there; past a small budget, the bit-parallel scan is
  // bounded by (characters scanned) x (len / 32) whatever the text.
  if (starts * len > 4096) return bitParallelFit(piece, text, from, limit, textWild);
  for (let k = from; k < from + starts; k++) if (fitsAt(pattern, ps, pe, text, k, textWild)) return k;
  return -1;
}

/**
 * Shift-And: bit j of the state says that the piece's first j + 1 characters match the text ending here.
 * Returns the start of the first fit inside [from, limit), or -1.
 */
function bitParallelFit(piece: string, text: string, from: number, limit: number, textWild: boolean): number {
  const len = piece.length;
  const words = (len + 31) >>> 5;
  // Where the piece accepts any character, and, per character it names, where it accepts that character.
  const any = new Uint32Array(words);
  const named = new Map<number, Uint32Array>();
  for (let j = 0; j < len; j++) {
    const c = piece.charCodeAt(j);
    if (c === QUESTION) any[j >>> 5] |= 1 << (j & 31);
  }
  for (let j = 0; j < len; j++) {
    const c = piece.charCodeAt(j);
    if (c === QUESTION) continue;
    let mask = named.get(c);
    if (!mask) named.set(c, (mask = any.slice()));
    mask[j >>> 5] |= 1 << (j & 31);
  }
  const all = new Uint32Array(words).fill(0xffffffff);
  const state = new Uint32Array(words);
  const lastWord = words - 1;
  const lastBit = (len - 1) & 31;
  for (let t = from; t < limit; t++) {
    const c = text.charCodeAt(t);
    const mask = textWild && c === QUESTION ? all : (named.get(c) ?? any);
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const d = state[w];
      state[w] = ((d << 1) | carry) & mask[w];
      carry = d >>> 31;
    }
    if ((state[lastWord] >>> lastBit) & 1) return t - len + 1;
  }
  return -1;
}

/** Lower-cases A-Z only: the length stays the same, so `?` still stands for one character. */
function foldAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.slice(0, i) + s.slice(i).replace(/[A-Z]/g, (x) => x.toLowerCase());
  }
  return s;
}
