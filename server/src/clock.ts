/** The server's only source of time; the engine receives it as `now`. */
export interface Clock {
  now(): number;
}

/** How fast the office's time runs, against real time, while the wall clock is behind it. */
export const CATCH_UP_RATE = 0.9;

/**
 * The computer's clock as the office uses it: it follows the wall clock, but never goes back. When the
 * wall clock is set back (NTP catching up after a dead battery, someone fixing the time by hand) the
 * office's time keeps moving, at CATCH_UP_RATE of real time on the monotonic clock, until the wall clock
 * catches up with it: a step back of 10 minutes is absorbed in 100. Without this, the visitors who came
 * after the step would be called before those who waited longer (their tickets look older), and an
 * operator's recall would be refused for the length of the step. A step forward cannot be told from a
 * correction: it is followed (durations across it are as long as the clock says, never negative).
 */
export class SteadyClock implements Clock {
  private last: { at: number; steady: number } | null = null;

  constructor(
    private readonly wall: () => number = Date.now,
    private readonly steady: () => number = () => performance.now(),
  ) {}

  now(): number {
    const wall = this.wall();
    const steady = this.steady();
    const prev = this.last;
    // kept unrounded: calls a fraction of a millisecond apart must still add up
    const at = prev === null ? wall : Math.max(wall, prev.at + Math.max(0, steady - prev.steady) * CATCH_UP_RATE);
    this.last = { at, steady };
    return Math.floor(at);
  }
}

export const systemClock: Clock = new SteadyClock();

/** A clock tests and the simulator move by hand; it only goes forward, like the real one. */
export class VirtualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    if (t < this.t) throw new Error('a virtual clock never goes back');
    this.t = t;
  }
  advance(ms: number): void {
    this.set(this.t + ms);
  }
}
