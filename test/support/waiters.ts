/**
 * Lets a test wait until what a client has received satisfies a predicate; whatever receives data
 * calls `wake()`. A predicate that never holds rejects after `ms`, so a missing message fails the test.
 */
export class Waiters {
  private pending: (() => void)[] = [];

  constructor(private readonly what: string) {}

  wake() {
    const w = this.pending;
    this.pending = [];
    for (const f of w) f();
  }

  until(pred: () => boolean, ms = 5000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${this.what}`)), ms);
      const check = () => {
        if (pred()) {
          clearTimeout(timer);
          resolve();
        } else this.pending.push(check);
      };
      this.pending.push(check);
    });
  }
}
