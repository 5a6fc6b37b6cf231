/**
 * Per-node caches for what several rules derive from the same statement or element (its principals, its
 * condition entries, its actions). Model nodes are built afresh for each analysis and never changed after, so
 * a result computed once holds for the node's lifetime; the cache goes with the node.
 */

/**
 * `compute` memoised per model object. The result is shared by every caller: treat it as read-only.
 */
export function perNode<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      hit = compute(key);
      cache.set(key, hit);
    }
    return hit;
  };
}
