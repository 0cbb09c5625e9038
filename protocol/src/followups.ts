import { z } from 'zod';
import { bilingualIssue, issueWord } from './issues.js';
import type { LocalText } from './text.js';

/**
 * Follow-ups with answer deadlines (issue 16; seed 001): what the office owes a visitor after the visit —
 * an answer to a complaint, the processing of a feedback-book entry, a draft contract. Self-contained
 * (no import from config.ts) because config.ts embeds `FollowUpSettings` and the topic's `followUp`.
 */
export const FOLLOW_UP_TYPES = [
  /** Annex 11.2: «Письменное направление ответов на претензии и жалобы» — ≤ 10 working days. */
  'complaint',
  /** R5, §4.5: «Время обработки отзывов и предложений клиентов» — ≤ 10 working days. */
  'proposal',
  /** R5, §4.5: a feedback-book entry («отзыв») — ≤ 10 working days. */
  'review',
  /** Annex 1.6: the agreed draft contract for an individual (residential) — ≤ 10 working days. */
  'contract-individual',
  /** Annex 1.6: for a legal entity (and non-residential premises) — «не более 30 дней», calendar days. */
  'contract-legal',
  'other',
] as const;
export const FollowUpType = z.enum(FOLLOW_UP_TYPES);
export type FollowUpType = z.infer<typeof FollowUpType>;

export const FOLLOW_UP_STATUSES = ['new', 'in-progress', 'answered', 'closed'] as const;
export const FollowUpStatus = z.enum(FOLLOW_UP_STATUSES);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;

/** Where it came from: a visit (its ticket number), the rating terminal, the visitor's phone, the administrator. */
export const FOLLOW_UP_SOURCES = ['visit', 'terminal', 'phone', 'admin'] as const;
export type FollowUpSource = (typeof FOLLOW_UP_SOURCES)[number];

export const DEADLINE_UNITS = ['working-days', 'calendar-days'] as const;
export const DeadlineUnit = z.enum(DEADLINE_UNITS);
export type DeadlineUnit = z.infer<typeof DeadlineUnit>;

const WORK_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const FollowUpTypeSetting = z.object({
  type: FollowUpType,
  deadline: z.int().min(1).max(365),
  unit: DeadlineUnit,
  /** Feedback of this type from the rating terminal or the phone page opens a follow-up by itself. */
  fromFeedback: z.boolean().default(false),
});
export type FollowUpTypeSetting = z.infer<typeof FollowUpTypeSetting>;

/** Seed 001 values; an office may change them (its own local acts), a type it leaves out keeps these. */
export const FOLLOW_UP_DEFAULTS: readonly FollowUpTypeSetting[] = [
  { type: 'complaint', deadline: 10, unit: 'working-days', fromFeedback: true },
  { type: 'proposal', deadline: 10, unit: 'working-days', fromFeedback: true },
  { type: 'review', deadline: 10, unit: 'working-days', fromFeedback: true },
  { type: 'contract-individual', deadline: 10, unit: 'working-days', fromFeedback: false },
  { type: 'contract-legal', deadline: 30, unit: 'calendar-days', fromFeedback: false },
  { type: 'other', deadline: 10, unit: 'working-days', fromFeedback: false },
];

/** Part of the office configuration (versioned and audited like the rest). */
export const FollowUpSettings = z.object({
  /** Deadlines per type; a type not listed keeps the seed 001 value. */
  types: z
    .array(FollowUpTypeSetting)
    .max(FOLLOW_UP_TYPES.length)
    .default(() => FOLLOW_UP_DEFAULTS.map((d) => ({ ...d }))),
  /** Working days are these weekdays minus the office's holidays (the configuration's `holidays`). */
  workingWeekdays: z.array(z.enum(WORK_WEEKDAYS)).min(1).max(7).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  /** The warning comes this many working days before the deadline. */
  warnWorkingDays: z.int().min(0).max(30).default(2),
});
export type FollowUpSettings = z.infer<typeof FollowUpSettings>;

/** The settings with every default filled in and every type present, in FOLLOW_UP_TYPES order. */
export function followUpSettingsOf(config: { followUps?: z.input<typeof FollowUpSettings> | undefined } | null): {
  types: Record<FollowUpType, FollowUpTypeSetting>;
  workingWeekdays: FollowUpSettings['workingWeekdays'];
  warnWorkingDays: number;
} {
  const s = FollowUpSettings.parse(config?.followUps ?? {});
  const types = Object.fromEntries(FOLLOW_UP_DEFAULTS.map((d) => [d.type, { ...d }])) as Record<
    FollowUpType,
    FollowUpTypeSetting
  >;
  for (const t of s.types) types[t.type] = t;
  return { types, workingWeekdays: s.workingWeekdays, warnWorkingDays: s.warnWorkingDays };
}

export const FOLLOW_UP_TYPE_NAMES: Record<FollowUpType, LocalText> = {
  complaint: { ru: 'Жалоба', en: 'Complaint' },
  proposal: { ru: 'Предложение', en: 'Proposal' },
  review: { ru: 'Отзыв (книга отзывов)', en: 'Review (feedback book)' },
  'contract-individual': { ru: 'Проект договора (ФЛ)', en: 'Draft contract (individual)' },
  'contract-legal': { ru: 'Проект договора (ЮЛ)', en: 'Draft contract (legal entity)' },
  other: { ru: 'Другое', en: 'Other' },
};

export const FOLLOW_UP_STATUS_NAMES: Record<FollowUpStatus, LocalText> = {
  new: { ru: 'Новое', en: 'New' },
  'in-progress': { ru: 'В работе', en: 'In progress' },
  answered: { ru: 'Дан ответ', en: 'Answered' },
  closed: { ru: 'Закрыто', en: 'Closed' },
};

export const FOLLOW_UP_SOURCE_NAMES: Record<FollowUpSource, LocalText> = {
  visit: { ru: 'Визит', en: 'Visit' },
  terminal: { ru: 'Терминал оценки', en: 'Rating terminal' },
  phone: { ru: 'Страница на телефоне', en: 'Phone page' },
  admin: { ru: 'Администратор', en: 'Administrator' },
};

/** One follow-up as the register shows it. */
export interface FollowUp {
  id: number;
  type: FollowUpType;
  status: FollowUpStatus;
  /** What it is about: the feedback's text, the administrator's note. */
  text: string;
  source: FollowUpSource;
  /** The visit's ticket number («К-012»), when there was one. */
  ticketNumber: string | null;
  ticketId: string | null;
  /** The feedback's event sequence number, when it came from feedback. */
  feedbackSeq: number | null;
  /** The visitor's phone or e-mail while it is kept (personal data: deleted with the office's retention). */
  contact: string | null;
  ownerId: string | null;
  ownerName: string | null;
  createdAt: number;
  createdDay: string;
  /** The last day to answer (office-local, inclusive). */
  dueDay: string;
  /** The instant the deadline is missed: the start of the day after `dueDay`, in the office's zone. */
  dueAt: number;
  deadline: number;
  unit: DeadlineUnit;
  /** Open and past `dueAt` now. */
  overdue: boolean;
  /** Open: working days left until the last day (today not counted, the last day counted); else null. */
  workingDaysLeft: number | null;
  answer: string | null;
  answeredAt: number | null;
  closedAt: number | null;
  /** Who did what last (display name). */
  updatedBy: string | null;
  updatedAt: number;
}

const Text = (max: number) => z.string().trim().min(1).max(max);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, issueWord('day'));
const UserId = z.string().min(1).max(80);

export const FollowUpListQuery = z.object({
  status: FollowUpStatus.optional(),
  type: FollowUpType.optional(),
  ownerId: UserId.optional(),
  /** Only those past their deadline and not answered or closed. */
  overdue: z.enum(['1', 'true']).optional(),
  /** Created from/to these office days (inclusive). */
  from: Day.optional(),
  to: Day.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type FollowUpListQuery = z.infer<typeof FollowUpListQuery>;

export const FollowUpCreateBody = z
  .object({
    type: FollowUpType,
    text: Text(2000),
    ownerId: UserId.optional(),
    /** The visit's ticket number, when the administrator records one. */
    ticketNumber: z.string().trim().min(1).max(20).optional(),
    contact: z.string().trim().min(3).max(120).optional(),
  })
  .strict();
export type FollowUpCreateBody = z.infer<typeof FollowUpCreateBody>;

/** The operator finishing a visit whose topic has a deadline (`topic.followUp`). */
export const FollowUpFromVisitBody = z
  .object({
    ticketId: z.string().min(1).max(80),
    /** Another type than the topic's (e.g. the visitor turned out to be a legal entity). */
    type: FollowUpType.optional(),
    text: z.string().trim().max(2000).optional(),
    contact: z.string().trim().min(3).max(120).optional(),
  })
  .strict();
export type FollowUpFromVisitBody = z.infer<typeof FollowUpFromVisitBody>;

export const FollowUpTakeBody = z.object({ ownerId: UserId.optional() }).strict();
export const FollowUpAnswerBody = z.object({ answer: Text(4000) }).strict();
export const FollowUpCloseBody = z.object({ note: z.string().trim().max(2000).optional() }).strict();

export const FollowUpReportQuery = z
  .object({ from: Day, to: Day, lang: z.enum(['ru', 'en']).default('ru') })
  .superRefine((q, ctx) => {
    if (q.from > q.to)
      ctx.addIssue(bilingualIssue('конец периода раньше начала', 'the period ends before it starts', ['to']));
  });
export type FollowUpReportQuery = z.infer<typeof FollowUpReportQuery>;

/** On-time answers of the follow-ups created in a period, per type. */
export interface FollowUpReportRow {
  type: FollowUpType | 'total';
  /** Created in the period. */
  count: number;
  /** Answered (or closed) before the deadline was missed. */
  onTime: number;
  /** Answered (or closed) after it. */
  late: number;
  /** Still open and past the deadline now. */
  openOverdue: number;
  /** Still open, deadline not missed yet. */
  openInTime: number;
}

export interface FollowUpReport {
  period: { from: string; to: string };
  timeZone: string;
  generatedAt: number;
  rows: FollowUpReportRow[];
}

export interface FollowUpList {
  items: FollowUp[];
  at: number;
  /** The office-local day of `at`, and which types open themselves from feedback. */
  today: string;
}
