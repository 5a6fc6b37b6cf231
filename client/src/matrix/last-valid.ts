import type { AccessMatrixView, AccessResult } from '../../../server/src/lsp/protocol';

/** Keys remembered at most (the panel shows one document at a time; a document rarely has more keys). */
export const LAST_VALID_MAX = 200;

/**
 * The matrix of each key as it was when its policy last parsed. While a policy has syntax errors (mid-edit),
 * the matrix of its error-recovered parse would mislead ("0 can decrypt"): the last valid one is shown
 * instead, marked `stale`. Pure (no vscode import) so it is tested without an editor.
 */
export class LastValidMatrices {
  private readonly byKey = new Map<string, AccessMatrixView>();

  /** `result` with each broken policy's matrix replaced by its last valid one, when there is one. */
  apply(result: AccessResult): AccessResult {
    const matrices = result.matrices.map((m) => {
      const key = `${result.uri}\u0000${m.name}`;
      if (!m.syntaxErrors) {
        this.byKey.delete(key); // most recently used last: the oldest goes first when full
        this.byKey.set(key, m);
        if (this.byKey.size > LAST_VALID_MAX) this.byKey.delete(this.byKey.keys().next().value!);
        return m;
      }
      const last = this.byKey.get(key);
      return last ? { ...last, syntaxErrors: true, stale: true } : m;
    });
    return { ...result, matrices };
  }
}
