/** Cancellation in the shape of VS Code's, so the JSON-RPC layer needs no `vscode`. */

/** What JSON-RPC needs of a cancellation token; VS Code's `CancellationToken` has this shape. */
export interface CancelToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** A token cancelled by hand: for the other side's requests, which it cancels with `$/cancelRequest`. */
export class CancelSource implements CancelToken {
  isCancellationRequested = false;
  private listeners: (() => void)[] = [];
  cancel(): void {
    if (this.isCancellationRequested) return;
    this.isCancellationRequested = true;
    this.listeners.splice(0).forEach((l) => l());
  }
  onCancellationRequested(listener: () => void) {
    if (this.isCancellationRequested) listener();
    else this.listeners.push(listener);
    return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
  }
}
