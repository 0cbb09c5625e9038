import { z } from 'zod';

/**
 * A visitor at a kiosk asks for a person (seed 003 §6.7.2: the employee «первым обращается … с предложением
 * помощи»; seed 001 §3.5: «индивидуальный формат обслуживания» for some categories). `button`: the visitor
 * pressed «Позвать сотрудника»; `individual`: they chose a priority category served individually. Which
 * category is not sent: it is health data and the call is shown on the wall monitor.
 */
export const HELP_REASONS = ['button', 'individual'] as const;
export const HelpReason = z.enum(HELP_REASONS);
export type HelpReason = z.infer<typeof HelpReason>;

export const KioskHelpCall = z.object({ reason: HelpReason.default('button') }).strict();
export type KioskHelpCall = z.infer<typeof KioskHelpCall>;

/** One call for help; it ends when resolved, cancelled at the kiosk, or after its timeout. */
export interface KioskHelpRequest {
  id: string;
  deviceId: string;
  kioskName: string;
  reason: HelpReason;
  raisedAt: number;
  /** «Иду»: an administrator is on the way. */
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  /** When it ends by itself if nobody resolves it. */
  expiresAt: number;
}

/** What a kiosk sees of its own call: null when none is open. */
export interface KioskHelpStatus {
  request: KioskHelpRequest | null;
}

export interface KioskHelpList {
  requests: KioskHelpRequest[];
  at: number;
}
