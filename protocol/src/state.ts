import type { VisitorData } from './commands.js';
import type { OfficeConfig } from './config.js';
import type { LocalText } from './text.js';

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'postponed';
export type OperatorStatus = 'logged-out' | 'ready' | 'serving' | 'break' | 'wrap-up';

/** A ticket that is still in the hall. Closed visits leave the live state for the visits table. */
export interface Ticket {
  id: string;
  /** «К-012»; walk-ins get «БТ-001». */
  number: string;
  /** Office-local date the number belongs to. */
  dayKey: string;
  serviceId: string;
  /** The service the visitor first asked for (reports count topics by it). */
  originServiceId: string;
  topicId?: string;
  segmentId?: string;
  priorityCategoryId?: string;
  /** `phone`: taken on the visitor's phone from the entrance QR (virtual, no paper). Absent: the kiosk. */
  channel?: 'phone';
  appointmentId?: string;
  walkIn: boolean;
  issuedAt: number;
  /** Wait is measured from here: issue, or for bookings the later of slot and check-in. */
  waitFrom: number;
  /** Queue position; kept on transfer and postponement so nobody goes to the back. */
  queuedAt: number;
  /** Not callable before this instant (postponement). */
  eligibleAt: number;
  /** Start of the current waiting period (issue, transfer, return); waits are summed over periods. */
  waitingSince: number;
  waitedSec: number;
  walkedSec: number;
  status: TicketStatus;
  /** Only this operator may call it (transfer to a person, return to origin). */
  targetOperatorId?: string;
  /** Whom the visit goes back to when the current service finishes. */
  returnTo?: { operatorId: string; serviceId: string };
  operatorId?: string;
  windowId?: string;
  /** Calls in the current call cycle (first call + recalls). */
  callCount: number;
  firstCalledAt?: number;
  lastCalledAt?: number;
  startedAt?: number;
  /** Service seconds of earlier segments of this visit (before transfers). */
  servedSec: number;
  /** The operator marked digital onboarding during service: the service norm is 4 min longer (seed 001 §3.5). */
  digitalOnboarding?: boolean;
  transfers: number;
  postponements: number;
  recalls: number;
  comment?: string;
  /**
   * What the visitor typed at the kiosk (152-ФЗ): held in memory and sent to operators and administrators
   * only; never written with the event, the ticket row or a snapshot (server/src/store/personal.ts).
   */
  visitorData?: VisitorData;
  /** The key of `visitorData` in the personal-data table: what the log and the snapshots carry instead. */
  personalRef?: string;
}

export interface OperatorSession {
  operatorId: string;
  name: string;
  windowId: string | null;
  status: OperatorStatus;
  since: number;
  breakReasonId?: string;
  /** The hall administrator who allowed this break (it would have left the hall empty): the console says so. */
  breakAllowedBy?: string;
  ticketId: string | null;
  skills: string[];
}

export interface Appointment {
  id: string;
  code: string;
  serviceId: string;
  slotAt: number;
  /** Held in memory like a ticket's `visitorData`; the log and the snapshots carry `personalRef` instead. */
  visitorName?: string;
  /** Personal, like `visitorName`: check-in by phone number at the kiosk, the per-phone limit. */
  phone?: string;
  personalRef?: string;
  status: 'booked' | 'checked-in' | 'forfeited' | 'cancelled';
  ticketId?: string;
  /** Where it was made: the administrator (a phone call), the public page here or at head office, an import. */
  source?: AppointmentSource;
  createdAt?: number;
  cancelledAt?: number;
  /** Why it was forfeited: the visitor came too late (offered the general queue), or never checked in. */
  forfeitReason?: 'late' | 'not-checked-in';
}

export type AppointmentSource = 'office' | 'public' | 'hq' | 'import';

export interface RecentCall {
  ticketId: string;
  number: string;
  windowId: string;
  windowNumber: number;
  windowKind: 'window' | 'cabinet';
  hallId: string;
  at: number;
  /** 1 for the first call, 2+ for recalls. */
  callCount: number;
}

/**
 * The office's live state: a fold of its events. Plain JSON so that it can be
 * snapshotted to disk and sent to clients, which fold the same events onward.
 */
export interface EngineState {
  seq: number;
  config: OfficeConfig | null;
  liveQueue: boolean;
  tickets: Record<string, Ticket>;
  /** Per ticket prefix: the office-local day and the last number issued that day. */
  counters: Record<string, { dayKey: string; last: number }>;
  issuedToday: Record<string, { dayKey: string; count: number }>;
  operators: Record<string, OperatorSession>;
  appointments: Record<string, Appointment>;
  /** Consecutive priority calls per hall while regular tickets waited. */
  priorityStreak: Record<string, number>;
  recentCalls: RecentCall[];
  /**
   * Served visits of the last `rating.rateWithinHours`, by ticket id: what may still be rated, and
   * whether it was (one rating per visit). Absent in snapshots written before ratings existed.
   */
  recentVisits?: Record<string, RecentVisit>;
  /**
   * Per operator: the request to the hall administrator pending, or the refusal not yet read by the operator.
   * Absent in snapshots written before requests existed.
   */
  requests?: Record<string, LeaveRequest>;
}

/** An operator's request to leave work (a break, the end of work) that the hall rule refuses without the administrator. */
export interface LeaveRequest {
  id: string;
  operatorId: string;
  windowId: string;
  hallId: string;
  action: 'break' | 'logout';
  reasonId?: string;
  comment?: string;
  requestedAt: number;
  status: 'pending' | 'refused';
  answeredAt?: number;
  answerComment?: string;
}

/** A finished visit as the rating rules need it. */
export interface RecentVisit {
  ticketId: string;
  number: string;
  dayKey: string;
  serviceId: string;
  topicId?: string;
  operatorId?: string;
  windowId?: string;
  closedAt: number;
  ratedAt?: number;
  score?: number;
}

export interface VisitSummary {
  ticketId: string;
  number: string;
  dayKey: string;
  serviceId: string;
  originServiceId: string;
  topicId?: string;
  segmentId?: string;
  priorityCategoryId?: string;
  appointmentId?: string;
  walkIn: boolean;
  outcome: 'served' | 'no-show' | 'cancelled';
  issuedAt: number;
  firstCalledAt?: number;
  lastCalledAt?: number;
  startedAt?: number;
  closedAt: number;
  /** First wait (first call − waitFrom): what the wait norm is judged on. */
  firstWaitSec?: number;
  /** All waiting periods summed over transfers and postponements. */
  waitSec?: number;
  walkSec?: number;
  serviceSec?: number;
  totalSec: number;
  operatorId?: string;
  windowId?: string;
  transfers: number;
  postponements: number;
  recalls: number;
  outcomes: string[];
  digitalOnboarding: boolean;
  extraSale: boolean;
}

/** Why a ticket is next, for the operator console's one line. */
export interface DispatchReason {
  rule: string;
  text: LocalText;
}
