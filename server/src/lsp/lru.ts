/**
 * A Map that keeps only its `limit` most recently used entries (read or written). The server caches one
 * analysis per open document in one: with a thousand documents open, keeping every analysis (its model,
 * findings and Terraform extraction) costs tens of MB, while only the documents in view are asked for hovers,
 * lenses and code actions. A document whose analysis was dropped is analysed again when next asked.
 */
export class LruMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override get(key: K): V | undefined {
    const value = super.get(key);
    if (value !== undefined) {
      super.delete(key);
      super.set(key, value); // most recently used last
    }
    return value;
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    // `limit` is undefined while Map's constructor runs (it may call set); nothing is stored then.
    while (this.limit !== undefined && this.size > this.limit) super.delete(super.keys().next().value as K);
    return this;
  }
}
