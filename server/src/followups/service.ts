import { dayKeyOf, localTimeToEpoch } from '@talon/engine';
import {
  type DomainEvent,
  FOLLOW_UP_TYPE_NAMES,
  type FollowUp,
  type FollowUpCreateBody,
  type FollowUpFromVisitBody,
  type FollowUpList,
  type FollowUpListQuery,
  type FollowUpSource,
  type FollowUpType,
  followUpSettingsOf,
  type OfficeConfig,
  talonError,
} from '@talon/protocol';
import type { Result } from '../auth/index.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { personalRef, phoneKey } from '../store/personal.js';
import { addDays, dueDayOf, type WorkCalendar, workingDaysBetween } from './calendar.js';
import { createFollowUpTables, type FollowUpRow, type FollowUpTables } from './store.js';

export interface FollowUpDeps {
  office: Office;
  store: Store;
  /** Something in the register changed (the monitor re-evaluates its alarms). */
  onChange?: () => void;
  log?: (msg: string, err?: unknown) => void;
}

/** Who acts: a display name for `updated_by`, a user id for the owner. */
export interface FollowUpActor {
  name: string;
  userId?: string;
  /** An operator (not an administrator) may record only the visits they served. */
  operatorId?: string;
}

const fail = <T>(code: Parameters<typeof talonError>[0], details?: unknown): Result<T> => ({
  ok: false,
  error: talonError(code, details),
});

export function calendarOf(config: OfficeConfig): WorkCalendar {
  return { workingWeekdays: followUpSettingsOf(config).workingWeekdays, holidays: config.holidays };
}

/**
 * The follow-ups register: what the office owes a visitor after the visit, with its deadline in working
 * days of the office calendar. Feedback from the rating terminal and the phone page opens a follow-up in
 * the same transaction as the feedback itself, so one is never lost to a crash between the two.
 */
export class FollowUpService {
  readonly tables: FollowUpTables;
  /** Bumped on every write: the alarm evaluation reuses its result while nothing changed. */
  version = 0;
  private readonly office: Office;
  private readonly store: Store;
  private readonly onChange: () => void;
  private readonly log: (msg: string, err?: unknown) => void;
  private readonly leave: () => void;

  constructor(deps: FollowUpDeps) {
    this.office = deps.office;
    this.store = deps.store;
    this.tables = createFollowUpTables(deps.store.db);
    this.onChange = deps.onChange ?? (() => {});
    this.log = deps.log ?? ((m, e) => console.error(m, e));
    let fromFeedback = false;
    this.leave = this.office.onCommit({
      inTransaction: (e, seq) => {
        if (e.type === 'FeedbackReceived' && this.fromFeedback(e, seq)) fromFeedback = true;
      },
      afterCommit: () => {
        if (!fromFeedback) return;
        fromFeedback = false;
        this.changed();
      },
    });
  }

  /** Leaves the office's commits (server shutdown). */
  stop(): void {
    this.leave();
  }

  config(): OfficeConfig | null {
    return this.office.config;
  }

  now(): number {
    return this.office.clock.now();
  }

  private changed() {
    this.version++;
    try {
      this.onChange();
    } catch (err) {
      this.log('follow-ups: change listener failed', err);
    }
  }

  /** The deadline of something filed at `at`: the last day to answer and the instant it is missed. */
  dueOf(config: OfficeConfig, type: FollowUpType, at: number) {
    const setting = followUpSettingsOf(config).types[type];
    const createdDay = dayKeyOf(at, config.timeZone);
    const dueDay = dueDayOf(calendarOf(config), createdDay, setting.deadline, setting.unit);
    const dueAt = localTimeToEpoch(addDays(dueDay, 1), '00:00', config.timeZone);
    return { createdDay, dueDay, dueAt, deadline: setting.deadline, unit: setting.unit };
  }

  /** Inside the feedback's append transaction; returns whether a follow-up was opened. */
  private fromFeedback(e: Extract<DomainEvent, { type: 'FeedbackReceived' }>, seq: number): boolean {
    const config = this.office.config;
    if (!config) return false;
    const type: FollowUpType = e.feedbackType;
    if (!followUpSettingsOf(config).types[type].fromFeedback) return false;
    // Seed 004 Гл.4 §1 п.2.5: a complaint nobody can be answered at is kept, not acted on.
    if (type === 'complaint' && !e.actionable) return false;
    const source: FollowUpSource = e.channel === 'terminal' ? 'terminal' : 'phone';
    const number = e.ticketId ? (this.store.visit(e.ticketId)?.number ?? null) : null;
    this.tables.insert({
      type,
      text: e.text ?? '',
      source,
      ticket_id: e.ticketId ?? null,
      ticket_number: number,
      feedback_seq: seq,
      // the feedback's own contact row: purged by the same retention, erased with it
      personal_ref: e.personalRef ?? null,
      owner_id: null,
      created_at: e.at,
      updated_by: null,
      updated_at: e.at,
      ...dueFields(this.dueOf(config, type, e.at)),
    });
    return true;
  }

  /** An administrator's entry: a feedback-book page, a letter, a call. */
  create(body: FollowUpCreateBody, by: FollowUpActor): Result<FollowUp> {
    const config = this.office.config;
    if (!config) return fail('NOT_CONFIGURED');
    if (body.ownerId && !this.tables.isActiveUser(body.ownerId))
      return fail('FOLLOW_UP_UNKNOWN_OWNER', { ownerId: body.ownerId });
    return this.insertWithContact(config, {
      type: body.type,
      text: body.text,
      source: 'admin',
      ticketId: null,
      ticketNumber: body.ticketNumber ?? null,
      ownerId: body.ownerId ?? null,
      contact: body.contact,
      by,
    });
  }

  /** The operator finishing a visit whose topic has a deadline (`topic.followUp`). */
  fromVisit(body: FollowUpFromVisitBody, by: FollowUpActor): Result<FollowUp> {
    const config = this.office.config;
    if (!config) return fail('NOT_CONFIGURED');
    const visit = this.store.visit(body.ticketId);
    const live = this.office.view().tickets[body.ticketId];
    const number = visit?.number ?? live?.number;
    if (!number) return fail('UNKNOWN_TICKET', { ticketId: body.ticketId });
    if (by.operatorId !== undefined && (visit?.operatorId ?? live?.operatorId) !== by.operatorId)
      return fail('UNKNOWN_TICKET', { ticketId: body.ticketId });
    const topicId = visit?.topicId ?? live?.topicId;
    const topic = config.topics.find((t) => t.id === topicId);
    const type = body.type ?? topic?.followUp;
    if (!type) return fail('FOLLOW_UP_NO_DEADLINE', { ticketId: body.ticketId });
    if (this.tables.byVisit(body.ticketId)) return fail('FOLLOW_UP_EXISTS', { ticketId: body.ticketId });
    const about = topic ? `${topic.name.ru} · ` : '';
    return this.insertWithContact(config, {
      type,
      text: body.text || `${about}${FOLLOW_UP_TYPE_NAMES[type].ru}, талон ${number}`,
      source: 'visit',
      ticketId: body.ticketId,
      ticketNumber: number,
      ownerId: by.userId ?? null,
      contact: body.contact,
      by,
    });
  }

  private insertWithContact(
    config: OfficeConfig,
    f: {
      type: FollowUpType;
      text: string;
      source: FollowUpSource;
      ticketId: string | null;
      ticketNumber: string | null;
      ownerId: string | null;
      contact: string | undefined;
      by: FollowUpActor;
    },
  ): Result<FollowUp> {
    const now = this.office.clock.now();
    const id = this.store.transaction(() => {
      const id = this.tables.insert({
        type: f.type,
        text: f.text,
        source: f.source,
        ticket_id: f.ticketId,
        ticket_number: f.ticketNumber,
        feedback_seq: null,
        owner_id: f.ownerId,
        created_at: now,
        updated_by: f.by.name,
        updated_at: now,
        ...dueFields(this.dueOf(config, f.type, now)),
      });
      if (f.contact) {
        // 152-ФЗ: the value lives in personal_data only, purged with the office's retention like the rest
        const ref = personalRef.followUp(id);
        this.store.personal.insert([{ ref, kind: 'contact', value: f.contact, phone: phoneKey(f.contact), at: now }]);
        this.tables.setPersonalRef(id, ref);
      }
      return id;
    });
    this.changed();
    return { ok: true, value: this.get(id) as FollowUp };
  }

  take(id: number, ownerId: string | undefined, by: FollowUpActor): Result<FollowUp> {
    const row = this.tables.get(id);
    if (!row) return fail('NOT_FOUND', { id });
    const owner = ownerId ?? by.userId;
    if (!owner || !this.tables.isActiveUser(owner)) return fail('FOLLOW_UP_UNKNOWN_OWNER', { ownerId });
    if (!this.tables.take(id, owner, by.name, this.office.clock.now()))
      return fail('FOLLOW_UP_WRONG_STATUS', { id, status: row.status });
    return this.done(id);
  }

  answer(id: number, answer: string, by: FollowUpActor): Result<FollowUp> {
    const row = this.tables.get(id);
    if (!row) return fail('NOT_FOUND', { id });
    if (!this.tables.answer(id, answer, by.name, this.office.clock.now()))
      return fail('FOLLOW_UP_WRONG_STATUS', { id, status: row.status });
    return this.done(id);
  }

  close(id: number, note: string | undefined, by: FollowUpActor): Result<FollowUp> {
    const row = this.tables.get(id);
    if (!row) return fail('NOT_FOUND', { id });
    if (!this.tables.close(id, note || null, by.name, this.office.clock.now()))
      return fail('FOLLOW_UP_WRONG_STATUS', { id, status: row.status });
    return this.done(id);
  }

  private done(id: number): Result<FollowUp> {
    this.changed();
    return { ok: true, value: this.get(id) as FollowUp };
  }

  get(id: number): FollowUp | null {
    const row = this.tables.get(id);
    return row ? (this.toFollowUps([row])[0] ?? null) : null;
  }

  list(q: FollowUpListQuery): FollowUpList {
    const now = this.office.clock.now();
    const zone = this.office.config?.timeZone ?? 'UTC';
    return { items: this.toFollowUps(this.tables.list(q, now)), at: now, today: dayKeyOf(now, zone) };
  }

  /** Rows as the register shows them: the contact while it is kept, the owner's name. */
  toFollowUps(rows: readonly FollowUpRow[]): FollowUp[] {
    const refs = rows.flatMap((r) => (r.personal_ref ? [r.personal_ref] : []));
    const contacts = refs.length ? this.store.personal.contactsOf(refs) : new Map<string, string>();
    const config = this.office.config;
    const now = this.office.clock.now();
    const cal = config ? calendarOf(config) : null;
    const today = dayKeyOf(now, config?.timeZone ?? 'UTC');
    const names = new Map<string, string | null>();
    const nameOf = (id: string | null) => {
      if (!id) return null;
      if (!names.has(id)) names.set(id, this.tables.userName(id));
      return names.get(id) ?? null;
    };
    return rows.map((r) => {
      const open = r.status === 'new' || r.status === 'in-progress';
      return {
        id: r.id,
        type: r.type,
        status: r.status,
        text: r.text,
        source: r.source,
        ticketNumber: r.ticket_number,
        ticketId: r.ticket_id,
        feedbackSeq: r.feedback_seq,
        contact: r.personal_ref ? (contacts.get(r.personal_ref) ?? null) : null,
        ownerId: r.owner_id,
        ownerName: nameOf(r.owner_id),
        createdAt: r.created_at,
        createdDay: r.created_day,
        dueDay: r.due_day,
        dueAt: r.due_at,
        deadline: r.deadline,
        unit: r.unit,
        overdue: open && now >= r.due_at,
        workingDaysLeft: open && cal ? workingDaysBetween(cal, today, r.due_day) : null,
        answer: r.answer,
        answeredAt: r.answered_at,
        closedAt: r.closed_at,
        updatedBy: r.updated_by,
        updatedAt: r.updated_at,
      };
    });
  }
}

function dueFields(d: ReturnType<FollowUpService['dueOf']>) {
  return { created_day: d.createdDay, due_day: d.dueDay, due_at: d.dueAt, deadline: d.deadline, unit: d.unit };
}
