import { z } from 'zod';
import { BookingCalendar, ReturnedBooking } from '../booking.js';
import { issueWord } from '../issues.js';
import { LocalText } from '../text.js';

/**
 * The wire between an office server and head office (issue 13). The office pushes its outbox in
 * order; head office stores each (office, seq) once and answers with the last seq it holds, so a
 * retry, a replay or a second head-office process can never double an event.
 */

/** At most this many events in one batch (≈ 1 MB of JSON). */
export const SYNC_BATCH_MAX = 1000;

/**
 * One event as it leaves the office: personal data already removed (152-ФЗ), `digest` the
 * SHA-256 hex of `payload`'s canonical JSON (the office's `canonicalJson`). Head office compares
 * digests of an overlap to tell a harmless replay from a log that differs (an office restored from
 * an older backup that went on writing).
 */
/** A phone as head office may compare it, never read it (`bookingPhoneTag`, server/src/links.ts). */
export const PhoneTag = z.string().regex(/^[0-9a-f]{32}$/);

export const SyncEvent = z.object({
  seq: z.int().positive(),
  /** Epoch ms, the event's own `at`. */
  at: z.int().nonnegative(),
  type: z.string().min(1).max(64),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * A plain object, checked without being copied: head office reads its fields defensively and stores
   * its text as received (a record schema would rebuild half a megabyte of objects per batch).
   */
  payload: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    message: issueWord('payloadObject'),
  }),
  /**
   * A booking's (`AppointmentCreated`) phone as a tag head office can compare but not read (HMAC of the
   * phone key under the office's link secret): beside the payload, so it is neither in the digest nor
   * stored with the event; head office's per-phone limit counts it.
   */
  phoneTag: PhoneTag.optional(),
});
export type SyncEvent = z.infer<typeof SyncEvent>;

/** A waiting ticket as head office's read-only hall view shows it (numbers only, no visitor data). */
export const HallTicket = z.object({
  number: z.string().max(16),
  serviceId: z.string().max(64),
  waitSec: z.int().nonnegative(),
  /** The wait norm of its service, seconds; null when the service has none. */
  normSec: z.int().nonnegative().nullable(),
  priority: z.boolean(),
  /**
   * For the visitor's page on head office (issue 15), the first tickets of the queue only: how many the office
   * will call before this one (null: nobody at a window serves it) and the twin's range in whole minutes.
   */
  ahead: z.int().nonnegative().nullable().optional(),
  estimate: z.object({ lowMin: z.int().nonnegative(), highMin: z.int().nonnegative() }).nullable().optional(),
});
export type HallTicket = z.infer<typeof HallTicket>;

export const HallWindow = z.object({
  windowNumber: z.int(),
  /** Staff are not visitors: the operator's display name is shown to head office. */
  operatorName: z.string().max(120).nullable(),
  state: z.enum(['closed', 'idle', 'calling', 'serving', 'break', 'wrap-up']),
  ticketNumber: z.string().max(16).nullable(),
  /** Seconds in the current state. */
  sinceSec: z.int().nonnegative(),
});
export type HallWindow = z.infer<typeof HallWindow>;

/**
 * The office's live figures, sent with every batch (and alone as a heartbeat every 15 s while idle):
 * head office's company screen shows them without folding anyone's events.
 */
export const OfficeStatus = z.object({
  /** Office clock, epoch ms. */
  at: z.int().nonnegative(),
  dayKey: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  waitingNow: z.int().nonnegative(),
  /** The longest current wait and the norm of that ticket's service (seconds; null: none waiting / no norm). */
  longestWaitSec: z.int().nonnegative().nullable(),
  longestWaitNormSec: z.int().nonnegative().nullable(),
  /** Visits closed today whose wait was within its norm, 0..1; null before the first visit. */
  withinNormShareToday: z.number().min(0).max(1).nullable(),
  servedToday: z.int().nonnegative(),
  operatorsAtWork: z.int().nonnegative(),
  devicesInAlarm: z.int().nonnegative(),
  alarms: z.array(z.object({ kind: z.string().max(64), text: LocalText })).max(50),
  services: z.array(z.object({ id: z.string().max(64), name: LocalText, prefix: z.string().max(8) })).max(200),
  queue: z.array(HallTicket).max(200),
  windows: z.array(HallWindow).max(200),
  /** The profile version this office runs (null: none applied yet). */
  profileVersion: z.int().positive().nullable(),
  softwareVersion: z.string().max(40),
  /** What the office's booking slots are made of (issue 15): head office offers the same slots. */
  booking: BookingCalendar.optional(),
  /** The entrance QR's menu (issue 15): head office's `/o/<code>/take` offers it as the office does. */
  menu: z.lazy(() => StatusMenu).optional(),
});
export type OfficeStatus = z.infer<typeof OfficeStatus>;

export const SyncBatch = z.object({
  /** The office's own last seq: below what head office holds means the office went back in time. */
  officeLastSeq: z.int().nonnegative(),
  events: z.array(SyncEvent).max(SYNC_BATCH_MAX),
  /** What is still waiting in the office's outbox after this batch, and the `at` of its oldest event. */
  backlog: z.object({ count: z.int().nonnegative(), oldestAt: z.int().nonnegative().nullable() }).optional(),
  status: OfficeStatus.optional(),
  /**
   * Phones whose personal data the office erased on a visitor's request (152-ФЗ), as tags: head office
   * erases the name and phone of its own bookings with them, and their tags, then names them in `erased`.
   */
  erasures: z.array(PhoneTag).max(100).optional(),
});
export type SyncBatch = z.infer<typeof SyncBatch>;

/** A rating or feedback given on head office's public page, on its way back to the office. */
export const ReturnedRating = z.object({
  /** Head office's id: the office acknowledges it once applied (a second delivery is ignored there). */
  id: z.string(),
  ticketId: z.string(),
  score: z.int().min(1).max(5),
  reasons: z.array(z.string()).max(10),
  /** Optional written feedback from the page; personal data stays only until the office acknowledges it. */
  feedback: z
    .object({ type: z.string().max(40), text: z.string().max(2000), contact: z.string().max(200).optional() })
    .optional(),
  at: z.int(),
});
export type ReturnedRating = z.infer<typeof ReturnedRating>;

export const SyncAck = z.object({
  /** The last seq head office holds for this office's log; the office marks everything up to it sent. */
  ackSeq: z.int().nonnegative(),
  /** Head office's log epoch for this office (grows when a restored office's log forked). */
  epoch: z.int().positive(),
  stored: z.int().nonnegative(),
  duplicates: z.int().nonnegative(),
  /** Set when head office saw this office go back in time or fork; the office shows it to its administrator. */
  attention: z.enum(['behind', 'forked']).nullable(),
  /** A newer profile than the office runs is published for it. */
  profileVersion: z.int().positive().nullable(),
  ratings: z.array(ReturnedRating),
  /** Bookings made or cancelled on head office's public page, until the office acknowledges them. */
  bookings: z.array(ReturnedBooking).optional(),
  /** The batch's `erasures` carried out: the office stops sending them. */
  erased: z.array(PhoneTag).optional(),
});
export type SyncAck = z.infer<typeof SyncAck>;

/** `SYNC_GAP` details: where head office wants the office to resume. */
export interface SyncGapDetails {
  expectSeq: number;
  receivedSeq: number;
}

/**
 * The head-office screens' live channel: socket.io namespace `/hq`, handshake `auth: { token }` (a
 * head-office session). On connect the server emits `snapshot` (OfficeRow[] the user may see), then
 * `office` (one OfficeRow) whenever an office's figures or sync state change, from any process.
 */
export const HQ_LIVE_NAMESPACE = '/hq';

/** `HQ_BUSY` / `TOO_MANY_REQUESTS` details: when to come back. */
export interface RetryDetails {
  retryAfterMs: number;
}

export const SyncHello = z.object({
  /** The office's link-signing secret (hex): head office verifies the visit links it prints. */
  linkSecret: z.string().regex(/^[0-9a-f]{64}$/),
  timeZone: z.string().max(64),
  name: LocalText.optional(),
  softwareVersion: z.string().max(40),
});
export type SyncHello = z.infer<typeof SyncHello>;

export interface SyncWelcome {
  officeId: string;
  code: string;
  name: LocalText;
  ackSeq: number;
  epoch: number;
  /** Where the visitor's phone reaches this office's visit pages: `${publicBase}/v/<token>`; null if not public. */
  publicBase: string | null;
}

export const ProfileResult = z.object({
  version: z.int().positive(),
  applied: z.boolean(),
  /** Why the office refused it (validation messages), when not applied. */
  reason: z.string().max(4000).optional(),
});
export type ProfileResult = z.infer<typeof ProfileResult>;

/**
 * What the office adds to a visit that closes (`visit` of ServiceFinished, TicketNoShow and
 * TicketCancelled) on the wire: the norms in force when the ticket was issued, so head office judges
 * "within norm" exactly as the office's own reports do. Seconds; null: no such norm.
 */
export interface WireVisitNorms {
  waitSec: number | null;
  serviceSec: number | null;
  totalSec: number | null;
}

/** JSON with object keys sorted at every depth: the same value always gives the same text (and digest). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The take-a-ticket menu as the office last sent it: `PublicMenu` without the office's own `takeUrl`. */
export const StatusMenu = z.object({
  office: z.object({ name: LocalText, address: z.string().max(400).optional(), timeZone: z.string().max(64) }),
  /** Tickets could be taken on the phone when the status was made (the office checks again on the request). */
  open: z.boolean(),
  closedCode: z
    .enum(['PHONE_TICKETS_DISABLED', 'OUTSIDE_RECEPTION_HOURS', 'LIVE_QUEUE_MODE', 'NOT_CONFIGURED'])
    .optional(),
  perPhonePerDay: z.int().nonnegative(),
  segments: z.array(z.object({ id: z.string().max(64), name: LocalText })).max(200),
  topics: z
    .array(
      z.object({
        id: z.string().max(64),
        name: LocalText,
        segmentIds: z.array(z.string().max(64)).max(200),
        serviceId: z.string().max(64),
        documents: LocalText.optional(),
      }),
    )
    .max(500),
});
export type StatusMenu = z.infer<typeof StatusMenu>;

/**
 * A ticket asked for on head office's `/o/<code>/take`, waiting for its office (which polls for them every
 * few seconds): the body the office's own `POST /api/public/tickets` takes, and head office's id.
 */
export const TicketRequest = z.object({
  id: z.string().max(64),
  topicId: z.string().max(64).optional(),
  segmentId: z.string().max(64).optional(),
  serviceId: z.string().max(64).optional(),
  phone: z.string().max(40),
});
export type TicketRequest = z.infer<typeof TicketRequest>;

/** What the office made of a ticket request: the ticket (its id signs head office's visit link) or the refusal. */
export const TicketRequestResult = z.discriminatedUnion('ok', [
  z.object({
    id: z.string().max(64),
    ok: z.literal(true),
    ticketId: z.string().max(120),
    number: z.string().max(16),
    /** Until when the visit link is valid (the office's rating period decides), epoch ms. */
    visitExp: z.int().nonnegative(),
  }),
  z.object({
    id: z.string().max(64),
    ok: z.literal(false),
    code: z.string().max(64),
    details: z.unknown().optional(),
  }),
]);
export type TicketRequestResult = z.infer<typeof TicketRequestResult>;
