import type { CommandInput } from '@talon/protocol';
import { acked, type TalonHttp } from './http.js';
import { note } from './stats.js';

/**
 * What visitors ask for at the kiosk, one service after another so that each of the five
 * services gets a fifth of the tickets (and operator 2, who serves only payments, always has work).
 */
const TOPICS_BY_SERVICE: { topicId: string; segmentId: string; account?: boolean }[][] = [
  [
    { topicId: 'billing', segmentId: 'individual', account: true },
    { topicId: 'meter-readings', segmentId: 'individual', account: true },
    { topicId: 'documents', segmentId: 'business' },
  ],
  [
    { topicId: 'payment', segmentId: 'individual' },
    { topicId: 'payment', segmentId: 'business' },
  ],
  [
    { topicId: 'consult-and-pay', segmentId: 'individual', account: true },
    { topicId: 'no-debt', segmentId: 'business', account: true },
  ],
  [
    { topicId: 'new-contract', segmentId: 'hoa' },
    { topicId: 'change-contract', segmentId: 'individual', account: true },
  ],
  [{ topicId: 'personal-account', segmentId: 'individual' }],
];

/** Numbers run К-001..К-999 per service and day: more tickets than this in one run cannot be issued. */
export const MAX_TICKETS_PER_SERVICE = 999;
export const SERVICES = TOPICS_BY_SERVICE.length;

/** The n-th ticket a kiosk issues, as the kiosk UI would send it. */
export function ticketCommand(n: number): CommandInput {
  const topics = TOPICS_BY_SERVICE[n % SERVICES] ?? [];
  const t = topics[Math.floor(n / SERVICES) % topics.length];
  if (!t) throw new Error('empty topic list');
  const cmd: CommandInput = { type: 'issueTicket', topicId: t.topicId, segmentId: t.segmentId };
  if (t.account) cmd.visitorData = { account: String(4_000_000 + n) };
  return cmd;
}

export interface Operator {
  operatorId: string;
  windowId: string;
  token: string;
}

export interface Office {
  kiosks: string[];
  operators: Operator[];
  /** Tickets issued so far (all phases): drives the topic rotation. */
  issued: number;
}

/** Logs the six demo operators in at their windows and pairs the kiosks, through the public API. */
export async function openOffice(http: TalonHttp, kiosks: number): Promise<Office> {
  const operators: Operator[] = [];
  for (let n = 1; n <= 6; n++) {
    const session = await http.login(`operator${n}`, `talon${n}`);
    const windowId = `w${n}`;
    const r = await http.command(session.token, { type: 'operatorLogin', windowId });
    if (!acked(r)) throw new Error(`operatorLogin op${n}: ${JSON.stringify(r.body)}`);
    operators.push({ operatorId: session.user.operatorId ?? `op${n}`, windowId, token: session.token });
  }
  const kioskTokens: string[] = [];
  for (let k = 1; k <= kiosks; k++) kioskTokens.push((await http.pair('kiosk', `Bench kiosk ${k}`)).token);
  return { kiosks: kioskTokens, operators, issued: 0 };
}

/**
 * Issues `count` tickets with bounded concurrency (untimed set-up, e.g. the queue before opening);
 * returns the sequence number the last of them was committed at.
 */
export async function issueTickets(http: TalonHttp, office: Office, count: number, concurrency = 8): Promise<number> {
  let left = count;
  let seq = 0;
  const worker = async () => {
    while (left > 0) {
      left--;
      const n = office.issued++;
      const kiosk = office.kiosks[n % office.kiosks.length] ?? '';
      const r = await http.command(kiosk, ticketCommand(n));
      if (!acked(r)) throw new Error(`issueTicket: ${JSON.stringify(r.body)}`);
      seq = Math.max(seq, r.body.seq);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return seq;
}

/** Fails early, with the reason, when a run would need more ticket numbers than a day has. */
export function checkNumberRange(totalTickets: number): void {
  const perService = Math.ceil(totalTickets / SERVICES);
  if (perService > MAX_TICKETS_PER_SERVICE - 10) {
    const msg = `this run would issue about ${perService} tickets per service; numbering stops at ${MAX_TICKETS_PER_SERVICE}: use fewer --commands/--calls`;
    note(msg);
    throw new Error(msg);
  }
}
