import { z } from 'zod';
import { VisitorPhone } from './booking.js';
import { FeedbackType, Id } from './config.js';
import { issueWord } from './issues.js';

const Text = (max: number) => z.string().trim().min(1).max(max);

/** Data a visitor may type at the kiosk: shown only to the operator, never printed (152-ФЗ). */
export const VisitorData = z
  .object({
    account: z
      .string()
      .regex(/^[0-9A-Za-zА-Яа-я-]{4,20}$/, issueWord('accountNumber'))
      .optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'phone number')
      .optional(),
  })
  .strict();
export type VisitorData = z.infer<typeof VisitorData>;

const Epoch = z.int().min(0);

/** Seed 004 Гл.6: complaint / proposal / review; a complaint without a contact cannot be answered. */
export const FeedbackBody = z
  .object({
    type: FeedbackType,
    text: Text(2000),
    /** Phone or e-mail for the answer; optional (an anonymous complaint is kept but not acted on). */
    contact: z.string().trim().min(3).max(120).optional(),
  })
  .strict();
export type FeedbackBody = z.infer<typeof FeedbackBody>;

export const RATING_CHANNELS = ['terminal', 'qr', 'desk'] as const;
export const RatingChannel = z.enum(RATING_CHANNELS);
export type RatingChannel = z.infer<typeof RatingChannel>;

/**
 * Every command a client may send. The acting identity never travels in the body:
 * the server takes it from the session or device token.
 * `operatorId` on operator commands is only for a hall administrator acting for an operator.
 */
export const Command = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('issueTicket'),
      topicId: Id.optional(),
      serviceId: Id.optional(),
      segmentId: Id.optional(),
      priorityCategoryId: Id.optional(),
      visitorData: VisitorData.optional(),
      /** `phone`: a virtual ticket taken from the entrance QR (no paper); needs `visitorData.phone` for the per-phone limit. */
      channel: z.enum(['kiosk', 'phone']).optional(),
    })
    .strict()
    .refine((c) => c.topicId !== undefined || c.serviceId !== undefined, {
      message: issueWord('topicOrService'),
    }),
  z
    .object({
      type: z.literal('checkIn'),
      code: z.string().trim().min(3).max(32).optional(),
      /** At the kiosk by the phone number given when booking: today's booking of that number. */
      phone: VisitorPhone.optional(),
    })
    .strict()
    .refine((c) => (c.code === undefined) !== (c.phone === undefined), { message: issueWord('codeOrPhone') }),
  z.object({ type: z.literal('operatorLogin'), windowId: Id, operatorId: Id.optional() }).strict(),
  z
    .object({
      type: z.literal('operatorLogout'),
      operatorId: Id.optional(),
      /** Only a hall administrator may set it: allows the logout that leaves waiting visitors with nobody at work. */
      override: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('startBreak'),
      reasonId: Id,
      operatorId: Id.optional(),
      /** Only a hall administrator may set it: allows the break that empties the hall. */
      override: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('endBreak'), operatorId: Id.optional() }).strict(),
  z.object({ type: z.literal('startWrapUp'), operatorId: Id.optional() }).strict(),
  z.object({ type: z.literal('callNext'), operatorId: Id.optional() }).strict(),
  z.object({ type: z.literal('callTicket'), ticketId: z.string().min(1).max(80), operatorId: Id.optional() }).strict(),
  z.object({ type: z.literal('recall'), operatorId: Id.optional() }).strict(),
  z.object({ type: z.literal('startService'), operatorId: Id.optional() }).strict(),
  z
    .object({
      type: z.literal('finishService'),
      operatorId: Id.optional(),
      outcomes: z.array(Id).max(10).default([]),
      /** Seed 001 §3.5: «привлечение к цифровым сервисам». */
      digitalOnboarding: z.boolean().default(false),
      /** Seed 001 §3.5: «предложение доп. товаров и услуг». */
      extraSale: z.boolean().default(false),
    })
    .strict(),
  z.object({ type: z.literal('markNoShow'), operatorId: Id.optional() }).strict(),
  /** Seed 001 §3.5: the visit in service includes digital onboarding (its service norm is 4 min longer). */
  z.object({ type: z.literal('markDigitalOnboarding'), on: z.boolean(), operatorId: Id.optional() }).strict(),
  z
    .object({
      type: z.literal('postpone'),
      operatorId: Id.optional(),
      reason: Text(300),
      returnInMin: z.int().min(0).max(600).default(0),
    })
    .strict(),
  z
    .object({
      type: z.literal('transfer'),
      operatorId: Id.optional(),
      toServiceId: Id.optional(),
      toOperatorId: Id.optional(),
      comment: z.string().trim().max(500).default(''),
      returnToOrigin: z.boolean().default(false),
    })
    .strict(),
  z
    .object({ type: z.literal('cancelTicket'), ticketId: z.string().min(1).max(80), reason: Text(300).optional() })
    .strict(),
  z.object({ type: z.literal('serveWalkIn'), serviceId: Id, operatorId: Id.optional() }).strict(),
  z.object({ type: z.literal('setSkills'), operatorId: Id, serviceIds: z.array(Id).max(100) }).strict(),
  z
    .object({
      type: z.literal('createAppointment'),
      code: z.string().trim().min(3).max(32),
      serviceId: Id,
      slotAt: Epoch,
      visitorName: Text(120).optional(),
      phone: VisitorPhone.optional(),
      /** `office` and `public` are held to the office's slots and capacity; `hq` (decided there) and `import` are not. */
      source: z.enum(['office', 'public', 'hq', 'import']).optional(),
    })
    .strict(),
  z.object({ type: z.literal('cancelAppointment'), appointmentId: z.string().min(1).max(80) }).strict(),
  z.object({ type: z.literal('moveAppointment'), appointmentId: z.string().min(1).max(80), slotAt: Epoch }).strict(),
  z
    .object({
      type: z.literal('importAppointments'),
      /** A day's bookings from the booking system; all or nothing. */
      items: z
        .array(
          z
            .object({
              code: z.string().trim().min(3).max(32),
              serviceId: Id,
              slotAt: Epoch,
              visitorName: Text(120).optional(),
              /** For the check-in by phone at the kiosk and the reminders, as on a booking made here. */
              phone: VisitorPhone.optional(),
            })
            .strict(),
        )
        .min(1)
        .max(1000),
    })
    .strict(),
  /** The operator asks the hall administrator to allow what the hall rule refuses (a break, the end of work). */
  z
    .object({
      type: z.literal('requestPermission'),
      action: z.enum(['break', 'logout']),
      /** The break reason; required for a break. */
      reasonId: Id.optional(),
      comment: Text(300).optional(),
    })
    .strict(),
  z.object({ type: z.literal('withdrawRequest') }).strict(),
  z
    .object({
      type: z.literal('answerRequest'),
      operatorId: Id,
      requestId: z.string().min(1).max(80),
      grant: z.boolean(),
      comment: Text(300).optional(),
    })
    .strict(),
  /** The hall administrator sends a waiting ticket to one operator: only they call it, first. */
  z.object({ type: z.literal('assignTicket'), ticketId: z.string().min(1).max(80), toOperatorId: Id }).strict(),
  z.object({ type: z.literal('setLiveQueueMode'), on: z.boolean(), reason: Text(300).optional() }).strict(),
  z
    .object({
      type: z.literal('rateVisit'),
      ticketId: z.string().min(1).max(80),
      score: z.int().min(1).max(5),
      /** Only with a low mark (≤ `rating.lowMarkMax`). */
      reasons: z.array(Id).max(10).default([]),
      channel: RatingChannel,
      /** Set by the server for a rating terminal: the window the terminal is bound to. */
      atWindowId: Id.optional(),
      feedback: FeedbackBody.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('submitFeedback'),
      channel: RatingChannel,
      /** The visit the feedback is about, when known. */
      ticketId: z.string().min(1).max(80).optional(),
      atWindowId: Id.optional(),
      feedback: FeedbackBody,
    })
    .strict(),
]);
export type Command = z.infer<typeof Command>;
export type CommandInput = z.input<typeof Command>;
export type CommandType = Command['type'];

/** Periodic housekeeping the server itself sends: automatic no-shows, forfeited bookings. */
export interface TickCommand {
  type: 'tick';
}

/** User roles and device roles (`api.ts`); a wall screen sends no commands. */
export type Role = 'operator' | 'hall_admin' | 'config_admin' | 'kiosk' | 'board' | 'rating' | 'device' | 'wall';

/** Which roles may send which commands; the engine adds the finer rules (own window, overrides). */
export const COMMAND_ROLES: Record<CommandType, readonly Role[]> = {
  issueTicket: ['kiosk', 'hall_admin'],
  checkIn: ['kiosk', 'hall_admin'],
  operatorLogin: ['operator', 'hall_admin'],
  operatorLogout: ['operator', 'hall_admin'],
  startBreak: ['operator', 'hall_admin'],
  endBreak: ['operator', 'hall_admin'],
  startWrapUp: ['operator', 'hall_admin'],
  callNext: ['operator'],
  callTicket: ['operator'],
  recall: ['operator'],
  startService: ['operator'],
  finishService: ['operator'],
  markNoShow: ['operator'],
  markDigitalOnboarding: ['operator'],
  postpone: ['operator'],
  transfer: ['operator'],
  // Not the kiosk: its screen never cancels, and a kiosk token must not be able to cancel any ticket.
  cancelTicket: ['hall_admin'],
  serveWalkIn: ['operator'],
  setSkills: ['hall_admin', 'config_admin'],
  createAppointment: ['hall_admin', 'config_admin'],
  importAppointments: ['hall_admin', 'config_admin'],
  cancelAppointment: ['hall_admin', 'config_admin'],
  moveAppointment: ['hall_admin', 'config_admin'],
  setLiveQueueMode: ['hall_admin'],
  requestPermission: ['operator'],
  withdrawRequest: ['operator'],
  answerRequest: ['hall_admin'],
  assignTicket: ['hall_admin'],
  // Only through the rating endpoints, which bind a terminal to its window or check the signed link.
  rateVisit: [],
  submitFeedback: [],
};
