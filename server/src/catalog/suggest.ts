/** Did-you-mean suggestions for names of the catalogue (actions, condition keys, operators, elements). */

/** Levenshtein distance, for did-you-mean suggestions. */
export function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n];
}

/** Answers already given, per long list of candidates: the same misspelling is often written in many policies. */
const answered = new WeakMap<readonly string[], Map<string, string[]>>();
const MAX_ANSWERED = 2000;

/** The closest candidates to `word` (case-insensitive), best first, within a distance that scales with length. */
export function suggest(word: string, candidates: readonly string[], max = 3): string[] {
  // Only the catalogue's long lists are worth remembering answers for.
  let known = candidates.length >= 20 ? answered.get(candidates) : undefined;
  if (!known && candidates.length >= 20) answered.set(candidates, (known = new Map()));
  const key = `${max}:${word}`;
  const hit = known?.get(key);
  if (hit) return [...hit];
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  const found: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const lower = c.toLowerCase();
    // The distance is at least the difference of the lengths.
    if (Math.abs(lower.length - w.length) > limit) continue;
    const d = distance(w, lower);
    if (d <= limit) found.push({ c, d });
  }
  const out = found
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
  if (known) {
    if (known.size >= MAX_ANSWERED) known.clear();
    known.set(key, out);
  }
  return [...out];
}
