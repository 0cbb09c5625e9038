import { type BoardPlace, type EngineState, type LocalText, placeShows, type RecentCall } from '@talon/protocol';

/** Newest first, one row per ticket (a recall or a second call moves it to the top), at most `max`. */
export function latestCalls(recent: readonly RecentCall[], max: number): RecentCall[] {
  const out: RecentCall[] = [];
  const seen = new Set<string>();
  for (let i = recent.length - 1; i >= 0 && out.length < max; i--) {
    const c = recent[i];
    if (!c || seen.has(c.ticketId)) continue;
    seen.add(c.ticketId);
    out.push(c);
  }
  return out;
}

/** The calls a board at this place shows (the server speaks the same ones: `boardAnnounces`). */
export function callsFor(recent: readonly RecentCall[], place: BoardPlace): RecentCall[] {
  return recent.filter((c) => placeShows(place, c));
}

export interface WaitingCount {
  serviceId: string;
  name: LocalText;
  count: number;
}

/** Tickets waiting per service, in the configuration's order. */
export function waitingCounts(state: EngineState): WaitingCount[] {
  const counts = new Map<string, number>();
  for (const t of Object.values(state.tickets))
    if (t.status === 'waiting') counts.set(t.serviceId, (counts.get(t.serviceId) ?? 0) + 1);
  return (state.config?.services ?? []).map((s) => ({ serviceId: s.id, name: s.name, count: counts.get(s.id) ?? 0 }));
}

/** A call stays «new» (shown large) at least this long, also where the board has no sound. */
export const NEW_MIN_MS = 8000;
/** …and this long after its announcement's slot has ended (or the board finished playing it). */
export const NEW_AFTER_ANNOUNCEMENT_MS = 1500;
/** A new call blinks this long after each call or recall. */
export const BLINK_MS = 5000;
/** A call whose visit has ended (served, no-show, cancelled) leaves the board this long after. */
export const ENDED_KEEP_MS = 2 * 60_000;

/** What the board knows of an announcement (the player's log entry; local clock). */
export interface AnnouncementTrack {
  ticketId: string;
  receivedAt: number;
  /** Start of the hall's slot. */
  playAt: number;
  durationMs: number;
  startedAt?: number | undefined;
  /** Set once the player has reported on it (played, skipped, failed, blocked, muted). */
  status?: string | undefined;
  endedAt?: number | undefined;
}

export interface BoardCall {
  call: RecentCall;
  /** Changes on every call and every recall of the same ticket. */
  key: string;
  /** Shown large in the «now» section. */
  isNew: boolean;
  blinking: boolean;
  /** Its announcement waits for its slot or plays. */
  announcing: boolean;
  /** Its announcement is sounding now. */
  playing: boolean;
}

export interface BoardSections {
  now: BoardCall[];
  earlier: BoardCall[];
  /** Local time of the next change of any call's state (a call stops being new, stops blinking, leaves). */
  nextChange: number;
}

export interface SectionInput {
  /** Local clock, ms. */
  now: number;
  /** Local time the board got this call (or recall). */
  arrivedAt: (key: string) => number;
  /** Local time the board saw the visit of this ticket end; undefined while the visit goes on. */
  endedAt: (ticketId: string) => number | undefined;
  /**
   * The ticket is back in the queue (postponed, transferred): its call no longer stands and leaves the board
   * at once, so nobody is sent to that window for it; a new call of it shows as any call.
   */
  withdrawn?: (ticketId: string) => boolean;
  announcements: readonly AnnouncementTrack[];
  maxCalls: number;
}

/** Changes on every call and every recall of the same ticket. */
export const callKey = (c: RecentCall) => `${c.ticketId}:${c.callCount}:${c.at}`;

/**
 * Splits the calls (newest first, one per ticket) into the ones called now — each stays large until its
 * announcement has played, and at least `NEW_MIN_MS` — and the earlier ones, without the calls whose
 * visit ended more than `ENDED_KEEP_MS` ago nor those whose ticket went back to the queue. Every new call is shown, even past `maxCalls`; the
 * earlier ones fill up to `maxCalls`.
 */
export function boardSections(calls: readonly RecentCall[], input: SectionInput): BoardSections {
  const { now } = input;
  let nextChange = Number.POSITIVE_INFINITY;
  const later = (t: number) => {
    if (t > now && t < nextChange) nextChange = t;
  };
  const fresh: BoardCall[] = [];
  const earlier: BoardCall[] = [];
  for (const call of calls) {
    if (input.withdrawn?.(call.ticketId)) continue;
    const key = callKey(call);
    const arrived = input.arrivedAt(key);
    const ended = input.endedAt(call.ticketId);
    let newUntil = arrived + NEW_MIN_MS;
    let announcing = false;
    let playing = false;
    for (const a of input.announcements) {
      // the announcement of this call or recall (it may reach the board a moment before the call)
      if (a.ticketId !== call.ticketId || a.receivedAt < arrived - 2000) continue;
      if (a.status === undefined) {
        announcing = true;
        if (a.startedAt !== undefined) playing = true;
      } else {
        const slotEnd = Math.max(a.endedAt ?? 0, a.playAt + a.durationMs);
        newUntil = Math.max(newUntil, slotEnd + NEW_AFTER_ANNOUNCEMENT_MS);
      }
    }
    const isNew = announcing || now < newUntil;
    if (!announcing) later(newUntil);
    const blinkUntil = arrived + BLINK_MS;
    later(blinkUntil);
    if (!isNew && ended !== undefined) {
      const gone = ended + ENDED_KEEP_MS;
      if (now >= gone) continue;
      later(gone);
    }
    const row: BoardCall = { call, key, isNew, blinking: isNew && now < blinkUntil, announcing, playing };
    if (isNew) fresh.push(row);
    else earlier.push(row);
  }
  return { now: fresh, earlier: earlier.slice(0, Math.max(0, input.maxCalls - fresh.length)), nextChange };
}
