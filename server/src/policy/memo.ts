/**
 * Per-node caches for what several rules derive from the same statement or element (its principals, its
 * condition entries, its actions). Model nodes are built afresh for each analysis and never changed after, so
 * a result computed once holds for the node's lifetime; the cache goes with the node (it is stored on it).
 */

/**
 * `compute` memoised per model object. The result is shared by every caller: treat it as read-only.
 */
export function perNode<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  // The result is kept on the object itself, under this cache's own symbol, rather than in a WeakMap: V8's
  // young-generation collector keeps a WeakMap's values alive while their keys are young, so every analysis's
  // model was promoted to the old generation and left to the slow full collections. The property is
  // non-enumerable, so copies (`{ ...prop }`), comparisons and serialisation of the model never see it.
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
