import type { TicketRequestResult } from '@talon/protocol';
import type { Office } from '../office.js';
import { takePhoneTicket } from '../public/take.js';
import type { Store } from '../store/index.js';
import type { HqTransport } from './client.js';

export interface TicketRequestOptions {
  transport: HqTransport;
  office: Office;
  store: Store;
  /** The link is up: asking a head office the link cannot reach only adds failures. */
  linked: () => boolean;
  /** How often to ask (default 2 s): the visitor on head office's page waits for this, not the 15 s heartbeat. */
  everyMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

/** After a failed ask, wait up to this long (doubling from `everyMs`). */
const FAILED_MAX_MS = 30_000;

/**
 * Tickets taken on head office's `/o/<code>/take` (issue 15): head office keeps the request, this office
 * asks for pending ones every few seconds, issues each through the same path as its own `/take` (the
 * per-phone limit, reception hours, `issueTicket { channel: 'phone' }`) and posts back the ticket or the
 * refusal. The command id `hq-ticket:<requestId>` makes a request delivered twice one ticket.
 */
export class TicketRequestPoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<number> | null = null;
  private stopped = false;
  private failures = 0;
  private readonly everyMs: number;

  constructor(private readonly o: TicketRequestOptions) {
    this.everyMs = o.everyMs ?? 2000;
  }

  start(): void {
    if (!this.o.transport.ticketRequests || !this.o.transport.ticketResults) return;
    this.schedule(this.everyMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One ask-execute-answer round; resolves with how many requests it answered. */
  poll(): Promise<number> {
    if (!this.running) this.running = this.round().finally(() => (this.running = null));
    return this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poll().then(() =>
        this.schedule(this.failures === 0 ? this.everyMs : Math.min(FAILED_MAX_MS, this.everyMs * 2 ** this.failures)),
      );
    }, ms);
    this.timer.unref?.();
  }

  private async round(): Promise<number> {
    const { transport, office, store } = this.o;
    if (!transport.ticketRequests || !transport.ticketResults || !this.o.linked()) return 0;
    try {
      const asked = await transport.ticketRequests();
      if (!asked.ok) return this.failed(`ticket requests: ${asked.failure.code}`);
      const requests = asked.value.requests;
      if (requests.length === 0) {
        this.failures = 0;
        return 0;
      }
      const results: TicketRequestResult[] = requests.map((r) => {
        const taken = takePhoneTicket(office, store, r, `hq-ticket:${r.id}`);
        return taken.ok
          ? { id: r.id, ok: true, ticketId: taken.ticket.id, number: taken.ticket.number, visitExp: taken.visitExp }
          : { id: r.id, ok: false, code: taken.code, ...(taken.details ? { details: taken.details } : {}) };
      });
      // a lost answer is harmless: the request comes again and its command id answers the same ticket
      const sent = await transport.ticketResults(results);
      if (!sent.ok) return this.failed(`ticket request results: ${sent.failure.code}`);
      this.failures = 0;
      return results.length;
    } catch (err) {
      return this.failed('ticket requests: unexpected failure', err);
    }
  }

  private failed(msg: string, err?: unknown): number {
    this.failures = Math.min(this.failures + 1, 10);
    if (this.failures === 1) (this.o.log ?? console.warn)(msg, err);
    return 0;
  }
}
