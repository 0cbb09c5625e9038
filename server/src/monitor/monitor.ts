import { isOpenAt, isReceptionOpen } from '@talon/engine';
import {
  type Actor,
  type AdminServerToClient,
  type Alarm,
  alarmSettingsOf,
  type HqLinkStatus,
  type MonitorSnapshot,
} from '@talon/protocol';
import type { Server } from 'socket.io';
import type { Office } from '../office.js';
import type { Settings } from '../settings/settings.js';
import type { Store } from '../store/index.js';
import { AlarmStore } from './alarm-store.js';
import { type AlarmCondition, type BackupHealth, evaluateAlarms } from './evaluate.js';
import { serviceFigures, windowFigures } from './figures.js';
import type { Hours } from './hours.js';
import { type CallProjection, simpleProjection } from './projection.js';
import { DeviceUptime, deviceFigures, type ObservedDevice, observed } from './uptime.js';

export interface MonitorOptions {
  office: Office;
  store: Store;
  /** The configuration version in force (shown with the figures) and the audit (acknowledgements). */
  settings: Pick<Settings, 'configs' | 'audit'>;
  projection?: CallProjection;
  /** The daily backups' health for the backup alarm; absent or null = backups are off. */
  backups?: { health(): BackupHealth | null };
  /** The link to head office (server/src/sync): its panel and alarms; absent = none. */
  hq?: { status(): HqLinkStatus | null };
  log?: (msg: string, err?: unknown) => void;
}

const MONITOR_NAMESPACES = ['/admin', '/wall'] as const;
/** At most one evaluation per this many ms while events keep coming. */
const EVALUATE_GAP_MS = 500;

/**
 * The admin side of the office server: a thin scheduler around pure parts. Each evaluation takes
 * the live state and the devices at the injected clock's now, computes the monitor figures, turns
 * alarm conditions into raised/cleared alarms in SQLite, and pushes both to the `/admin` namespace.
 */
export class Monitor {
  readonly alarms: AlarmStore;
  readonly uptime: DeviceUptime;
  private readonly office: Office;
  private readonly store: Store;
  private readonly settings: MonitorOptions['settings'];
  private readonly projection: CallProjection;
  private readonly backups: MonitorOptions['backups'];
  private readonly hq: MonitorOptions['hq'];
  private readonly log: (msg: string, err?: unknown) => void;
  private io: Server | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private soon: ReturnType<typeof setTimeout> | undefined;
  private latest: MonitorSnapshot | null = null;
  /** performance.now() of the last evaluation. */
  private evaluatedAt = Number.NEGATIVE_INFINITY;
  /** Alarm conditions other modules keep (kiosk help); asked at every evaluation. */
  private readonly sources: ((now: number) => AlarmCondition[])[] = [];
  private readonly ackListeners: ((alarm: Alarm, byName: string) => void)[] = [];

  constructor(opts: MonitorOptions) {
    this.office = opts.office;
    this.store = opts.store;
    const { db } = opts.store;
    this.alarms = new AlarmStore(db);
    this.uptime = new DeviceUptime(db);
    this.settings = opts.settings;
    this.projection = opts.projection ?? simpleProjection;
    this.backups = opts.backups;
    this.hq = opts.hq;
    this.log = opts.log ?? ((m, e) => console.error(m, e));
    // a call or a new ticket changes the figures now, not at the next tick
    this.office.onEvents(() => this.evaluateSoon());
  }

  private observedDevices(now: number): ObservedDevice[] {
    return this.store.listDevices(now).map(observed);
  }

  /** One evaluation at the clock's now: figures, alarms (raised/cleared in SQLite), pushes. */
  evaluate(): MonitorSnapshot {
    this.evaluatedAt = performance.now();
    const now = this.office.clock.now();
    const state = this.office.view();
    const config = state.config;
    const settings = alarmSettingsOf(config);
    const devices = this.observedDevices(now);
    this.uptime.observe(devices, now);
    const hours: Hours = config
      ? { schedule: config.officeHours, holidays: config.holidays, timeZone: config.timeZone }
      : { schedule: {}, holidays: [], timeZone: 'UTC' };
    const services = serviceFigures(state, now, this.projection(state, now), settings);
    const snapshot: MonitorSnapshot = {
      at: now,
      receptionOpen: config ? isReceptionOpen(config, now) : false,
      officeOpen: config ? isOpenAt(config.officeHours, config.holidays, now, config.timeZone) : false,
      liveQueue: state.liveQueue,
      configVersion: this.settings.configs.currentVersion(),
      office: config ? { name: config.name, timeZone: config.timeZone } : null,
      alarmSettings: settings,
      services,
      windows: windowFigures(state),
      devices: deviceFigures(devices, this.uptime, now, hours),
    };
    const hq = this.hq?.status() ?? null;
    if (hq) snapshot.hq = hq;
    const backup = this.backups?.health() ?? null;
    const conditions = evaluateAlarms({ state, services, devices: snapshot.devices, settings, now, backup, hq });
    for (const source of this.sources) conditions.push(...source(now).filter((c) => !settings.off.includes(c.kind)));
    const result = this.alarms.reconcile(conditions, now);
    this.latest = snapshot;
    this.admin()?.emit('monitor', snapshot);
    if (result.changed) this.pushAlarms();
    return snapshot;
  }

  snapshot(): MonitorSnapshot {
    return this.latest ?? this.evaluate();
  }

  /**
   * Coalesces bursts of events into one evaluation, and evaluations into at most one per
   * EVALUATE_GAP_MS: a busy hall sees its figures within half a second, and the calls between
   * evaluations are not held up behind them.
   */
  evaluateSoon(delayMs = 150): void {
    if (this.soon) return;
    const wait = Math.max(delayMs, this.evaluatedAt + EVALUATE_GAP_MS - performance.now());
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.safeEvaluate();
    }, wait);
    this.soon.unref?.();
  }

  private safeEvaluate() {
    try {
      this.evaluate();
    } catch (err) {
      this.log('monitor evaluation failed', err);
    }
  }

  acknowledge(id: number, actor: Actor, byName: string): Alarm | null {
    const now = this.office.clock.now();
    if (!this.alarms.acknowledge(id, byName, now)) return null;
    const alarm = this.alarms.get(id);
    this.settings.audit.record(now, actor, 'alarm.acknowledged', String(id), alarm ? [alarm.message] : []);
    if (alarm) for (const listener of this.ackListeners) listener(alarm, byName);
    this.pushAlarms();
    return alarm;
  }

  /** Conditions held by another module (kiosk help) join every evaluation, with the same history and acknowledgement. */
  addConditions(source: (now: number) => AlarmCondition[]): void {
    this.sources.push(source);
  }

  /** Told of every acknowledgement (the kiosk shows «идут к вам» when its alarm is acknowledged). */
  onAcknowledged(listener: (alarm: Alarm, byName: string) => void): void {
    this.ackListeners.push(listener);
  }

  /** Every screen that shows the monitor: administrators' sessions and paired wall screens. */
  private admin(): { emit: AdminEmit } | null {
    const io = this.io;
    if (!io) return null;
    const targets = MONITOR_NAMESPACES.map((n) => io.of(n)).filter((nsp) => nsp.sockets.size > 0);
    if (targets.length === 0) return null;
    const emit = ((event: string, payload: unknown) => {
      for (const nsp of targets) nsp.emit(event, payload);
    }) as AdminEmit;
    return { emit };
  }

  private pushAlarms() {
    this.admin()?.emit('alarms', { active: this.alarms.active(), at: this.office.clock.now() });
  }

  /** `/admin` and `/wall` also get the monitor figures and the active alarms, on connect and on change. */
  attach(io: Server): void {
    this.io = io;
    for (const n of MONITOR_NAMESPACES)
      io.of(n).on('connection', (socket) => {
        // the socket registry (server/src/auth) may have closed it already: its token ended as it connected
        if (!socket.connected) return;
        const s = socket as unknown as { emit: AdminEmit };
        s.emit('monitor', this.snapshot());
        s.emit('alarms', { active: this.alarms.active(), at: this.office.clock.now() });
      });
  }

  start(everyMs: number): void {
    this.safeEvaluate();
    if (everyMs > 0) {
      this.timer = setInterval(() => this.safeEvaluate(), everyMs);
      this.timer.unref?.();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = undefined;
    this.soon = undefined;
    this.io = null;
  }
}

type AdminEmit = <E extends keyof AdminServerToClient>(event: E, ...args: Parameters<AdminServerToClient[E]>) => void;
