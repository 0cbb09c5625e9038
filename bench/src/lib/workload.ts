import type { CommandInput, OfficeConfig, Snapshot } from '@talon/protocol';
import { acked, type TalonHttp } from './http.js';
import { note } from './stats.js';

/** Numbers run К-001..К-999 per service and day: no more tickets than this per service in one run. */
export const MAX_TICKETS_PER_SERVICE = 999;

interface Topic {
  topicId: string;
  segmentId: string;
  account: boolean;
}

interface ServiceStock {
  id: string;
  prefix: string;
  /** The kiosk menu entries that lead to this service, taken in turn. */
  topics: Topic[];
  issued: number;
  /** Tickets issued (or being issued) and not yet called, as far as the bench knows. */
  waiting: number;
}

/**
 * Which visitors the kiosks bring, service by service. The dispatch policy decides who is called, so
 * a fixed mix would pile up the services few operators take (and leave others idle, their callNext
 * refused): instead the kiosks keep every service stocked, the least stocked first, within the
 * numbers a day allows.
 */
export class TicketMix {
  private readonly services: ServiceStock[];
  private readonly byPrefix = new Map<string, ServiceStock>();
  private turn = 0;

  constructor(config: OfficeConfig) {
    this.services = config.services.map((s) => ({
      id: s.id,
      prefix: s.prefix,
      topics: config.topics
        .filter((t) => t.serviceId === s.id)
        .map((t) => ({ topicId: t.id, segmentId: t.segmentIds[0] ?? '', account: t.ask === 'account' })),
      issued: 0,
      waiting: 0,
    }));
    for (const s of this.services) this.byPrefix.set(s.prefix, s);
    if (this.services.some((s) => s.topics.length === 0)) throw new Error('a service has no kiosk topic');
  }

  get waiting(): number {
    return this.services.reduce((n, s) => n + s.waiting, 0);
  }

  get serviceCount(): number {
    return this.services.length;
  }

  /**
   * The next ticket to issue (counted as waiting from now on), or null when every service with numbers
   * left already has `perService` tickets waiting.
   */
  next(perService: number): { command: CommandInput; service: string } | null {
    let best: ServiceStock | undefined;
    for (const s of this.services) {
      if (s.waiting >= perService || s.issued >= MAX_TICKETS_PER_SERVICE - 5) continue;
      if (!best || s.waiting < best.waiting) best = s;
    }
    if (!best) return null;
    const n = best.issued++;
    best.waiting++;
    const t = best.topics[n % best.topics.length] as Topic;
    const command: CommandInput = { type: 'issueTicket', topicId: t.topicId, segmentId: t.segmentId };
    if (t.account) command.visitorData = { account: String(4_000_000 + this.turn++) };
    return { command, service: best.id };
  }

  /** The kiosk's ticket was refused after all. */
  notIssued(service: string): void {
    const s = this.services.find((x) => x.id === service);
    if (s) s.waiting--;
  }

  /** A ticket with this number (e.g. `К-001`) was called. */
  called(number: string | undefined): void {
    const s = this.byPrefix.get(number?.split('-')[0] ?? '');
    if (s) s.waiting = Math.max(0, s.waiting - 1);
  }

  /** Does a ticket wait that an operator with these skills may be called to? */
  hasWorkFor(skills: readonly string[]): boolean {
    return this.services.some((s) => s.waiting > 0 && skills.includes(s.id));
  }

  /** Can the kiosks still issue a ticket for one of these skills today (numbers left)? */
  mayGetWorkFor(skills: readonly string[]): boolean {
    return this.services.some((s) => s.issued < MAX_TICKETS_PER_SERVICE - 5 && skills.includes(s.id));
  }
}

export interface Operator {
  operatorId: string;
  windowId: string;
  token: string;
  skills: string[];
}

export interface Office {
  kiosks: string[];
  operators: Operator[];
  mix: TicketMix;
}

/** Logs the six demo operators in at their windows and pairs the kiosks, through the public API. */
export async function openOffice(http: TalonHttp, kiosks: number): Promise<Office> {
  const admin = await http.login('admin', 'admin-talon');
  const snapshot = await http.get<Snapshot>('/api/state', admin.token);
  const config = snapshot.state.config;
  if (!config) throw new Error('the demo office is not configured');
  const operators: Operator[] = [];
  for (const [i, op] of config.operators.entries()) {
    const n = i + 1;
    const session = await http.login(`operator${n}`, `talon${n}`);
    const windowId = config.windows[i]?.id ?? `w${n}`;
    const r = await http.command(session.token, { type: 'operatorLogin', windowId });
    if (!acked(r)) throw new Error(`operatorLogin ${op.id}: ${JSON.stringify(r.body)}`);
    operators.push({ operatorId: session.user.operatorId ?? op.id, windowId, token: session.token, skills: op.skills });
  }
  const kioskTokens: string[] = [];
  for (let k = 1; k <= kiosks; k++) kioskTokens.push((await http.pair('kiosk', `Bench kiosk ${k}`)).token);
  return { kiosks: kioskTokens, operators, mix: new TicketMix(config) };
}

/**
 * Issues `count` tickets with bounded concurrency (untimed set-up, e.g. the queue before opening);
 * returns the sequence number the last of them was committed at.
 */
export async function issueTickets(http: TalonHttp, office: Office, count: number, concurrency = 8): Promise<number> {
  let left = count;
  let seq = 0;
  const worker = async (w: number) => {
    while (left > 0) {
      left--;
      const next = office.mix.next(Number.POSITIVE_INFINITY);
      if (!next) throw new Error('no ticket numbers left for today');
      const r = await http.command(office.kiosks[w % office.kiosks.length] ?? '', next.command);
      if (!acked(r)) throw new Error(`issueTicket: ${JSON.stringify(r.body)}`);
      seq = Math.max(seq, r.body.seq);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, (_, w) => worker(w)));
  return seq;
}

/** Fails early, with the reason, when a run would need more ticket numbers than a day has. */
export function checkNumberRange(totalTickets: number, services: number): void {
  const perService = Math.ceil(totalTickets / services);
  if (perService > (MAX_TICKETS_PER_SERVICE * 2) / 3) {
    const msg = `this run would issue about ${perService} tickets per service, numbering stops at ${MAX_TICKETS_PER_SERVICE} and the mix is not even: use fewer --commands/--calls`;
    note(msg);
    throw new Error(msg);
  }
}
