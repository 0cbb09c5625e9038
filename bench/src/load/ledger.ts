/** What a visitor will do, drawn when the ticket is issued. */
export interface Plan {
  /** Never comes to the window: recalled twice, then marked a no-show. */
  noShow: boolean;
  /** Comes only after one recall. */
  recall: boolean;
  /** Sent on to this service after the first service (the visit keeps its first service in reports). */
  transferTo: string | undefined;
  /** The mark given at the window's rating terminal after the visit, if any. */
  score: number | undefined;
  /** Real ms at the window. */
  serviceMs: number;
}

export interface VisitRecord {
  ticketId: string;
  number: string;
  serviceId: string;
  plan: Plan;
  /** Acknowledged callNext answers naming this ticket. */
  calls: number;
  recalls: number;
  transfers: number;
  outcome: 'served' | 'no-show' | undefined;
  /** Where the visit ended (the rating terminal there may rate it). */
  windowId: string | undefined;
  rated: boolean;
}

export interface CallRecord {
  seq: number;
  ticketId: string;
  operatorId: string;
  /** Real time the operator pressed «next» (sent callNext). */
  t0: number;
  /** Real time the HTTP answer came back. */
  answeredAt: number;
  /** The command had to be sent again (the server was killed): its delay measures the outage, not delivery. */
  retried: boolean;
  duringFlood: boolean;
}

/**
 * Everything the server acknowledged to the driver, and nothing else: what must be in the server's state
 * and reports at the end, exactly once.
 */
export class Ledger {
  readonly visits = new Map<string, VisitRecord>();
  readonly calls: CallRecord[] = [];
  ratings = 0;
  breaks = 0;
  private open = 0;

  issued(ticketId: string, number: string, serviceId: string, plan: Plan): VisitRecord | undefined {
    if (this.visits.has(ticketId)) return undefined;
    const v: VisitRecord = {
      ticketId,
      number,
      serviceId,
      plan,
      calls: 0,
      recalls: 0,
      transfers: 0,
      outcome: undefined,
      windowId: undefined,
      rated: false,
    };
    this.visits.set(ticketId, v);
    this.open++;
    return v;
  }

  closed(v: VisitRecord, outcome: 'served' | 'no-show', windowId: string): boolean {
    if (v.outcome !== undefined) return false;
    v.outcome = outcome;
    v.windowId = windowId;
    this.open--;
    return true;
  }

  get openVisits(): number {
    return this.open;
  }

  count(pred: (v: VisitRecord) => boolean): number {
    let n = 0;
    for (const v of this.visits.values()) if (pred(v)) n++;
    return n;
  }
}
