import type { StoredEvent } from '@talon/protocol';
import type { Day } from './day.js';
import { HEARTBEAT_MS, LiveClient } from './live.js';
import type { Device, RatingTerminal } from './office.js';

/** The visitor reads the terminal and taps a mark, real ms. */
const RATE_AFTER_MS = 200;

/** A hall board: its socket, and when each call (TicketCalled, by seq) reached it on the driver's clock. */
export class Board {
  readonly live: LiveClient;
  readonly arrivals = new Map<number, number>();

  constructor(day: Day, d: Device) {
    this.live = new LiveClient(d.name, day.server, 'board', d.token, d.http.address, day.tally, {
      fold: false,
      heartbeatMs: HEARTBEAT_MS,
      heartbeatRefusalExpected: () => day.floodedDevice(d.token),
      onEvent: (e: StoredEvent, at: number) => {
        if (e.type === 'TicketCalled' && !this.arrivals.has(e.seq)) this.arrivals.set(e.seq, at);
      },
    });
  }
}

/** A kiosk's screen: its socket (the kiosk shows the queue) and heartbeats; it issues over HTTP (day.ts). */
export function kioskScreen(day: Day, d: Device): LiveClient {
  return new LiveClient(d.name, day.server, 'kiosk', d.token, d.http.address, day.tally, {
    fold: false,
    heartbeatMs: HEARTBEAT_MS,
    heartbeatRefusalExpected: () => day.floodedDevice(d.token),
  });
}

/**
 * A rating terminal at a window: when a visit finishes there (its socket says so), the visitor whose plan
 * has a mark gives it. A rating sent again after a lost answer may find it already given: that one is
 * the driver's own, so it counts as acknowledged.
 */
export class RatingScreen {
  readonly live: LiveClient;
  private pending = 0;

  constructor(
    private readonly day: Day,
    private readonly d: RatingTerminal,
  ) {
    this.live = new LiveClient(d.name, day.server, 'rating', d.token, d.http.address, day.tally, {
      fold: false,
      heartbeatMs: HEARTBEAT_MS,
      heartbeatRefusalExpected: () => day.floodedDevice(d.token),
      onEvent: (e: StoredEvent) => {
        if (e.type !== 'ServiceFinished' || !e.visit || e.windowId !== d.windowId) return;
        const v = day.ledger.visits.get(e.ticketId);
        const score = v?.plan.score;
        if (!v || score === undefined || v.rated) return;
        v.rated = true;
        this.pending++;
        setTimeout(() => void this.rate(e.ticketId, score).finally(() => this.pending--), RATE_AFTER_MS);
      },
    });
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  private async rate(ticketId: string, score: number): Promise<void> {
    const body = { ticketId, score, reasons: score <= 3 ? ['long-wait'] : [] };
    const a = await this.d.http.request('rateAtTerminal', 'POST', '/api/rating/terminal/rate', body, this.d.token);
    if (a.ok || (a.code === 'RATING_ALREADY_GIVEN' && a.retried)) {
      this.day.ledger.ratings++;
      if (!a.ok) this.day.tally.expect('rating sent again after kill -9: already given (by this terminal)');
      return;
    }
    const v = this.day.ledger.visits.get(ticketId);
    if (v) v.rated = false;
    this.day.tally.error(`rating refused: ${a.code}`, `${this.d.name} ${ticketId}`);
  }
}
