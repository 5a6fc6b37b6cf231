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

  /** The previous analysis's entry, even when this analysis has one too. */
  previousEntry(key: string): V | undefined {
    return this.previous?.get(key);
  }

  set(key: string, value: V): void {
    this.current.set(key, value);
  }

  /** This analysis's entries, for the next one. */
  kept(): Map<string, V> {
    return this.current;
  }
}

/** What the last analyses of documents kept, by path; bounded like the parse cache (least recently used go). */
export class MemoStore<T> {
  private readonly byPath = new Map<string, T>();

  constructor(private readonly limit = 64) {}

  last(path: string): T | undefined {
    return this.byPath.get(path);
  }

  keep(path: string, value: T): void {
    this.byPath.delete(path);
    this.byPath.set(path, value);
    while (this.byPath.size > this.limit) this.byPath.delete(this.byPath.keys().next().value as string);
  }

  clear(): void {
    this.byPath.clear();
  }
}
