/**
 * Input limits that keep analysis bounded whatever is typed. Key policies are at most 32 KB and nest a few
 * levels deep; anything far beyond that is reported once instead of analysed.
 */

/**
 * True when the text holds at most `limit` opening brackets (`{`, `[`, `(`, in strings too): it cannot nest
 * deeper than that. A cheap bound (the search for a character is vectorised) that spares most documents the
 * scan of `nestingDepth`.
 */
export function fewBrackets(text: string, limit: number): boolean {
  let count = 0;
  for (const b of OPENING) for (let i = text.indexOf(b); i >= 0; i = text.indexOf(b, i + 1)) if (++count > limit) return false;
  return true;
}

const OPENING = ['{', '[', '('];

/**
 * Deepest bracket nesting (`{`, `[`, `(`) outside string literals, scanning at most until `stopAt` is
 * exceeded. Linear time, no recursion.
 */
export function nestingDepth(text: string, stopAt: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */ || c === 10) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91 || c === 40) {
      if (++depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if ((c === 125 || c === 93 || c === 41) && depth > 0) depth--;
  }
  return max;
}
