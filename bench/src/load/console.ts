import { eligibleFor } from '@talon/engine';
import type { CommandInput, Snapshot } from '@talon/protocol';
import { sleep } from '../lib/stats.js';
import type { Day } from './day.js';
import type { CommandOutcome } from './http.js';
import type { VisitRecord } from './ledger.js';
import { LiveClient } from './live.js';
import type { Console } from './office.js';

/** The demo office's rule: a recall at least 15 s (office time) after the last call. */
const RECALL_AFTER_MS = 15_000 + 1;
/** The visitor walks to the window, real ms. */
const WALK_MS = 100;
const LUNCH_MIN = 30;
/** How long a kiosk may still be sending a ticket's command again (http.ts sends for 60 s). */
const ISSUE_ANSWER_MS = 65_000;
const OUTCOMES = ['resolved', 'consultation', 'docs-accepted', 'payment-accepted'];

/**
 * An operator at a window with the console open: a socket to `/operator` whose state it folds (as the
 * console does), and the day's work through HTTP commands: call when its state shows a ticket it may take,
 * recall a visitor who is slow to come, mark no-shows, serve, transfer, take a lunch break.
 */
export class OperatorConsole {
  readonly live: LiveClient;
  private readonly breakAt: number;
  private tookBreak = false;

  constructor(
    private readonly day: Day,
    readonly c: Console,
    index: number,
  ) {
    this.live = new LiveClient(c.name, day.server, 'operator', c.token, c.http.address, day.tally, {
      fold: true,
      // one console tells how large the snapshot every console receives on (re)connect is
      measureSnapshots: index === 0,
    });
    // lunch somewhere in the middle of the day, spread so the hall is never short of many at once
    const n = day.office.consoles.length;
    this.breakAt = day.opts.seconds * 1000 * (0.25 + (0.5 * index) / Math.max(1, n));
  }

  private cmd(command: CommandInput): Promise<CommandOutcome> {
    return this.c.http.command(this.c.token, command);
  }

  private refused(what: string, a: CommandOutcome): boolean {
    if (a.ok) return false;
    this.day.tally.error(`${what} refused: ${a.code}`, `${this.c.name}: ${JSON.stringify(a.error?.details ?? '')}`);
    return true;
  }

  /** Tickets this console could call now, as its own state shows them. */
  private callable(): number {
    const state = this.live.state;
    const me = state?.operators[this.c.operatorId];
    if (!state || !me || me.status !== 'ready') return 0;
    const { personal, general } = eligibleFor(state, me, this.day.server.known);
    return personal.length + general.length;
  }

  private async idle(): Promise<void> {
    await Promise.race([this.live.changed.wait(), this.day.changed.wait(), sleep(100)]);
  }

  async run(): Promise<void> {
    const { day } = this;
    while (!day.stopping) {
      if (day.arrivalsDone && day.ledger.openVisits === 0) break;
      if (!this.tookBreak && !day.arrivalsDone && performance.now() - day.start >= this.breakAt) {
        await this.lunch();
        continue;
      }
      // more tickets wait than consoles are calling right now: else two operators would reach for one ticket
      if (this.callable() <= day.callsInFlight) {
        await this.idle();
        continue;
      }
      await this.serveNext();
    }
    if (!day.stopping) this.refused('operatorLogout', await this.cmd({ type: 'operatorLogout' }));
  }

  private async lunch(): Promise<void> {
    this.tookBreak = true;
    if (this.refused('startBreak', await this.cmd({ type: 'startBreak', reasonId: 'lunch' }))) return;
    this.day.ledger.breaks++;
    await sleep(this.day.realMs(LUNCH_MIN));
    this.refused('endBreak', await this.cmd({ type: 'endBreak' }));
  }

  private async serveNext(): Promise<void> {
    const { day } = this;
    const t0 = performance.now();
    const duringFlood = day.duringFlood(t0);
    day.callsInFlight++;
    let a: CommandOutcome;
    try {
      a = await this.cmd({ type: 'callNext' });
    } finally {
      day.callsInFlight--;
    }
    if (!a.ok) {
      if (a.code === 'QUEUE_EMPTY') day.tally.expect('callNext: queue empty (another console called the ticket first)');
      else this.refused('callNext', a);
      await this.idle();
      return;
    }
    const ticketId = a.body.result?.ticketId ?? '';
    day.ledger.calls.push({
      seq: a.body.seq,
      ticketId,
      operatorId: this.c.operatorId,
      t0,
      answeredAt: performance.now(),
      retried: a.retried,
      duringFlood: duringFlood || day.duringFlood(performance.now()),
    });
    // A ticket committed just before a kill is in the hall while its kiosk is still sending the command
    // again: its answer (the same ticket) comes once the server is back.
    let v = day.ledger.visits.get(ticketId);
    const due = performance.now() + ISSUE_ANSWER_MS;
    while (!v && day.issuing > 0 && performance.now() < due) {
      await Promise.race([day.changed.wait(), sleep(100)]);
      v = day.ledger.visits.get(ticketId);
    }
    if (!v) {
      day.tally.mismatch(`callNext called ${ticketId}, which no kiosk was acknowledged for`);
      await this.finishUnknown();
      return;
    }
    v.calls++;
    let lastCall = day.server.sent;
    const recall = async () => {
      await day.server.until(lastCall + RECALL_AFTER_MS);
      const r = await this.cmd({ type: 'recall' });
      if (this.refused('recall', r)) return false;
      v.recalls++;
      lastCall = day.server.sent;
      return true;
    };

    if (v.plan.noShow) {
      for (let k = 0; k < 2; k++) if (!(await recall())) return;
      await this.markNoShow(v);
      return;
    }
    if (v.plan.recall && v.transfers === 0 && !(await recall())) return;
    await sleep(WALK_MS);
    if (this.refused('startService', await this.cmd({ type: 'startService' }))) return;
    await sleep(v.transfers === 0 ? v.plan.serviceMs : v.plan.serviceMs / 2);
    if (v.plan.transferTo && v.transfers === 0) {
      const t = await this.cmd({
        type: 'transfer',
        toServiceId: v.plan.transferTo,
        comment: 'Нужен другой специалист',
      });
      if (this.refused('transfer', t)) return;
      v.transfers++;
      day.changed.fire();
      return;
    }
    const outcome = OUTCOMES[Math.floor(Math.random() * OUTCOMES.length)] ?? 'resolved';
    if (this.refused('finishService', await this.cmd({ type: 'finishService', outcomes: [outcome] }))) return;
    day.ledger.closed(v, 'served', this.c.windowId);
    day.changed.fire();
  }

  /**
   * After two recalls the visitor is marked a no-show. The server's own tick may have done it first (two
   * minutes of office time after the last call, which the clock runs through in under a second): then the
   * ticket has left the state and the refusal is the expected one.
   */
  private async markNoShow(v: VisitRecord): Promise<void> {
    const { day } = this;
    const a = await this.cmd({ type: 'markNoShow' });
    if (a.ok) {
      day.ledger.closed(v, 'no-show', this.c.windowId);
      day.changed.fire();
      return;
    }
    if (a.code === 'NO_CURRENT_TICKET' || a.code === 'TICKET_NOT_CALLED') {
      // the server's own state, not the console's (which may still be reconnecting after a kill); the log's
      // outcome is checked at the end like any other
      const s = await this.c.http.request<Snapshot>('GET /api/state', 'GET', '/api/state', undefined, this.c.token);
      if (s.ok && s.body.state.tickets[v.ticketId] === undefined) {
        day.tally.expect('markNoShow: the automatic no-show came first');
        day.ledger.closed(v, 'no-show', this.c.windowId);
        day.changed.fire();
        return;
      }
    }
    this.refused('markNoShow', a);
  }

  /** A ticket the driver knows nothing of: served, so the hall goes on (the mismatch is already counted). */
  private async finishUnknown(): Promise<void> {
    await this.cmd({ type: 'startService' });
    await this.cmd({ type: 'finishService', outcomes: ['resolved'] });
  }
}
