import { DisplayBus, openSerialLine, type PortFactory, VirtualDisplayBus, virtualLink } from '@talon/hardware/displays';
import type { StoredEvent } from '@talon/protocol';
import { newToken, tokenHash } from '../auth/crypto.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import {
  asDisplayed,
  busHeartbeat,
  type DisplayHealth,
  type DisplayMapping,
  desiredTexts,
  recallBlinks,
  resolveMapping,
} from './plan.js';
import type { DisplayBusSettings, WindowDisplaySettings } from './settings.js';

export interface WindowDisplaysOptions {
  office: Office;
  store: Store;
  settings: WindowDisplaySettings;
  /** Opens real serial ports by default; tests pass `SerialPortMock`. */
  portFactory?: PortFactory;
  log?: (msg: string, err?: unknown) => void;
}

const REOPEN_MS = [1000, 2000, 5000, 10_000, 30_000];

/**
 * Keeps the LED display above every window in step with the queue: the number called to the
 * window, blinking on a recall, blank when the visit leaves the window. One runner per bus.
 */
export class WindowDisplays {
  readonly buses: BusRunner[];
  private readonly unsubscribe: () => void;

  constructor(opts: WindowDisplaysOptions) {
    const log = opts.log ?? ((m, e) => console.error(m, e ?? ''));
    this.buses = opts.settings.buses.map((b) => new BusRunner(opts.office, opts.store, b, opts.portFactory, log));
    this.unsubscribe = opts.office.onEvents((events) => {
      for (const b of this.buses) b.onEvents(events);
    });
    for (const b of this.buses) b.start();
  }

  bus(id: string): BusRunner {
    const b = this.buses.find((x) => x.settings.id === id);
    if (!b) throw new Error(`no display bus ${id}`);
    return b;
  }

  /** Resolves once every bus has sent what the current state asks for (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all(this.buses.map((b) => b.settled()));
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await Promise.all(this.buses.map((b) => b.close()));
  }
}

export class BusRunner {
  readonly deviceId: string;
  /** The in-memory displays of a `virtual` bus (demo, tests); null on a real line. */
  readonly virtual: VirtualDisplayBus | null;
  private driver: DisplayBus | null = null;
  private mapping: DisplayMapping;
  /** What each display shows as far as we know; absent = unknown (never told, or a send failed). */
  private readonly shown = new Map<number, string>();
  private readonly health = new Map<number, DisplayHealth>();
  private readonly pendingBlinks = new Set<number>();
  private dirty = false;
  private running: Promise<void> = Promise.resolve();
  private pollTimer: NodeJS.Timeout | undefined;
  private reopenTimer: NodeJS.Timeout | undefined;
  private reopenAttempt = 0;
  private lastError: string | null = null;
  private stopped = false;
  private lastReport = '';
  private revokedLogged = false;

  constructor(
    private readonly office: Office,
    private readonly store: Store,
    readonly settings: DisplayBusSettings,
    private readonly portFactory: PortFactory | undefined,
    private readonly log: (msg: string, err?: unknown) => void,
  ) {
    this.deviceId = `display-bus-${settings.id}`;
    this.mapping = resolveMapping(settings, office.config);
    this.virtual = settings.port === 'virtual' ? new VirtualDisplayBus(this.mapping.byWindow.values()) : null;
    this.ensureDevice();
  }

  /** The device record other devices have: the admin sees the bus in the device list and its alarms. */
  private ensureDevice() {
    const store = this.store;
    if (store.findDevice(this.deviceId)) return;
    store.createDevice({
      id: this.deviceId,
      name: this.settings.name ?? `Табло окон (${this.settings.port})`,
      role: 'device',
      // Driven by the server itself: nobody holds a token for it.
      tokenHash: tokenHash(newToken()),
      createdAt: this.office.clock.now(),
    });
  }

  start() {
    void this.open();
    this.pollTimer = setInterval(() => this.schedulePoll(), this.settings.pollSec * 1000);
    this.pollTimer.unref();
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const opts = {
      replyTimeoutMs: this.settings.replyTimeoutMs,
      retries: this.settings.retries,
      onClosed: () => this.lineLost(),
    };
    try {
      if (this.virtual) {
        const [host, device] = virtualLink();
        this.virtual.attach(device);
        this.driver = new DisplayBus(host, opts);
      } else {
        const port = await openSerialLine(
          { path: this.settings.port, baudRate: this.settings.baudRate },
          ...(this.portFactory ? [this.portFactory] : []),
        );
        if (this.stopped) return void port.destroy();
        this.driver = new DisplayBus(port, opts);
      }
    } catch (err) {
      this.lastError = (err as Error).message;
      this.report();
      this.scheduleReopen();
      return;
    }
    this.reopenAttempt = 0;
    this.lastError = null;
    this.shown.clear();
    const d = this.driver;
    if (this.settings.brightness !== undefined)
      for (const a of this.addresses()) void d.brightness(a, this.settings.brightness);
    this.schedule();
    this.schedulePoll();
  }

  private lineLost() {
    if (this.stopped) return;
    this.lastError = this.driver?.lastError ?? 'serial line closed';
    this.driver = null;
    this.report();
    this.scheduleReopen();
  }

  private scheduleReopen() {
    if (this.stopped || this.reopenTimer) return;
    const ms = REOPEN_MS[Math.min(this.reopenAttempt++, REOPEN_MS.length - 1)] ?? 30_000;
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      void this.open();
    }, ms);
    this.reopenTimer.unref();
  }

  private addresses(): number[] {
    return [...this.mapping.byWindow.values()];
  }

  onEvents(events: StoredEvent[]) {
    if (events.some((e) => e.type === 'OfficeConfigured')) {
      this.mapping = resolveMapping(this.settings, this.office.config);
      for (const a of this.addresses()) this.virtual?.add(a);
      for (const a of [...this.health.keys()]) if (!this.addresses().includes(a)) this.health.delete(a);
    }
    for (const a of recallBlinks(events, this.mapping)) this.pendingBlinks.add(a);
    this.schedule();
  }

  /**
   * Bursts of events collapse into one pass that sends only what differs from what the
   * displays show, computed from the state at send time (never a stale intermediate number).
   */
  private schedule() {
    this.dirty = true;
    this.running = this.running.then(() => this.flush()).catch((err) => this.log('window displays: send failed', err));
  }

  settled(): Promise<void> {
    return this.running;
  }

  private async flush(): Promise<void> {
    if (!this.dirty || this.stopped) return;
    this.dirty = false;
    const d = this.driver;
    if (!d) return;
    const want = desiredTexts(this.office.view(), this.mapping);
    for (const [address, text] of want) {
      const blink = this.pendingBlinks.delete(address) && text !== '';
      if (this.shown.get(address) === asDisplayed(text) && !blink) continue;
      // Showing text stops blinking on the display, so the text goes first.
      if (this.shown.get(address) !== asDisplayed(text)) {
        const o = text ? await d.show(address, text) : await d.clear(address);
        this.note(address, o.ok, o.ok ? asDisplayed(text) : undefined);
        if (!o.ok) continue;
      }
      if (blink) this.note(address, (await d.blink(address, this.settings.blinkOnRecallSec)).ok);
    }
    this.pendingBlinks.clear();
  }

  private note(address: number, ok: boolean, shown?: string) {
    const h = this.health.get(address);
    const was = h?.answering;
    this.health.set(address, { address, answering: ok, ...(h?.health ? { health: h.health } : {}) });
    if (shown !== undefined) this.shown.set(address, shown);
    if (!ok) this.shown.delete(address);
    if (was !== ok) this.report();
  }

  /** Polls run in the same chain as sends, so a status reply never races a number being sent. */
  private schedulePoll() {
    this.running = this.running.then(() => this.poll()).catch((err) => this.log('window displays: poll failed', err));
  }

  /** Asks every display what it shows; a display that was off or reset gets its number back. */
  private async poll(): Promise<void> {
    const d = this.driver;
    if (d && !this.stopped) {
      for (const address of this.addresses()) {
        // A call waiting behind a slow poll (silent displays time out) goes first.
        if (this.dirty) await this.flush();
        const silent = this.health.get(address)?.answering === false;
        const s = await d.status(address, silent ? { retries: 0 } : {});
        if (this.stopped) return;
        if (s.ok) {
          this.health.set(address, { address, answering: true, health: s.status.health });
          this.shown.set(address, s.status.text);
        } else {
          this.health.set(address, { address, answering: false });
          this.shown.delete(address);
        }
      }
      this.schedule();
    }
    this.report();
  }

  private report() {
    if (this.stopped) return;
    const hb = busHeartbeat({
      port: this.settings.port,
      open: this.driver !== null,
      lastError: this.lastError,
      displays: this.addresses().map((a) => this.health.get(a) ?? { address: a, answering: false }),
      problems: this.mapping.problems,
    });
    // A bus that is down says why once and then stays silent, so it goes offline after
    // DEVICE_ONLINE_MS like any dead device: the offline alarm and the downtime count see it.
    const key = JSON.stringify(hb);
    if (hb.status === 'error' && key === this.lastReport) return;
    this.lastReport = key;
    let recorded: boolean;
    try {
      recorded = this.store.recordHeartbeat(this.deviceId, hb, this.office.clock.now());
    } catch (err) {
      // a full or read-only disk: the displays go on showing the calls, the status waits for the next report
      this.lastReport = '';
      this.log('window displays: status not recorded', err);
      return;
    }
    if (!recorded && !this.revokedLogged) {
      this.revokedLogged = true;
      this.log(`window displays: device ${this.deviceId} is revoked; its status is not recorded`);
    }
  }

  /** For the admin and the demo: what every display shows as far as the server knows. */
  view(): { address: number; windowId: string; text: string | null; answering: boolean }[] {
    return [...this.mapping.byWindow].map(([windowId, address]) => ({
      address,
      windowId,
      text: this.shown.get(address) ?? null,
      answering: this.health.get(address)?.answering ?? false,
    }));
  }

  async close(): Promise<void> {
    await this.running;
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reopenTimer);
    await this.driver?.close();
    this.driver = null;
  }
}
