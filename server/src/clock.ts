/** The server's only source of time; the engine receives it as `now`. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

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
