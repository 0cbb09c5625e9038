import { latestVisitAt, ratingSettingsOf } from '@talon/engine';
import type { EngineState, ErrorCode, RecentVisit } from '@talon/protocol';
import { signVisitToken, verifyVisitToken, visitUrl } from '../links.js';

/** Desk tokens never expire on their own: the printed card stays valid until the secret is rotated. */
const DESK_EXP = Date.UTC(2100, 0, 1);
const DESK_PREFIX = 'desk/';

export type LinkCheck<T> = { ok: true; value: T } | { ok: false; code: ErrorCode };

/**
 * The signed links of the rating flow. A visit link carries the ticket id and expires with the
 * rating period; a desk link names an operator and a window and resolves to the latest visit there.
 */
export class RatingLinks {
  /** Head office's public address for the visit pages (its welcome, issue 13), below `--public-url`. */
  headOfficeBase: string | null = null;

  constructor(
    private readonly secret: Buffer,
    /** Configured public address (`--public-url`); the office config's `rating.publicBaseUrl` wins. */
    private readonly fallbackBase: string | undefined,
  ) {}

  base(state: EngineState, requestOrigin: string): string {
    return (
      ratingSettingsOf(state.config).rating.publicBaseUrl ?? this.fallbackBase ?? this.headOfficeBase ?? requestOrigin
    );
  }

  visitLink(state: EngineState, requestOrigin: string, v: RecentVisit): string {
    const exp = v.closedAt + ratingSettingsOf(state.config).rating.rateWithinHours * 3600_000;
    return visitUrl(this.base(state, requestOrigin), this.secret, v.ticketId, exp);
  }

  visitToken(v: RecentVisit, state: EngineState): string {
    const exp = v.closedAt + ratingSettingsOf(state.config).rating.rateWithinHours * 3600_000;
    return signVisitToken(this.secret, { ticketId: v.ticketId, exp });
  }

  /**
   * The office's own public address, never head office's: pages only the office serves (the desk card).
   */
  officeBase(state: EngineState, requestOrigin: string): string {
    return ratingSettingsOf(state.config).rating.publicBaseUrl ?? this.fallbackBase ?? requestOrigin;
  }

  deskLink(state: EngineState, requestOrigin: string, operatorId: string, windowId: string): string {
    const token = signVisitToken(this.secret, { ticketId: `${DESK_PREFIX}${operatorId}/${windowId}`, exp: DESK_EXP });
    // head office serves visit pages only: a desk card keeps pointing at the office
    return `${this.officeBase(state, requestOrigin).replace(/\/$/, '')}/d/${token}`;
  }

  /** The ticket id a visit link stands for; forged, malformed and expired links are told apart. */
  checkVisit(token: string, now: number): LinkCheck<string> {
    const r = verifyVisitToken(this.secret, token, now);
    if (!r.ok) return { ok: false, code: r.reason === 'expired' ? 'RATING_LINK_EXPIRED' : 'RATING_LINK_INVALID' };
    if (r.claim.ticketId.startsWith(DESK_PREFIX)) return { ok: false, code: 'RATING_LINK_INVALID' };
    return { ok: true, value: r.claim.ticketId };
  }

  /** The visit a desk link rates now: the latest one at that desk within `rating.deskRecentMin`. */
  checkDesk(
    token: string,
    state: EngineState,
    now: number,
  ): LinkCheck<{ operatorId: string; windowId: string; visit: RecentVisit }> {
    const r = verifyVisitToken(this.secret, token, now);
    if (!r.ok || !r.claim.ticketId.startsWith(DESK_PREFIX)) return { ok: false, code: 'RATING_LINK_INVALID' };
    const [operatorId, windowId] = r.claim.ticketId.slice(DESK_PREFIX.length).split('/');
    if (!operatorId || !windowId) return { ok: false, code: 'RATING_LINK_INVALID' };
    const visit = latestVisitAt(state, windowId, operatorId);
    const recentMs = ratingSettingsOf(state.config).rating.deskRecentMin * 60_000;
    if (!visit || now - visit.closedAt > recentMs) return { ok: false, code: 'RATING_NO_RECENT_VISIT' };
    return { ok: true, value: { operatorId, windowId, visit } };
  }
}
