import type { Announcement, AnnouncementAck } from '@talon/protocol';

/** An announcement more than this late (a board that was away) is skipped, not played out of context. */
export const STALE_MS = 30_000;
/** A playback that never ends (a broken audio device) gives up this long after its expected end. */
const WATCHDOG_MS = 5000;

/** Epoch milliseconds with sub-millisecond precision (aligned with the server's wall clock by `offset`). */
export const preciseNow = () => performance.timeOrigin + performance.now();

/** One line per announcement, kept in `window.__talonAudioLog` for diagnostics and tests. */
export interface AudioLogEntry {
  id: string;
  ticketId: string;
  number: string;
  windowNumber: number;
  kind: Announcement['kind'];
  url: string;
  volume: number;
  receivedAt: number;
  /** Local time of the hall's slot. */
  playAt: number;
  /** Length of the slot (the announcement's audio), ms. */
  durationMs: number;
  /** `playing` fired: sound is coming out. */
  startedAt?: number;
  endedAt?: number;
  status?: AnnouncementAck['status'];
  reason?: string;
}

declare global {
  interface Window {
    __talonAudioLog?: AudioLogEntry[];
  }
}

export type SoundState = 'checking' | 'ready' | 'blocked';

interface Item {
  a: Announcement;
  entry: AudioLogEntry;
  audio: HTMLAudioElement;
}

export interface PlayerHooks {
  /** Times in the report are this page's clock (`preciseNow`). */
  ack(ack: AnnouncementAck): void;
  onSound(state: SoundState): void;
  onPlaying?(id: string | null): void;
  /** Something in the log changed: an announcement arrived, started or was reported on. */
  onChange?(): void;
}

/** 0.1 s of silence: playing it unmuted tells whether the browser lets this page make sound. */
const SILENT_WAV = (() => {
  const rate = 8000;
  const n = rate / 10;
  const bytes = new Uint8Array(44 + n * 2);
  const v = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  v.setUint32(4, 36 + n * 2, true);
  text(8, 'WAVEfmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, n * 2, true);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `data:audio/wav;base64,${btoa(bin)}`;
})();

/**
 * Plays a hall's announcements strictly one after another, each at its slot (or as soon as the one
 * before has ended), and reports on every one of them. The audio is fetched as soon as the
 * announcement arrives, so that the slot finds it ready.
 */
export class AnnouncementPlayer {
  private readonly queue: Item[] = [];
  private current: Item | null = null;
  private readonly seen = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private sound: SoundState = 'checking';
  private disposed = false;
  readonly log: AudioLogEntry[];

  constructor(private readonly hooks: PlayerHooks) {
    window.__talonAudioLog ??= [];
    this.log = window.__talonAudioLog;
  }

  /** Tries a silent clip: a browser that blocks autoplay says so now, not at the first call. */
  async probe(): Promise<SoundState> {
    const ok = await this.trySilent();
    if (!this.disposed) this.setSound(ok ? 'ready' : 'blocked');
    return this.sound;
  }

  /** From a touch or click: a gesture lets the page play sound from now on. */
  async unlock(): Promise<boolean> {
    const ok = await this.trySilent();
    if (ok) {
      this.setSound('ready');
      this.pump();
    }
    return ok;
  }

  private async trySilent(): Promise<boolean> {
    const probe = new Audio(SILENT_WAV);
    try {
      await probe.play();
      return true;
    } catch (err) {
      return (err as Error).name !== 'NotAllowedError';
    } finally {
      probe.pause();
    }
  }

  private setSound(s: SoundState) {
    if (this.sound === s) return;
    this.sound = s;
    this.hooks.onSound(s);
  }

  /** `offset` = server wall clock − local clock, ms. */
  enqueue(a: Announcement, offset: number): void {
    if (this.disposed || this.seen.has(a.id)) return;
    this.seen.add(a.id);
    const entry: AudioLogEntry = {
      id: a.id,
      ticketId: a.ticketId,
      number: a.number,
      windowNumber: a.windowNumber,
      kind: a.kind,
      url: a.audioUrl,
      volume: a.volume,
      receivedAt: preciseNow(),
      playAt: a.playAt - offset,
      durationMs: a.durationMs,
    };
    this.log.push(entry);
    this.hooks.onChange?.();
    if (a.volume <= 0) {
      this.report(entry, 'muted', 'quiet hours');
      return;
    }
    const audio = new Audio();
    audio.preload = 'auto';
    audio.src = a.audioUrl;
    this.queue.push({ a, entry, audio });
    this.queue.sort((x, y) => x.entry.playAt - y.entry.playAt);
    this.pump();
  }

  private pump = () => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.disposed || this.current) return;
    const next = this.queue[0];
    if (!next) return;
    const wait = next.entry.playAt - preciseNow();
    if (wait > 1) {
      this.timer = setTimeout(this.pump, wait);
      return;
    }
    this.queue.shift();
    if (-wait > STALE_MS) {
      this.release(next);
      this.report(next.entry, 'skipped', 'stale');
      this.pump();
      return;
    }
    this.start(next);
  };

  private start(item: Item) {
    this.current = item;
    this.hooks.onPlaying?.(item.a.id);
    const { audio, a, entry } = item;
    const finish = (status: AnnouncementAck['status'], reason?: string) => {
      if (this.current !== item) return;
      if (this.watchdog) clearTimeout(this.watchdog);
      this.watchdog = null;
      this.current = null;
      this.release(item);
      this.report(entry, status, reason);
      this.hooks.onPlaying?.(null);
      this.pump();
    };
    audio.volume = Math.min(1, Math.max(0, a.volume / 100));
    audio.onplaying = () => {
      if (entry.startedAt !== undefined) return;
      entry.startedAt = preciseNow();
      this.hooks.onChange?.();
    };
    audio.onended = () => finish('played');
    audio.onerror = () => finish('failed', `media error ${audio.error?.code ?? '?'}`);
    this.watchdog = setTimeout(() => finish('failed', 'timeout'), a.durationMs + WATCHDOG_MS);
    audio.play().catch((err: Error) => {
      if (err.name === 'NotAllowedError') {
        this.setSound('blocked');
        finish('blocked', 'autoplay blocked: waiting for a touch');
      } else finish('failed', err.name);
    });
  }

  private release(item: Item) {
    const { audio } = item;
    audio.onplaying = null;
    audio.onended = null;
    audio.onerror = null;
    audio.pause();
    audio.removeAttribute('src');
    audio.load();
  }

  private report(entry: AudioLogEntry, status: AnnouncementAck['status'], reason?: string) {
    entry.status = status;
    entry.endedAt = preciseNow();
    if (reason) entry.reason = reason;
    const ack: AnnouncementAck = { id: entry.id, status };
    if (entry.startedAt !== undefined) ack.startedAt = entry.startedAt;
    if (status !== 'muted') ack.endedAt = entry.endedAt;
    if (reason) ack.reason = reason;
    this.hooks.ack(ack);
    this.hooks.onChange?.();
  }

  /** Sound turned off for this board: drop what waits, stop what plays. */
  clear(): void {
    for (const item of this.queue.splice(0)) {
      this.release(item);
      this.report(item.entry, 'skipped', 'sound turned off');
    }
    if (this.current) {
      const item = this.current;
      this.current = null;
      if (this.watchdog) clearTimeout(this.watchdog);
      this.release(item);
      this.report(item.entry, 'skipped', 'sound turned off');
      this.hooks.onPlaying?.(null);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.watchdog) clearTimeout(this.watchdog);
    for (const item of this.queue.splice(0)) this.release(item);
    if (this.current) this.release(this.current);
    this.current = null;
  }
}
