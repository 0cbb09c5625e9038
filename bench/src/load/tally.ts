/**
 * What went wrong and what was refused on purpose, kept apart: `errors` are what a working office must
 * never show (an unexpected refusal, a 5xx, a timeout, a lost link while the server was up); `expected`
 * are the refusals the run provokes (the floods' 429s, a link lost while the server was being killed, two
 * consoles racing for the last ticket). `mismatches` are differences between what the driver was
 * acknowledged for and what the server says at the end.
 */
export class Tally {
  readonly errors = new Map<string, number>();
  readonly expected = new Map<string, number>();
  readonly mismatches: string[] = [];
  /** The first few of each error kind, with details, for whoever reads the report. */
  readonly errorSamples: string[] = [];
  private readonly sampled = new Map<string, number>();

  error(kind: string, detail = ''): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    const n = this.sampled.get(kind) ?? 0;
    if (n < 3) {
      this.sampled.set(kind, n + 1);
      this.errorSamples.push(detail ? `${kind}: ${detail}` : kind);
    }
  }

  expect(kind: string, n = 1): void {
    this.expected.set(kind, (this.expected.get(kind) ?? 0) + n);
  }

  mismatch(what: string): void {
    this.mismatches.push(what);
  }

  get errorCount(): number {
    let n = 0;
    for (const v of this.errors.values()) n += v;
    return n;
  }

  get expectedCount(): number {
    let n = 0;
    for (const v of this.expected.values()) n += v;
    return n;
  }
}

export const sorted = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1]));
