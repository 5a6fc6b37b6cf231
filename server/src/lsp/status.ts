import { STATUS_NOTIFICATION, type StatusParams } from './protocol';

export { STATUS_NOTIFICATION, type StatusParams };

/** Coalesces the analyses of a burst (many documents opened at once) into one notification. */
const SETTLE_MS = 100;

export class StatusTracker {
  private readonly policies = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private sent: string | undefined;

  constructor(private readonly send: (p: StatusParams) => void) {}

  /** Records how many policies the latest analysis of `uri` found. */
  set(uri: string, policies: number): void {
    if (policies > 0) this.policies.set(uri, policies);
    else this.policies.delete(uri);
    this.schedule();
  }

  /** The document was closed. */
  delete(uri: string): void {
    if (this.policies.delete(uri)) this.schedule();
  }

  totals(): StatusParams {
    let policies = 0;
    for (const n of this.policies.values()) policies += n;
    return { documents: this.policies.size, policies, uris: [...this.policies.keys()].sort() };
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const totals = this.totals();
      const key = `${totals.policies}/${totals.uris!.join(' ')}`;
      if (key === this.sent) return;
      this.sent = key;
      this.send(totals);
    }, SETTLE_MS);
  }
}
