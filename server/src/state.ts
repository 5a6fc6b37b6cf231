/**
 * State that belongs to one Keyscope instance (`createKeyscope` in `service.ts`: one per workspace folder in
 * the editor, one per run of the command line): what the analyses of its documents keep for the next ones
 * (extraction tables, parse trees, the reports of unchanged policies, summaries of module files). Two
 * instances never see each other's documents, and disposing one frees what it kept.
 *
 * A module that keeps such state declares it once with `instanceState(make)` and calls the function it gets
 * back to read the current instance's value. The service makes its instance current for the length of each
 * synchronous engine call (`runIn`). Engine code called outside any instance (a unit test calling `analyze`
 * directly, the benchmark) uses the process's default instance. Caches of pure look-ups by value (the
 * catalogue, parsed principals), where one key always gives the same result, stay module-level.
 */

interface Slot<T> {
  make(): T;
  dispose?(value: T): void;
}

/** What one instance keeps, slot by slot, made on first use. */
export class InstanceState {
  private readonly values = new Map<Slot<unknown>, unknown>();
  private disposed = false;

  /** @internal The value of `slot` in this instance. */
  value<T>(slot: Slot<T>): T {
    this.check();
    if (!this.values.has(slot)) this.values.set(slot, slot.make());
    return this.values.get(slot) as T;
  }

  /** Throws once the instance is disposed. */
  check(): void {
    if (this.disposed) throw new Error('this Keyscope instance was disposed');
  }

  /** Frees what every slot holds (parse trees live in wasm memory); the instance cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    for (const [slot, value] of this.values) slot.dispose?.(value);
    this.values.clear();
    this.disposed = true;
  }
}

const fallback = new InstanceState();
let current: InstanceState = fallback;

/** Declares state kept per instance; the returned function gives the current instance's value. */
export function instanceState<T>(make: () => T, dispose?: (value: T) => void): () => T {
  const slot: Slot<T> = { make, dispose };
  return () => current.value(slot);
}

/** Runs `fn` with `state` as the current instance (re-entrant: the previous one is restored after). */
export function runIn<T>(state: InstanceState, fn: () => T): T {
  state.check();
  const previous = current;
  current = state;
  try {
    return fn();
  } finally {
    current = previous;
  }
}
