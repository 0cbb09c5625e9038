import {
  type Appointment,
  type DomainEvent,
  type EngineState,
  type FeedbackRow,
  phoneKey,
  type Ticket,
  type VisitorData,
} from '@talon/protocol';
import type Database from 'better-sqlite3';

type DB = Database.Database;

/**
 * 152-ФЗ by construction: what a visitor typed (account, phone, a booking's name, a complaint's contact)
 * lives in one table, `personal_data`, and nowhere else on disk. The event log, the projections and the
 * snapshots carry a reference (`personalRef`) instead, so a retention purge or an erasure deletes rows
 * here and nothing else has to be rewritten. This module is the only one that reads or writes the values.
 */

export type PersonalKind = 'account' | 'phone' | 'name' | 'contact';

export interface PersonalRow {
  /** What the log points to: `ticket:<ticket id>`, `booking:<booking id>`, `feedback:<event seq>`. */
  ref: string;
  kind: PersonalKind;
  value: string;
  /** The digits of a phone number (a phone, or a contact that is one): what export and erasure look up. */
  phone: string | null;
  /** The visit's instant the retention counts from: the ticket's issue, the booking's slot, the feedback. */
  at: number;
}

export type PersonalValues = Partial<Record<PersonalKind, string>>;

export const personalRef = {
  ticket: (ticketId: string) => `ticket:${ticketId}`,
  booking: (appointmentId: string) => `booking:${appointmentId}`,
  feedback: (seq: number) => `feedback:${seq}`,
  /** A follow-up the administrator or an operator recorded with the visitor's contact (server/src/followups). */
  followUp: (id: number) => `followup:${id}`,
};

/** Where the office compares phone numbers (export, erasure, follow-ups): one rule for all of Talon. */
export { phoneKey };

const hasValues = (v: VisitorData | undefined): v is VisitorData => !!v && (!!v.account || !!v.phone);

export interface Separated {
  /** What is written: the event with references instead of values. */
  persisted: DomainEvent;
  /** What the office folds into its memory and sends to operators and administrators: both. */
  live: DomainEvent;
  rows: PersonalRow[];
}

const NONE: PersonalRow[] = [];

function ticketRows(t: Ticket, ref: string): PersonalRow[] {
  const v = t.visitorData ?? {};
  const rows: PersonalRow[] = [];
  if (v.account) rows.push({ ref, kind: 'account', value: v.account, phone: null, at: t.issuedAt });
  if (v.phone) rows.push({ ref, kind: 'phone', value: v.phone, phone: phoneKey(v.phone), at: t.issuedAt });
  return rows;
}

/** The ticket as the log keeps it: the reference, not the values. */
function bareTicket(t: Ticket): Ticket {
  const { visitorData: _v, ...bare } = t;
  return { ...bare, personalRef: t.personalRef ?? personalRef.ticket(t.id) };
}

function bareAppointment(a: Appointment): Appointment {
  const { visitorName: _n, phone: _p, ...bare } = a;
  return { ...bare, personalRef: a.personalRef ?? personalRef.booking(a.id) };
}

/** Splits an event about to be committed into what is written to the log and the personal-data rows. */
export function separate(e: DomainEvent, seq: number): Separated {
  switch (e.type) {
    case 'TicketIssued':
    case 'WalkInStarted': {
      if (!hasValues(e.ticket.visitorData)) break;
      const ticket = bareTicket(e.ticket);
      return {
        persisted: { ...e, ticket },
        live: { ...e, ticket: { ...ticket, visitorData: e.ticket.visitorData } },
        rows: ticketRows(e.ticket, ticket.personalRef as string),
      };
    }
    case 'AppointmentCreated': {
      const a = e.appointment;
      if (!a.visitorName && !a.phone) break;
      const appointment = bareAppointment(a);
      const ref = appointment.personalRef as string;
      const at = Math.max(e.at, a.slotAt);
      const rows: PersonalRow[] = [];
      if (a.visitorName) rows.push({ ref, kind: 'name', value: a.visitorName, phone: null, at });
      if (a.phone) rows.push({ ref, kind: 'phone', value: a.phone, phone: phoneKey(a.phone), at });
      return {
        persisted: { ...e, appointment },
        live: {
          ...e,
          appointment: {
            ...appointment,
            ...(a.visitorName ? { visitorName: a.visitorName } : {}),
            ...(a.phone ? { phone: a.phone } : {}),
          },
        },
        rows,
      };
    }
    case 'FeedbackReceived': {
      if (!e.contact) break;
      const { contact, ...rest } = e;
      const ref = personalRef.feedback(seq);
      return {
        persisted: { ...rest, personalRef: ref },
        live: { ...rest, personalRef: ref, contact },
        rows: [{ ref, kind: 'contact', value: contact, phone: phoneKey(contact), at: e.at }],
      };
    }
    default:
      break;
  }
  return { persisted: e, live: e, rows: NONE };
}

/**
 * The state as a snapshot (or a report's cursor) keeps it: every value replaced by its reference. Copies
 * only what it changes; the state itself is left as it is.
 */
export function withoutValues(state: EngineState): EngineState {
  let tickets: EngineState['tickets'] | undefined;
  for (const [id, t] of Object.entries(state.tickets ?? {})) {
    if (t.visitorData === undefined) continue;
    tickets ??= { ...state.tickets };
    if (hasValues(t.visitorData)) tickets[id] = bareTicket(t);
    else {
      const { visitorData: _v, ...bare } = t;
      tickets[id] = bare;
    }
  }
  let appointments: EngineState['appointments'] | undefined;
  for (const [id, a] of Object.entries(state.appointments ?? {})) {
    if (a.visitorName === undefined && a.phone === undefined) continue;
    appointments ??= { ...state.appointments };
    appointments[id] = bareAppointment(a);
  }
  if (!tickets && !appointments) return state;
  return { ...state, ...(tickets ? { tickets } : {}), ...(appointments ? { appointments } : {}) };
}

/** What is stored about one reference, for the export. */
export interface PersonalRecord {
  ref: string;
  at: number;
  values: PersonalValues;
}

export interface PersonalStore {
  /** Inside the append transaction: the rows commit with their event or not at all. */
  insert(rows: readonly PersonalRow[]): void;
  /** Puts the values back on the live tickets and bookings of a state recovered from the log. */
  hydrate(state: EngineState): void;
  /** The feedback register's rows with the contact each was given with, while it is kept. */
  withContacts(rows: FeedbackRow[]): FeedbackRow[];
  /** Every reference that holds this phone number (as a phone or a contact), with all its values. */
  byPhone(phone: string): PersonalRecord[];
  /** The contact kept under each of these references, while it is kept (the follow-ups register). */
  contactsOf(refs: readonly string[]): Map<string, string>;
  /** The values kept under one reference, while they are kept (the notifications' phone, server/src/notify). */
  valuesOf(ref: string): PersonalValues;
  /** References starting with `refPrefix` that hold this phone number's key since `since` (the per-phone limits). */
  countSince(phoneKey: string, since: number, refPrefix: string): number;
  /** Deletes every value of these references; returns how many rows went. */
  erase(refs: readonly string[]): number;
  /** Deletes the values of visits before `before`; returns the references and rows that went. */
  purge(before: number): { refs: string[]; rows: number };
  /** Rows kept now (metrics, tests). */
  count(): number;
}

interface Row {
  ref: string;
  kind: PersonalKind;
  value: string;
  at: number;
}

function group(rows: readonly Row[]): Map<string, PersonalRecord> {
  const out = new Map<string, PersonalRecord>();
  for (const r of rows) {
    let rec = out.get(r.ref);
    if (!rec) {
      rec = { ref: r.ref, at: r.at, values: {} };
      out.set(r.ref, rec);
    }
    rec.values[r.kind] = r.value;
  }
  return out;
}

export function createPersonalStore(db: DB): PersonalStore {
  const s = {
    insert: db.prepare<[string, string, string, string | null, number]>(
      'INSERT OR REPLACE INTO personal_data (ref, kind, value, phone, at) VALUES (?, ?, ?, ?, ?)',
    ),
    // a JSON array of references: one statement for any number of them
    ofRefs: db.prepare<[string], Row>(
      'SELECT ref, kind, value, at FROM personal_data WHERE ref IN (SELECT value FROM json_each(?)) ORDER BY ref',
    ),
    byPhone: db.prepare<[string], Row>(
      `SELECT ref, kind, value, at FROM personal_data
       WHERE ref IN (SELECT ref FROM personal_data WHERE phone = ?) ORDER BY at, ref`,
    ),
    erase: db.prepare<[string]>('DELETE FROM personal_data WHERE ref IN (SELECT value FROM json_each(?))'),
    expired: db.prepare<[number], string>('SELECT DISTINCT ref FROM personal_data WHERE at < ?').pluck(),
    purge: db.prepare<[number]>('DELETE FROM personal_data WHERE at < ?'),
    count: db.prepare<[], number>('SELECT COUNT(*) FROM personal_data').pluck(),
    countSince: db
      .prepare<[{ phone: string; since: number; prefix: string }], number>(
        `SELECT COUNT(DISTINCT ref) FROM personal_data
         WHERE phone = @phone AND kind = 'phone' AND at >= @since AND substr(ref, 1, length(@prefix)) = @prefix`,
      )
      .pluck(),
  };
  const valuesOf = (refs: readonly string[]) =>
    refs.length === 0 ? new Map<string, PersonalRecord>() : group(s.ofRefs.all(JSON.stringify(refs)));

  const purgeTx = db.transaction((before: number) => {
    const refs = s.expired.all(before);
    return { refs, rows: s.purge.run(before).changes };
  });

  return {
    insert(rows) {
      for (const r of rows) s.insert.run(r.ref, r.kind, r.value, r.phone, r.at);
    },
    hydrate(state) {
      const refs = [
        ...Object.values(state.tickets ?? {}).flatMap((t) => (t.personalRef ? [t.personalRef] : [])),
        ...Object.values(state.appointments ?? {}).flatMap((a) => (a.personalRef ? [a.personalRef] : [])),
      ];
      const found = valuesOf(refs);
      if (refs.length === 0) return;
      for (const t of Object.values(state.tickets)) {
        const v = t.personalRef ? found.get(t.personalRef)?.values : undefined;
        if (!v || (!v.account && !v.phone)) continue;
        t.visitorData = { ...(v.account ? { account: v.account } : {}), ...(v.phone ? { phone: v.phone } : {}) };
      }
      for (const a of Object.values(state.appointments)) {
        const v = a.personalRef ? found.get(a.personalRef)?.values : undefined;
        if (v?.name) a.visitorName = v.name;
        if (v?.phone) a.phone = v.phone;
      }
    },
    withContacts(rows) {
      const found = valuesOf(rows.map((r) => personalRef.feedback(r.id)));
      return rows.map((r) => {
        const contact = found.get(personalRef.feedback(r.id))?.values.contact;
        return contact ? { ...r, contact } : r;
      });
    },
    byPhone: (phone) => [...group(s.byPhone.all(phone)).values()],
    contactsOf(refs) {
      const out = new Map<string, string>();
      for (const [ref, rec] of valuesOf(refs)) if (rec.values.contact) out.set(ref, rec.values.contact);
      return out;
    },
    valuesOf: (ref) => valuesOf([ref]).get(ref)?.values ?? {},
    countSince: (phone, since, prefix) => s.countSince.get({ phone, since, prefix }) ?? 0,
    erase: (refs) => (refs.length === 0 ? 0 : s.erase.run(JSON.stringify(refs)).changes),
    purge: (before) => purgeTx.immediate(before),
    count: () => s.count.get() ?? 0,
  };
}
