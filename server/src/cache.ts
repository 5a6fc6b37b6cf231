/**
 * Bounded caches. Every cache of the engine and the language server takes one of three shapes from here, and
 * states its bound where it is created (a named constant, with a comment saying why that size):
 *
 * - `BoundedMap`: a least-recently-used map bounded by a count and, optionally, by a total weight (the
 *   length of the texts its values were made from). For entries that are few and large, looked up once per
 *   analysis or per request: analyses of open documents, what the last analysis of a document kept, parse
 *   trees (freed through `onEvict`), file texts, summaries of a module's files. A hit moves the entry to the
 *   recent end (a Map delete and set).
 * - `GenerationMap`: two generations of entries, the current one and the previous one. A hit in the current
 *   generation is one Map look-up, so it serves look-ups by value that rules make many times per analysis
 *   (catalogue entries, parsed principals); the current generation becomes the previous one when it is full
 *   (`max / 2` entries), or when its owner says so (`rotate()`: what one analysis of a document used becomes
 *   what the next one reuses, and what it did not use is dropped). Never more than `max` entries, and always
 *   the `max / 2` most recently used.
 * - `perNode` / `perNodeWith`: a result kept on the model object it was computed from (a statement, a policy
 *   source, a parsed file). It lives and dies with the object, one value per object and memo, so it needs no
 *   other bound; not a WeakMap, which V8 would make promote every analysis's model to the old generation.
 *
 * Caches that hold what one analysis or one workspace made belong to whoever owns that work (an instance
 * constructed with it); a module-level cache is only for pure look-ups by value (the same key always gives
 * the same result), and it is bounded like any other. Give a cache a `name` to have `trackedCaches()` list it
 * (the one made last under that name): tests count entries through it (not bytes) to prove that memory stays
 * bounded.
 */

/** What `trackedCaches()` reports of a cache. */
export interface TrackedCache {
  readonly name: string;
  readonly size: number;
  readonly max: number;
  has(key: unknown): boolean;
}

// The cache made last under each name. Strong references, one per name, so memory stays bounded however many
// instances make caches (a WeakRef would keep every cache made in one synchronous job alive until it ends).
const tracked = new Map<string, TrackedCache>();

/** The named caches (the one made last under each name), or the one named `name`; for tests and diagnostics. */
export function trackedCaches(name?: string): TrackedCache[] {
  if (name === undefined) return [...tracked.values()];
  const c = tracked.get(name);
  return c ? [c] : [];
}

function checkMax(max: number): void {
  if (!(max >= 1)) throw new RangeError(`a cache bound must be at least 1 (got ${max})`);
}

export interface BoundedMapOptions<K, V> {
  /** Most entries kept. */
  max: number;
  /**
   * Most total weight kept: the weight of an entry is given to `set` (or by `weigh`). The least recently used
   * entries go first; the most recently set one always stays, however much it weighs alone.
   */
  maxWeight?: number;
  weigh?: (value: V, key: K) => number;
  /** Called once for each value that leaves the map: evicted, replaced by another value, deleted or cleared. */
  onEvict?: (value: V, key: K) => void;
  /** Lists the map in `trackedCaches()` (until another cache is made under the same name). */
  name?: string;
}

/** A map that keeps its `max` most recently used entries (read with `get` or written), within `maxWeight`. */
export class BoundedMap<K, V> implements TrackedCache {
  readonly name: string;
  readonly max: number;
  readonly maxWeight: number;
  private readonly map = new Map<K, V>();
  private readonly weights?: Map<K, number>;
  private total = 0;
  private readonly weigh?: (value: V, key: K) => number;
  private readonly onEvict?: (value: V, key: K) => void;

  constructor(options: BoundedMapOptions<K, V>) {
    checkMax(options.max);
    this.name = options.name ?? '';
    this.max = options.max;
    this.maxWeight = options.maxWeight ?? Infinity;
    this.weigh = options.weigh;
    this.onEvict = options.onEvict;
    if (options.maxWeight !== undefined) this.weights = new Map();
    if (options.name) tracked.set(options.name, this);
  }

  get size(): number {
    return this.map.size;
  }

  /** Total weight of the entries (0 without `maxWeight`). */
  get weight(): number {
    return this.total;
  }

  /** The value of `key`, which becomes the most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value); // most recently used last
    }
    return value;
  }

  /** The value of `key`, leaving the order of use as it is. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: unknown): boolean {
    return this.map.has(key as K);
  }

  /** Keeps `value` for `key` as the most recently used, then drops the least recently used beyond the bounds. */
  set(key: K, value: V, weight?: number): this {
    const old = this.map.get(key);
    if (old !== undefined) this.remove(key, old, old !== value);
    this.map.set(key, value);
    if (this.weights) {
      const w = weight ?? this.weigh?.(value, key) ?? 0;
      this.weights.set(key, w);
      this.total += w;
    }
    while (this.map.size > this.max || (this.total > this.maxWeight && this.map.size > 1)) {
      const oldest = this.map.keys().next().value as K;
      this.remove(oldest, this.map.get(oldest) as V, true);
    }
    return this;
  }

  delete(key: K): boolean {
    const old = this.map.get(key);
    if (old === undefined) return false;
    this.remove(key, old, true);
    return true;
  }

  clear(): void {
    for (const [k, v] of [...this.map]) this.remove(k, v, true);
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  private remove(key: K, value: V, evicted: boolean): void {
    this.map.delete(key);
    if (this.weights) {
      this.total -= this.weights.get(key) ?? 0;
      this.weights.delete(key);
    }
    if (evicted) this.onEvict?.(value, key);
  }
}

export interface GenerationMapOptions {
  /** Most entries kept in both generations together; the current one turns over at `max / 2`. */
  max: number;
  /** Lists the map in `trackedCaches()` (until another cache is made under the same name). */
  name?: string;
}

/**
 * Entries in two generations: a look-up finds the current generation's entry with one Map look-up, else the
 * previous generation's, which moves to the current one. When the current generation holds `max / 2`
 * entries, or on `rotate()`, it becomes the previous one and the entries of the previous one that were not
 * used since are dropped. Values may not be `undefined` (store `null` for "looked up, nothing found").
 */
export class GenerationMap<K, V> implements TrackedCache {
  readonly name: string;
  readonly max: number;
  private readonly half: number;
  private current = new Map<K, V>();
  private previous = new Map<K, V>();
  /** The current generation turned over by itself since the last `rotate()`. */
  private turned = false;

  constructor(options: GenerationMapOptions) {
    checkMax(options.max);
    this.name = options.name ?? '';
    this.max = options.max;
    this.half = Math.max(1, Math.floor(options.max / 2));
    if (options.name) tracked.set(options.name, this);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  get(key: K): V | undefined {
    const value = this.current.get(key);
    return value !== undefined || this.previous.size === 0 ? value : this.promote(key);
  }

  has(key: unknown): boolean {
    return this.current.has(key as K) || this.previous.has(key as K);
  }

  set(key: K, value: V): this {
    if (this.previous.size !== 0) this.previous.delete(key);
    if (this.current.size >= this.half && !this.current.has(key)) {
      this.turn();
      this.turned = true;
    }
    this.current.set(key, value);
    return this;
  }

  /**
   * Ends a generation: the current one becomes the previous one, and the previous one's entries not used
   * since are dropped. When the current generation turned over by itself since the last call, both are kept:
   * the previous one holds only what was used since, and the current one is what came last (what of it the
   * next generation does not use is dropped at the end of that one).
   */
  rotate(): void {
    if (this.turned) this.turned = false;
    else this.turn();
  }

  clear(): void {
    this.current.clear();
    this.previous.clear();
    this.turned = false;
  }

  private turn(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  private promote(key: K): V | undefined {
    const value = this.previous.get(key);
    if (value !== undefined) {
      this.previous.delete(key);
      this.set(key, value);
    }
    return value;
  }
}

/**
 * `compute` memoised per model object: the result is kept on the object itself, under this memo's own
 * symbol, and shared by every caller (treat it as read-only). Model objects are built afresh for each
 * analysis and never changed after, so a result holds for the object's lifetime.
 */
export function perNode<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  // Not a WeakMap: V8's young-generation collector keeps a WeakMap's values alive while their keys are
  // young, so every analysis's model was promoted to the old generation and left to the slow full
  // collections. The property is non-enumerable, so copies (`{ ...prop }`), comparisons and serialisation of
  // the model never see it.
  const slot = Symbol('perNode');
  return (key) => {
    let hit = (key as { [slot]?: V })[slot];
    if (hit === undefined) {
      hit = compute(key);
      Object.defineProperty(key, slot, { value: hit, writable: true });
    }
    return hit;
  };
}

/**
 * `compute` memoised per model object and argument: like `perNode`, one value per object, kept while the
 * argument is the same (compared by identity); another argument replaces it.
 */
export function perNodeWith<K extends object, A, V>(compute: (key: K, arg: A) => V): (key: K, arg: A) => V {
  const slot = Symbol('perNodeWith');
  return (key, arg) => {
    const hit = (key as { [slot]?: { arg: A; value: V } })[slot];
    if (hit !== undefined && hit.arg === arg) return hit.value;
    const value = compute(key, arg);
    Object.defineProperty(key, slot, { value: { arg, value }, writable: true });
    return value;
  };
}
