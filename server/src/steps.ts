/**
 * Work done a step at a time: a generator that yields `PAUSE` where its host may answer other requests before
 * it goes on (the language server, with a .tf file of thousands of keys), and returns its result. A host that
 * stops early calls the generator's `return()`, so that what it holds (parse trees kept alive) is released
 * by its `finally` blocks. Hosts that need no pauses run it to the end with `finish`.
 */
export interface Pause {
  readonly kind: 'step';
}

export const PAUSE: Pause = { kind: 'step' };

export type Steps<T> = Generator<Pause, T, void>;

/** Runs `steps` to its end at once. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Units of work (top-level blocks read, key policies built) between two pauses. A .tf block costs well under
 * a millisecond to read or build, so a host that yields every few milliseconds finds a pause in time.
 */
export const UNITS_PER_STEP = 4;
