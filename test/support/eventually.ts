/**
 * Polls (real time) until `ok(probe())` holds, for what happens off the request's path — a sync round, a
 * background sender — and returns the value that satisfied it; the error names the last value seen.
 */
export async function eventually<T>(probe: () => Promise<T> | T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`still not there: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}
