import { z } from 'zod';
import { AlarmSettings } from './alarms.js';
import { BoardConfig, boardConfigIssues } from './board.js';
import { BookingSettings } from './booking.js';
import { FollowUpSettings, FollowUpType } from './followups.js';
import { bilingualIssue, issueWord } from './issues.js';
import { KioskSettings, TicketLayout } from './printing.js';
import { LocalText } from './text.js';

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, issueWord('latinId'));
export type Id = z.infer<typeof Id>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
/** [from, to) in the office's local time. */
export const TimeRange = z.tuple([HHMM, HHMM]).refine(([a, b]) => a < b, 'the range must end after it starts');
export type TimeRange = z.infer<typeof TimeRange>;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Several ranges per day allow a lunch closure. A missing day is closed. */
export const WeekSchedule = z.partialRecord(z.enum(WEEKDAYS), z.array(TimeRange).max(6));
export type WeekSchedule = z.infer<typeof WeekSchedule>;

export const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

export const Service = z.object({
  id: Id,
  name: LocalText,
  /** One Cyrillic (or Latin) capital letter printed before the number: «К-012». */
  prefix: z.string().regex(/^[А-ЯЁA-Z]$/),
  waitNormMin: z.number().positive().max(600),
  serviceNormMin: z.number().positive().max(600),
  /** Tickets per local day; absent = no cap. */
  dailyCap: z.int().positive().optional(),
  /**
   * The visit continues at this service (consultation, then cash): the wait norm covers both waits together,
   * so the norm-aware call keeps the next service's own wait norm of it for the second wait.
   */
  thenServiceId: Id.optional(),
});
export type Service = z.infer<typeof Service>;

export const Segment = z.object({ id: Id, name: LocalText });
export type Segment = z.infer<typeof Segment>;

export const Topic = z.object({
  id: Id,
  name: LocalText,
  segmentIds: z.array(Id).min(1),
  serviceId: Id,
  /** Topic-level service norm (seed 001 annex), overrides the service's. */
  serviceNormMin: z.number().positive().max(600).optional(),
  /** Documents to bring, shown at the kiosk before the ticket. */
  documents: LocalText.optional(),
  /** Optional data the kiosk may ask for; shown only to the operator. */
  ask: z.enum(['none', 'account', 'phone']).default('none'),
  /** A visit on this topic leaves a follow-up with a deadline (e.g. a draft contract, seed 001 annex 1.6); the console offers it at finish. */
  followUp: FollowUpType.optional(),
});
export type Topic = z.infer<typeof Topic>;

export const Hall = z.object({ id: Id, name: LocalText });
export type Hall = z.infer<typeof Hall>;

export const Window = z.object({
  id: Id,
  number: z.int().min(1).max(999),
  hallId: Id,
  /** Spoken and shown as «окно 3» or «кабинет 3». */
  kind: z.enum(['window', 'cabinet']).default('window'),
});
export type Window = z.infer<typeof Window>;

export const Operator = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  /** The services this operator serves; editable during the day. */
  skills: z.array(Id),
  /** Shown on the rating terminal at the window (seed 001 §3.9); a URL or a path on this server. */
  photoUrl: z.string().max(500).optional(),
});
export type Operator = z.infer<typeof Operator>;

export const PriorityCategory = z.object({
  id: Id,
  name: LocalText,
  /** Seed 001 §3.5 «индивидуальный формат обслуживания»: choosing it at the kiosk calls a member of staff. */
  individual: z.boolean().optional(),
});
export type PriorityCategory = z.infer<typeof PriorityCategory>;

export const BreakReason = z.object({ id: Id, name: LocalText });
export type BreakReason = z.infer<typeof BreakReason>;

export const OutcomeCode = z.object({ id: Id, name: LocalText });
export type OutcomeCode = z.infer<typeof OutcomeCode>;

/** A reason a visitor may tick with a low mark (1…`rating.lowMarkMax`). */
export const RatingReason = z.object({ id: Id, name: LocalText });
export type RatingReason = z.infer<typeof RatingReason>;

/** Seed 004 Гл.6 п.2: the three forms of feedback. */
export const FEEDBACK_TYPES = ['complaint', 'proposal', 'review'] as const;
export const FeedbackType = z.enum(FEEDBACK_TYPES);
export type FeedbackType = z.infer<typeof FeedbackType>;

export const DEFAULT_RATING_REASONS: RatingReason[] = [
  { id: 'long-wait', name: { ru: 'Долгое ожидание', en: 'Long wait' } },
  { id: 'not-resolved', name: { ru: 'Вопрос не решён', en: 'My question was not resolved' } },
  { id: 'unclear', name: { ru: 'Непонятное объяснение', en: 'The explanation was unclear' } },
  { id: 'impolite', name: { ru: 'Невежливое обращение', en: 'Impolite treatment' } },
  { id: 'documents', name: { ru: 'Сложно с документами', en: 'Trouble with documents' } },
];

/** Seed 001 §3.9 and seed 004 Гл.6 leave the scale to us: 1–5, with reasons for low marks. */
export const RatingSettings = z.object({
  /** Marks up to this one ask for reasons. */
  lowMarkMax: z.int().min(1).max(5).default(3),
  /** A visit may be rated this long after it finished (the QR link's lifetime). */
  rateWithinHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  /** The rating terminal offers the prompt this long after the visit finished. */
  promptSec: z.int().min(10).max(3600).default(120),
  /** «Спасибо» stays this long before the terminal goes back to idle. */
  thanksSec: z.int().min(2).max(120).default(8),
  /** The desk QR rates the latest visit at the desk finished at most this long ago. */
  deskRecentMin: z
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Public address of the rating page (head office later); absent = this office server. */
  publicBaseUrl: z.url().max(300).optional(),
});
export type RatingSettings = z.infer<typeof RatingSettings>;

export const Rules = z.object({
  /** Recalls allowed after the first call; one more recall marks a no-show. */
  recallMaxCount: z.int().min(0).max(10).default(2),
  recallMinIntervalSec: z.int().min(0).max(600).default(15),
  /** After the last allowed call, a visitor who has not come by then is a no-show. */
  noShowAfterSec: z.int().min(10).max(3600).default(120),
  /** At most this many priority calls in a row per hall while regular tickets wait. */
  priorityMaxInRow: z.int().min(1).max(20).default(2),
  /** A regular ticket past its wait norm is not overtaken by priority tickets. */
  protectOverdueRegular: z.boolean().default(true),
  /** Seed 003 §8.6.5: «на 5 минут и более» late loses the slot (exactly 5 minutes included). */
  appointmentLateMin: z.int().min(0).max(120).default(5),
  appointmentEarlyCheckInMin: z.int().min(0).max(240).default(30),
  /** Total-visit norm (seed 001 §3.5: 33 min); absent = none. */
  totalNormMin: z.number().positive().max(600).optional(),
  /** Which dispatch policy calls the next ticket; the norm-aware one by default (docs/dispatch.md has the measurements). */
  dispatchPolicy: z.string().min(1).default('norm-deadline'),
  /** `norm-deadline` policy: a ticket waiting this many times its norm is called before anyone else (docs/dispatch.md). */
  rescueAfterNormTimes: z.number().min(1).max(10).default(2),
  /**
   * `norm-deadline` policy: also call first a ticket this many minutes past its norm, if that comes before
   * the multiple above. Absent = only the multiple. A small bound (2 min) costs no extra leavers but gives
   * up most of the gain within the norm (docs/dispatch.md §6): an explicit trade-off, off by default.
   */
  rescuePastNormMin: z.number().min(0).max(120).optional(),
  /**
   * A served visit is finished only with at least one outcome code (seed 001: «Результат» of every visit
   * in the export). Off by default so that an existing office and its API clients keep working until the
   * administrator turns it on; offices made from a preset have it on. The console asks for one either way.
   */
  outcomeRequired: z.boolean().default(false),
});
export type Rules = z.infer<typeof Rules>;

export const OfficeConfig = z
  .object({
    officeId: Id,
    name: LocalText,
    address: z.string().max(300).optional(),
    timeZone: TimeZone,
    normPreset: z.enum(['rosatom', 'kostroma', 'belgorod', 'rusenergosbyt', 'custom']).default('custom'),
    officeHours: WeekSchedule,
    receptionHours: WeekSchedule,
    /** Local dates (YYYY-MM-DD) with no reception. */
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
    halls: z.array(Hall).min(1),
    windows: z.array(Window).min(1),
    segments: z.array(Segment).min(1),
    services: z.array(Service).min(1),
    topics: z.array(Topic),
    operators: z.array(Operator),
    priorityCategories: z.array(PriorityCategory).default([]),
    breakReasons: z.array(BreakReason).min(1),
    outcomeCodes: z.array(OutcomeCode).min(1),
    ratingReasons: z.array(RatingReason).max(20).default(DEFAULT_RATING_REASONS),
    feedbackTypes: z
      .array(FeedbackType)
      .min(1)
      .default([...FEEDBACK_TYPES]),
    rating: RatingSettings.prefault({}),
    rules: Rules,
    /** Alarm thresholds of the admin screen (issue 6). */
    alarms: AlarmSettings.prefault({}),
    /** What a printed ticket shows; absent = defaults (`ticketLayoutOf`). */
    ticketLayout: TicketLayout.optional(),
    /** Kiosk timing and abuse limits; absent = defaults (`kioskSettingsOf`). */
    kiosk: KioskSettings.optional(),
    /** Hall boards: information line, voice announcements, zones; absent = defaults (`boardConfigOf`). */
    board: BoardConfig.optional(),
    /** Follow-up deadlines per type and the working week (issue 16); absent = seed 001 values (`followUpSettingsOf`). */
    followUps: FollowUpSettings.optional(),
    /** Pre-registration, virtual tickets and notifications (issue 15); absent = defaults (`bookingSettingsOf`): no public booking. */
    booking: BookingSettings.optional(),
  })
  .superRefine((c, ctx) => {
    const dup = (what: readonly [ru: string, en: string], ids: string[]) => {
      const seen = new Set<string>();
      for (const id of ids) {
        if (seen.has(id))
          ctx.addIssue(bilingualIssue(`${what[0]}: код ${id} повторяется`, `duplicate ${what[1]} id ${id}`));
        seen.add(id);
      }
    };
    dup(
      ['зал', 'hall'],
      c.halls.map((h) => h.id),
    );
    dup(
      ['окно', 'window'],
      c.windows.map((w) => w.id),
    );
    dup(
      ['услуга', 'service'],
      c.services.map((s) => s.id),
    );
    dup(
      ['тема', 'topic'],
      c.topics.map((s) => s.id),
    );
    dup(
      ['категория заявителя', 'segment'],
      c.segments.map((s) => s.id),
    );
    dup(
      ['оператор', 'operator'],
      c.operators.map((s) => s.id),
    );
    const services = new Set(c.services.map((s) => s.id));
    const segments = new Set(c.segments.map((s) => s.id));
    const halls = new Set(c.halls.map((h) => h.id));
    for (const w of c.windows)
      if (!halls.has(w.hallId))
        ctx.addIssue(bilingualIssue(`окно ${w.id}: нет зала ${w.hallId}`, `window ${w.id}: unknown hall ${w.hallId}`));
    for (const tp of c.topics) {
      if (!services.has(tp.serviceId))
        ctx.addIssue(
          bilingualIssue(
            `тема ${tp.id}: нет услуги ${tp.serviceId}`,
            `topic ${tp.id}: unknown service ${tp.serviceId}`,
          ),
        );
      for (const s of tp.segmentIds)
        if (!segments.has(s))
          ctx.addIssue(bilingualIssue(`тема ${tp.id}: нет категории ${s}`, `topic ${tp.id}: unknown segment ${s}`));
    }
    for (const sv of c.services)
      if (sv.thenServiceId !== undefined && (sv.thenServiceId === sv.id || !services.has(sv.thenServiceId)))
        ctx.addIssue(
          bilingualIssue(
            `услуга ${sv.id}: затем — ${sv.thenServiceId === sv.id ? 'она же' : `нет услуги ${sv.thenServiceId}`}`,
            `service ${sv.id}: ${sv.thenServiceId === sv.id ? 'continues at itself' : `unknown next service ${sv.thenServiceId}`}`,
          ),
        );
    for (const op of c.operators)
      for (const s of op.skills)
        if (!services.has(s))
          ctx.addIssue(bilingualIssue(`оператор ${op.id}: нет услуги ${s}`, `operator ${op.id}: unknown service ${s}`));
    for (const i of boardConfigIssues(c)) ctx.addIssue(bilingualIssue(i.ru, i.en));
  });
export type OfficeConfig = z.infer<typeof OfficeConfig>;
export type OfficeConfigInput = z.input<typeof OfficeConfig>;
