/**
 * Results kept from one analysis of a document to the next, so that after a keystroke only what the edit
 * touched is computed again. Each analysis reads the entries of the previous one and keeps those it uses (and
 * those it adds) for the next: what the document no longer holds is dropped.
 */

/** Entries by key: this analysis's, falling back to the previous analysis's. */
export class Generation<V> {
  private readonly current = new Map<string, V>();

  constructor(private readonly previous?: Map<string, V>) {}

  get(key: string): V | undefined {
    return this.current.get(key) ?? this.previous?.get(key);
  }

  set(key: string, value: V): void {
    this.current.set(key, value);
  }

  /** This analysis's entries, for the next one. */
  kept(): Map<string, V> {
    return this.current;
  }
}

/**
 * What the last analyses of documents kept, by path. Bounded by the number of documents and by their total
 * length (what is kept grows with it): the least recently analysed go first, the last one always stays.
 * Keeping many large documents would make every garbage collection slower than the reuse saves; keeping
 * many small ones costs memory in a large workspace while only the few being edited profit.
 */
export class MemoStore<T> {
  private readonly byPath = new Map<string, { value: T; weight: number }>();
  private total = 0;

  constructor(private readonly maxCount = 8, private readonly maxWeight = 400_000) {}

  last(path: string): T | undefined {
    return this.byPath.get(path)?.value;
  }

  /** Keeps `value` for `path`; `weight` is the length of the document it was made from. */
  keep(path: string, value: T, weight: number): void {
    this.drop(path);
    this.byPath.set(path, { value, weight });
    this.total += weight;
    while (this.byPath.size > 1 && (this.byPath.size > this.maxCount || this.total > this.maxWeight)) this.drop(this.byPath.keys().next().value as string);
  }

  private drop(path: string): void {
    const e = this.byPath.get(path);
    if (!e) return;
    this.total -= e.weight;
    this.byPath.delete(path);
  }
}
