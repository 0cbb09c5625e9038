import { Command, type ReturnedRating } from '@talon/protocol';
import type { Office } from '../office.js';
import type { RatingSink } from './link.js';
import { HEAD_OFFICE_ACTOR } from './profile.js';

/**
 * A rating given on head office's public page goes through the office's own rating command, as if
 * given on the office's page: the office decides once-per-visit. The command id makes a second
 * delivery of the same rating answer as the first did.
 */
export function officeRatings(office: Office, log: (msg: string) => void = console.warn): RatingSink {
  return (r: ReturnedRating) => {
    const base = { type: 'rateVisit', ticketId: r.ticketId, score: r.score, reasons: r.reasons, channel: 'qr' };
    // feedback head office accepted but the office's stricter schema does not: the mark still counts
    const withFeedback = r.feedback ? Command.safeParse({ ...base, feedback: r.feedback }) : null;
    const parsed = withFeedback?.success ? withFeedback : Command.safeParse(base);
    if (!parsed.success) {
      log(`head-office rating ${r.id} is not a valid rating; acknowledged and dropped`);
      return 'done';
    }
    const res = office.execute(parsed.data, HEAD_OFFICE_ACTOR, `hq-rating:${r.id}`);
    if (res.ok) return 'done';
    if (res.error.code === 'INTERNAL') return 'retry';
    // already rated, too late, an unknown visit: it will never apply, so head office may forget it
    if (res.error.code !== 'RATING_ALREADY_GIVEN') log(`head-office rating ${r.id} refused: ${res.error.code}`);
    return 'done';
  };
}
