import type { Alarm, HelpReason, KioskHelpRequest } from '@talon/protocol';
import type { Clock } from '../clock.js';
import type { AlarmCondition } from '../monitor/evaluate.js';

/** A call nobody answered ends by itself: the visitor has most likely been helped or has gone. */
export const HELP_WAITING_MS = 15 * 60_000;
/** After «Иду» the call ends this long after, unless the administrator marks it done sooner. */
export const HELP_COMING_MS = 10 * 60_000;

export interface KioskHelpOptions {
  clock: Clock;
  waitingMs?: number;
  comingMs?: number;
  /** Something changed: the alarms should be evaluated (and pushed) now. */
  onChange: () => void;
}

const keyOf = (deviceId: string) => `kiosk-help:${deviceId}`;

/**
 * Calls for help from the kiosks. Server state, not engine events: a call is a signal between a kiosk
 * and the hall administrator, not a fact about the queue — it issues, moves or closes no ticket, and it
 * ends on a wall-clock timeout. The pure engine stays about the queue, and the log head office receives
 * holds no «someone pressed a button». What is kept is the alarm history (raised, acknowledged by whom,
 * cleared), like every alarm's; a call still open when the server restarts is gone with it, and the
 * kiosk, which asks for its call's status, says so and offers the button again.
 */
export class KioskHelp {
  private readonly clock: Clock;
  private readonly waitingMs: number;
  private readonly comingMs: number;
  private readonly onChange: () => void;
  /** One open call per kiosk. */
  private readonly open = new Map<string, KioskHelpRequest>();
  private next = 1;

  constructor(opts: KioskHelpOptions) {
    this.clock = opts.clock;
    this.waitingMs = opts.waitingMs ?? HELP_WAITING_MS;
    this.comingMs = opts.comingMs ?? HELP_COMING_MS;
    this.onChange = opts.onChange;
  }

  /** A kiosk calls; a second press while its call is open changes nothing (an individual reason is kept). */
  call(deviceId: string, kioskName: string, reason: HelpReason): KioskHelpRequest {
    const now = this.clock.now();
    const current = this.current(deviceId, now);
    if (current) {
      if (reason === 'individual' && current.reason !== 'individual') {
        current.reason = 'individual';
        this.onChange();
      }
      return current;
    }
    const request: KioskHelpRequest = {
      id: `h-${this.next++}`,
      deviceId,
      kioskName,
      reason,
      raisedAt: now,
      acknowledgedAt: null,
      acknowledgedBy: null,
      expiresAt: now + this.waitingMs,
    };
    this.open.set(deviceId, request);
    this.onChange();
    return request;
  }

  status(deviceId: string): KioskHelpRequest | null {
    return this.current(deviceId, this.clock.now());
  }

  cancel(deviceId: string): void {
    if (this.open.delete(deviceId)) this.onChange();
  }

  list(): KioskHelpRequest[] {
    const now = this.clock.now();
    this.expire(now);
    return [...this.open.values()].sort((a, b) => a.raisedAt - b.raisedAt);
  }

  byId(id: string): KioskHelpRequest | null {
    return this.list().find((r) => r.id === id) ?? null;
  }

  /** «Иду». Returns the call, or null when it is no longer open. */
  coming(id: string, byName: string): KioskHelpRequest | null {
    const r = this.byId(id);
    if (!r) return null;
    if (r.acknowledgedAt === null) {
      const now = this.clock.now();
      Object.assign(r, { acknowledgedAt: now, acknowledgedBy: byName, expiresAt: now + this.comingMs });
      this.onChange();
    }
    return r;
  }

  resolve(id: string): KioskHelpRequest | null {
    const r = this.byId(id);
    if (!r) return null;
    this.open.delete(r.deviceId);
    this.onChange();
    return r;
  }

  /** The call's alarm was acknowledged on the admin screen or the wall: that is «Иду» too. */
  acknowledged(alarm: Alarm, byName: string): void {
    if (alarm.kind !== 'kiosk-help' || !alarm.subject.deviceId) return;
    const r = this.status(alarm.subject.deviceId);
    if (r) this.coming(r.id, byName);
  }

  /** One alarm per open call, with the kiosk's name; the alarm clears when the call ends. */
  conditions(now: number): AlarmCondition[] {
    this.expire(now);
    return [...this.open.values()].map((r) => ({
      key: keyOf(r.deviceId),
      kind: 'kiosk-help',
      severity: r.reason === 'individual' ? 'critical' : 'warning',
      subject: { deviceId: r.deviceId, deviceName: r.kioskName, deviceRole: 'kiosk' },
      message:
        r.reason === 'individual'
          ? {
              ru: `Киоск «${r.kioskName}»: посетителю нужно индивидуальное обслуживание, подойдите`,
              en: `Kiosk "${r.kioskName}": a visitor needs individual service, please come`,
            }
          : {
              ru: `Киоск «${r.kioskName}»: посетитель просит помощи сотрудника`,
              en: `Kiosk "${r.kioskName}": a visitor asks for a member of staff`,
            },
    }));
  }

  /** The open call of this kiosk past its time is over. */
  private current(deviceId: string, now: number): KioskHelpRequest | null {
    const r = this.open.get(deviceId);
    if (r && r.expiresAt <= now) {
      this.open.delete(deviceId);
      this.onChange();
      return null;
    }
    return r ?? null;
  }

  private expire(now: number) {
    for (const r of [...this.open.values()]) this.current(r.deviceId, now);
  }
}
