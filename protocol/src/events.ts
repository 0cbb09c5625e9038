import type { RatingChannel } from './commands.js';
import type { FeedbackType, OfficeConfig } from './config.js';
import type { Appointment, DispatchReason, LeaveRequest, Ticket, VisitSummary } from './state.js';

/** Who caused an event; kept on every event for the audit trail. */
export type Actor =
  | { kind: 'user'; userId: string; operatorId?: string; roles: string[] }
  | { kind: 'device'; deviceId: string; role: string }
  | { kind: 'system' };

interface Base {
  at: number;
  actor: Actor;
}

export type DomainEvent = Base &
  (
    | { type: 'OfficeConfigured'; config: OfficeConfig }
    | { type: 'TicketIssued'; ticket: Ticket; source?: string }
    | {
        type: 'TicketCalled';
        ticketId: string;
        number: string;
        operatorId: string;
        windowId: string;
        windowNumber: number;
        windowKind: 'window' | 'cabinet';
        hallId: string;
        reason: DispatchReason;
        specific: boolean;
        priorityStreak: number;
      }
    | {
        type: 'TicketRecalled';
        ticketId: string;
        number: string;
        operatorId: string;
        windowId: string;
        windowNumber: number;
        windowKind: 'window' | 'cabinet';
        hallId: string;
        callCount: number;
      }
    | { type: 'ServiceStarted'; ticketId: string; operatorId: string; windowId: string }
    /** The operator ticks (or unticks) digital onboarding during service: the service norm grows by 4 min. */
    | { type: 'DigitalOnboardingMarked'; ticketId: string; operatorId: string; on: boolean }
    | {
        type: 'ServiceFinished';
        ticketId: string;
        operatorId: string;
        windowId: string;
        outcomes: string[];
        digitalOnboarding: boolean;
        extraSale: boolean;
        /** Set when the visit is over; absent when it returns to the operator it came from. */
        visit?: VisitSummary;
        returnTo?: { operatorId: string; serviceId: string };
      }
    | {
        type: 'TicketNoShow';
        ticketId: string;
        operatorId?: string;
        windowId?: string;
        auto: boolean;
        visit: VisitSummary;
      }
    | {
        type: 'TicketPostponed';
        ticketId: string;
        operatorId: string;
        windowId: string;
        reason: string;
        returnAt: number;
      }
    | {
        type: 'TicketTransferred';
        ticketId: string;
        operatorId: string;
        windowId: string;
        fromServiceId: string;
        toServiceId: string;
        toOperatorId?: string;
        comment: string;
        returnToOrigin: boolean;
      }
    | { type: 'TicketCancelled'; ticketId: string; reason?: string; visit: VisitSummary }
    | { type: 'WalkInStarted'; ticket: Ticket; operatorId: string; windowId: string }
    | { type: 'OperatorLoggedIn'; operatorId: string; windowId: string }
    | { type: 'OperatorLoggedOut'; operatorId: string; windowId: string; overriddenBy?: string }
    | { type: 'BreakStarted'; operatorId: string; reasonId: string; overriddenBy?: string }
    | { type: 'BreakEnded'; operatorId: string }
    | { type: 'WrapUpStarted'; operatorId: string }
    | { type: 'SkillsChanged'; operatorId: string; serviceIds: string[] }
    | { type: 'AppointmentCreated'; appointment: Appointment }
    | { type: 'AppointmentCheckedIn'; appointmentId: string; ticketId: string }
    | { type: 'AppointmentForfeited'; appointmentId: string; reason: 'late' | 'not-checked-in' }
    | { type: 'AppointmentCancelled'; appointmentId: string }
    | { type: 'LiveQueueModeChanged'; on: boolean; reason?: string }
    | { type: 'PermissionRequested'; request: LeaveRequest }
    | { type: 'RequestWithdrawn'; requestId: string; operatorId: string }
    | {
        type: 'RequestAnswered';
        requestId: string;
        operatorId: string;
        action: LeaveRequest['action'];
        granted: boolean;
        comment?: string;
      }
    | { type: 'TicketAssigned'; ticketId: string; number: string; toOperatorId: string; windowId: string }
    | {
        type: 'VisitRated';
        ticketId: string;
        number: string;
        dayKey: string;
        score: number;
        reasons: string[];
        channel: RatingChannel;
        serviceId: string;
        topicId?: string;
        operatorId?: string;
        windowId?: string;
        /** When the visit finished: the rating is counted for that visit's day. */
        visitClosedAt: number;
      }
    | {
        type: 'FeedbackReceived';
        feedbackType: FeedbackType;
        /** Absent in what screens other than the administrator's receive (personal data). */
        text?: string;
        /** In memory only (152-ФЗ): the log carries `personalRef`, the value lives in the personal-data table. */
        contact?: string;
        personalRef?: string;
        /** Seed 004 Гл.4 §1 п.2.5: an anonymous complaint is kept but not acted on. */
        actionable: boolean;
        channel: RatingChannel;
        dayKey: string;
        ticketId?: string;
        serviceId?: string;
        operatorId?: string;
        windowId?: string;
      }
  );

export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** An event as committed: the office-wide sequence number makes gaps visible to clients. */
export type StoredEvent = DomainEvent & { seq: number };
