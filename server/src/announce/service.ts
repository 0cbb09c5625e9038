import {
  type Announcement,
  AnnouncementAck,
  type AnnouncementRecord,
  type BoardDeviceSettings,
  type BoardInit,
  type BoardSummary,
  boardAnnounces,
  boardConfigOf,
  type EventOf,
  type FieldIssue,
  fieldIssue,
  fieldIssues,
  type OfficeConfig,
  type StoredEvent,
  type TalonError,
  talonError,
} from '@talon/protocol';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { announcementSegments, displayText, speechText } from './grammar.js';
import type { AnnouncementRenderer, RenderedAudio } from './renderer.js';
import { HallSchedule, volumeAt } from './schedule.js';
import { type AnnouncementTables, audioUrlOf, createAnnouncementTables } from './tables.js';

/** One connected board (a socket of the announcement namespace). */
export interface BoardConnection {
  deviceId: string;
  init(i: BoardInit): void;
  announce(a: Announcement, serverTime: number): void;
}

export interface AnnouncementServiceOptions {
  office: Office;
  store: Store;
  /** null when the voice library could not be loaded: boards still show calls, silently. */
  renderer: AnnouncementRenderer | null;
  /** Playback is real time even when the office runs on a virtual clock (tests). */
  wallClock?: () => number;
  schedule?: HallSchedule;
  log?: (msg: string, err?: unknown) => void;
}

type CallEvent = EventOf<'TicketCalled'> | EventOf<'TicketRecalled'>;
type Result<T> = { ok: true; value: T } | { ok: false; error: TalonError };

const RECENT_KEPT = 50;
/**
 * A board that (re)connects gets the announcements whose slot starts at most this long ago: one cut
 * off by a blip is still worth hearing; a backlog from before its sound was on is not.
 */
const PENDING_GRACE_MS = 1500;
/**
 * A board that was away (a blip of the network, the board PC restarting) when a call was made plays it again when it
 * comes back, if the call is at most this old and its visitor has still not come to the window: a hall
 * with one board would otherwise never hear it. It gets a slot of its own, so nothing overlaps.
 */
const MISSED_CALL_MS = 30_000;

/**
 * Turns calls and recalls into announcements: measures the audio (mixed when a board asks for it),
 * books the hall's next free slot, records it with the call, sends it to the boards of the hall (and
 * zone) that have sound on, replays what a returning board missed, and keeps each board's report on it.
 */
export class AnnouncementService {
  readonly tables: AnnouncementTables;
  private readonly office: Office;
  private readonly store: Store;
  private readonly renderer: AnnouncementRenderer | null;
  private readonly now: () => number;
  private readonly schedule: HallSchedule;
  private readonly log: (msg: string, err?: unknown) => void;
  private readonly boards = new Set<BoardConnection>();
  private recent: Announcement[] = [];
  private writes: (() => void)[] = [];
  private flushing: ReturnType<typeof setImmediate> | null = null;
  /** Leaves the office's commits. */
  private readonly leave: () => void;
  /** Announcements recorded inside the append transaction, sent to their boards once it has committed. */
  private prepared: { a: Announcement; listeners: BoardConnection[] }[] = [];
  /** Board settings are read on every call; they change only through `updateSettings`. */
  private readonly settingsCache = new Map<string, BoardDeviceSettings>();
  /** When each board's connection last dropped (wall clock): what came after it, it missed. */
  private readonly awaySince = new Map<string, number>();

  constructor(opts: AnnouncementServiceOptions) {
    this.office = opts.office;
    this.store = opts.store;
    this.renderer = opts.renderer;
    this.now = opts.wallClock ?? Date.now;
    this.schedule = opts.schedule ?? new HallSchedule();
    this.log = opts.log ?? ((m, e) => console.error(m, e));
    this.tables = createAnnouncementTables(opts.store.db);
    this.leave = opts.office.onCommit({
      // The record and its 'sent' rows commit with the call itself: no fsync of their own on every call.
      inTransaction: (e, seq) => {
        if (e.type !== 'TicketCalled' && e.type !== 'TicketRecalled') return;
        // A failing record must not refuse the call: the board still shows it, silently.
        try {
          this.prepare({ ...e, seq });
        } catch (err) {
          this.log(`announcement of ${e.number} not recorded`, err);
        }
      },
      afterCommit: (events) => this.onEvents(events),
    });
  }

  close(): void {
    this.flush();
    this.leave();
    this.boards.clear();
  }

  private onEvents(events: readonly StoredEvent[]): void {
    const prepared = this.prepared;
    // Anything not delivered now belonged to a transaction that rolled back.
    this.prepared = [];
    for (const e of events) {
      if (e.type === 'TicketCalled' || e.type === 'TicketRecalled') {
        const p = prepared.find((x) => x.a.seq === e.seq);
        if (p) this.deliver(p.a, p.listeners);
      } else if (e.type === 'OfficeConfigured') for (const b of this.boards) b.init(this.initFor(b.deviceId, false));
    }
  }

  private deliver(a: Announcement, listeners: readonly BoardConnection[]) {
    this.recent.push(a);
    if (this.recent.length > RECENT_KEPT) this.recent = this.recent.slice(-RECENT_KEPT);
    for (const b of listeners) b.announce(a, a.createdAt);
  }

  /**
   * The announcement of one call or recall, recorded (with a 'sent' row per board that will sound it)
   * inside the call's own transaction; nothing when announcements are off or cannot be voiced.
   */
  private prepare(e: CallEvent & { seq: number }): void {
    const config = this.office.config;
    if (!config || !this.renderer) return;
    const { announce } = boardConfigOf(config);
    if (!announce.enabled) return;
    const call = { number: e.number, windowKind: e.windowKind, windowNumber: e.windowNumber };
    let audio: { key: string; durationMs: number };
    let segments: string[];
    try {
      segments = announcementSegments(call, announce);
      // Only measured here: mixing the WAV would sit on the commit path of every call and churn memory;
      // the boards fetch it at once and `audio()` renders it then (cached for the other boards).
      audio = this.renderer.measure(segments);
    } catch (err) {
      this.log(`announcement of ${e.number} cannot be voiced`, err);
      return;
    }
    const now = this.now();
    const volume = volumeAt(announce, config.timeZone, this.office.clock.now());
    const listeners = [...this.boards].filter((b) => this.targets(b.deviceId, e, config));
    // a slot is booked only when some board will sound it: a silent hall must not push later calls back
    const heard = volume > 0 && listeners.length > 0;
    const a: Announcement = {
      id: `ann-${e.seq}`,
      hallId: e.hallId,
      ticketId: e.ticketId,
      number: e.number,
      windowId: e.windowId,
      windowNumber: e.windowNumber,
      windowKind: e.windowKind,
      kind: e.type === 'TicketCalled' ? 'call' : 'recall',
      text: displayText(call),
      speech: speechText(segments),
      segments,
      audioUrl: audioUrlOf(audio.key),
      durationMs: audio.durationMs,
      playAt: heard ? this.schedule.reserve(e.hallId, now, audio.durationMs) : now,
      createdAt: now,
      volume,
      seq: e.seq,
    };
    this.tables.insert(a);
    for (const b of listeners) this.tables.markSent(a.id, b.deviceId, now);
    this.prepared.push({ a, listeners });
  }

  private markSent(id: string, deviceId: string, at: number) {
    this.later(() => this.tables.markSent(id, deviceId, at));
  }

  /**
   * Board reports and catch-up 'sent' rows are written after the answer, batched in one transaction:
   * with synchronous=FULL every commit is an fsync, and none of them may delay a call.
   */
  private later(write: () => void) {
    this.writes.push(write);
    if (this.flushing) return;
    this.flushing = setImmediate(() => this.flush());
  }

  /** Writes what is queued now (also before any read, so that a reader sees its own writes). */
  flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    const batch = this.writes.splice(0);
    if (batch.length === 0) return;
    try {
      this.store.transaction(() => {
        for (const w of batch) w();
      });
    } catch (err) {
      this.log(`${batch.length} announcement records not written`, err);
    }
  }

  records(limit: number): AnnouncementRecord[] {
    this.flush();
    return this.tables.recent(limit);
  }

  private settingsOf(deviceId: string): BoardDeviceSettings {
    let s = this.settingsCache.get(deviceId);
    if (!s) {
      s = this.tables.settings(deviceId);
      this.settingsCache.set(deviceId, s);
    }
    return s;
  }

  /** Does this board speak this announcement? Sound on, same hall, and its zone (if any) has the window. */
  private targets(deviceId: string, a: { hallId: string; windowId: string }, config: OfficeConfig): boolean {
    return boardAnnounces(this.settingsOf(deviceId), config, a);
  }

  attach(b: BoardConnection): void {
    this.boards.add(b);
    b.init(this.initFor(b.deviceId));
  }

  /** The boards connected for sound now (device ids). */
  connectedBoards(): string[] {
    return [...new Set([...this.boards].map((b) => b.deviceId))];
  }

  detach(b: BoardConnection): void {
    this.boards.delete(b);
    this.awaySince.set(b.deviceId, this.now());
  }

  /**
   * Settings, and the announcements of its hall still due that this board has not reported on.
   * `catchUp` is false when a connected board only gets new settings: what it chose not to hear
   * (sound off, another zone) is not played later as a backlog.
   */
  initFor(deviceId: string, catchUp = true): BoardInit {
    const now = this.now();
    const settings = this.settingsOf(deviceId);
    const config = this.office.config;
    const due =
      config && catchUp
        ? this.recent.filter((a) => a.playAt > now - PENDING_GRACE_MS && this.targets(deviceId, a, config))
        : [];
    const done = this.tables.acknowledgedBy(
      deviceId,
      due.map((a) => a.id),
    );
    const pending = due.filter((a) => !done.has(a.id));
    if (config && catchUp) pending.push(...this.replaysFor(deviceId, now, config));
    for (const a of pending) this.markSent(a.id, deviceId, now);
    return { deviceId, settings, pending, serverTime: now };
  }

  /**
   * Calls of this board's hall (and zone) made since its connection dropped — past the grace, at most
   * MISSED_CALL_MS old, never sent to it — whose ticket is still called and not yet served: the latest
   * one per ticket, each booked into the hall's next free slot and recorded like any announcement.
   */
  private replaysFor(deviceId: string, now: number, config: OfficeConfig): Announcement[] {
    // Only a board that was here and dropped: a new board (or one after a server restart) has missed nothing.
    const since = this.awaySince.get(deviceId);
    if (since === undefined) return [];
    const missed = this.recent.filter(
      (a) =>
        a.replayOf === undefined &&
        a.createdAt >= since &&
        a.playAt <= now - PENDING_GRACE_MS &&
        a.createdAt > now - MISSED_CALL_MS &&
        this.targets(deviceId, a, config) &&
        this.office.view().tickets[a.ticketId]?.status === 'called',
    );
    const replayId = (a: Announcement) => `${a.id}~${deviceId}`.slice(0, 80);
    // Sent to it (the call itself, or a replay on an earlier return): not again.
    const known = this.tables.knownTo(
      deviceId,
      missed.flatMap((a) => [a.id, replayId(a)]),
    );
    const heard = (a: Announcement) => known.has(a.id) || known.has(replayId(a));
    // The latest call or recall of each ticket, if the board did not get that one.
    const latest = new Map<string, Announcement>();
    for (const a of missed) latest.set(a.ticketId, a);
    return [...latest.values()]
      .filter((a) => !heard(a))
      .map((a) => {
        const replay: Announcement = {
          ...a,
          id: replayId(a),
          replayOf: a.id,
          playAt: a.volume > 0 ? this.schedule.reserve(a.hallId, now, a.durationMs) : now,
          createdAt: now,
        };
        this.later(() => this.tables.insert(replay));
        return replay;
      });
  }

  ack(deviceId: string, body: unknown): { ok: true } | { ok: false; error: TalonError } {
    const parsed = AnnouncementAck.safeParse(body);
    if (!parsed.success)
      return {
        ok: false,
        error: talonError('VALIDATION_FAILED', fieldIssues(parsed.error)),
      };
    this.flush();
    if (!this.tables.exists(parsed.data.id))
      return { ok: false, error: talonError('NOT_FOUND', { announcement: parsed.data.id }) };
    const at = this.now();
    this.later(() => this.tables.recordAck(deviceId, parsed.data, at));
    return { ok: true };
  }

  /** The WAV behind `/api/voice/<key>.wav`: from the cache, or rendered again from the recorded segments. */
  audio(key: string): RenderedAudio | null {
    if (!this.renderer) return null;
    const hit = this.renderer.cached(key);
    if (hit) return hit;
    this.flush();
    const segments = this.tables.segmentsOfAudio(key);
    if (!segments) return null;
    try {
      return this.renderer.render(segments);
    } catch (err) {
      this.log(`audio ${key} cannot be rendered`, err);
      return null;
    }
  }

  boardsList(): BoardSummary[] {
    return this.store
      .listDevices(this.office.clock.now())
      .filter((d) => d.role === 'board')
      .map((d) => ({
        deviceId: d.deviceId,
        name: d.name,
        online: d.online,
        settings: this.settingsOf(d.deviceId),
      }));
  }

  updateSettings(deviceId: string, settings: BoardDeviceSettings): Result<BoardSummary> {
    this.flush();
    const device = this.boardsList().find((b) => b.deviceId === deviceId);
    if (!device) return { ok: false, error: talonError('NOT_FOUND', { board: deviceId }) };
    const config = this.office.config;
    const problem = config ? settingsProblem(settings, config) : null;
    if (problem) return { ok: false, error: talonError('VALIDATION_FAILED', [problem]) };
    this.tables.saveSettings(deviceId, settings, this.now());
    this.settingsCache.set(deviceId, settings);
    for (const b of this.boards) if (b.deviceId === deviceId) b.init(this.initFor(deviceId, false));
    return { ok: true, value: { ...device, settings } };
  }
}

function settingsProblem(s: BoardDeviceSettings, config: OfficeConfig): FieldIssue | null {
  if (s.hallId && !config.halls.some((h) => h.id === s.hallId))
    return fieldIssue('hallId', `нет зала ${s.hallId}`, `unknown hall ${s.hallId}`);
  if (s.zoneId) {
    const zone = boardConfigOf(config).zones.find((z) => z.id === s.zoneId);
    if (!zone) return fieldIssue('zoneId', `нет зоны ${s.zoneId}`, `unknown zone ${s.zoneId}`);
    if (s.hallId && zone.hallId !== s.hallId)
      return fieldIssue(
        'zoneId',
        `зона ${s.zoneId} в зале ${zone.hallId}, а не ${s.hallId}`,
        `zone ${s.zoneId} is in hall ${zone.hallId}, not ${s.hallId}`,
      );
  }
  return null;
}
