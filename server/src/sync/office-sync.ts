import { dayKeyOf } from '@talon/engine';
import {
  type Alarm,
  type HqLinkHealth,
  type HqLinkStatus,
  type OfficeStatus,
  phoneKey,
  type SyncHello,
  type SyncWelcome,
} from '@talon/protocol';
import { bookingPhoneTag, loadOrCreateSecret } from '../links.js';
import type { Office } from '../office.js';
import type { Settings } from '../settings/settings.js';
import type { Store } from '../store/index.js';
import { Backoff } from './backoff.js';
import { officeBookings } from './bookings.js';
import { type HqAnswer, HttpHqTransport } from './client.js';
import { HqErasures } from './erasures.js';
import { HqLink } from './link.js';
import { SqliteLinkMemory } from './memory.js';
import { WireNorms } from './norms.js';
import { officeProfiles } from './profile.js';
import { officeRatings } from './ratings.js';
import { type PhoneTagOf, toSyncEvent } from './redact.js';
import type { HqSettings } from './settings.js';
import { storeSource } from './source.js';
import { officeStatus, todayFigures } from './status.js';
import { TicketRequestPoller } from './ticket-requests.js';

export interface HqSyncDeps {
  office: Office;
  store: Store;
  settings: Pick<Settings, 'configs' | 'audit'>;
  dataDir: string;
  /** The admin monitor's active alarms, sent in the live figures. */
  alarms: () => Alarm[];
  softwareVersion: string;
  /** Head office's public address for visit links changed (null: none). */
  onPublicBase?: (base: string | null) => void;
  /** The link's state changed: the admin screen and alarms follow. */
  onChange?: () => void;
  /** Link timing (tests): heartbeat, batch size, backoff. */
  tuning?: {
    heartbeatMs?: number;
    batchMax?: number;
    backoffBaseMs?: number;
    backoffCapMs?: number;
    ticketRequestsMs?: number;
  };
  log?: (msg: string, err?: unknown) => void;
}

export type HqSource = 'command-line' | 'data-folder';

/** The live figures are computed at most this often, however many batches go. */
const STATUS_EVERY_MS = 1000;

/**
 * The office's side of head office (issue 13): the link, fed from the office's log and outbox, with the
 * office's redaction, norms, live figures, configuration path and rating command. Always present;
 * without a head office set it only says so.
 */
export class HqSync {
  private readonly d: HqSyncDeps;
  private readonly norms: WireNorms;
  private readonly memory: SqliteLinkMemory;
  private readonly today: ReturnType<typeof todayFigures>;
  private link: HqLink | null = null;
  private transport: HttpHqTransport | null = null;
  private ticketRequests: TicketRequestPoller | null = null;
  private settings: (HqSettings & { source: HqSource }) | null = null;
  private statusCache: { at: number; value: OfficeStatus } | null = null;
  private lastHello = '';
  private readonly leave: () => void;
  private readonly erasures: HqErasures;

  /** A booking's phone as head office's per-phone limit compares it; nothing once the phone is gone here. */
  private readonly phoneTagOf: PhoneTagOf = (ref) => {
    const key = phoneKey(this.d.store.personal.valuesOf(ref).phone ?? '');
    return key ? bookingPhoneTag(loadOrCreateSecret(this.d.dataDir), key) : undefined;
  };

  constructor(deps: HqSyncDeps) {
    this.d = deps;
    this.norms = WireNorms.fromStore(deps.store);
    this.memory = new SqliteLinkMemory(deps.store.db);
    this.erasures = new HqErasures(deps.store.db);
    this.today = todayFigures(deps.store, this.norms);
    // the commit only kicks the link: a timer and an async exchange follow, never inside the command
    this.leave = deps.office.onCommit({
      afterCommit: (events) => {
        // head office keeps the office's zone and name from hello: a new configuration may change them
        if (events.some((e) => e.type === 'OfficeConfigured') && this.helloKey() !== this.lastHello)
          this.link?.rehello();
        this.link?.kick();
      },
    });
  }

  /**
   * A visitor's phone erased here on their request (152-ФЗ): head office erases the name and phone of its
   * bookings with it on the next batch or heartbeat. Called inside the erasure's transaction; nothing to do
   * when the office is not linked (head office then holds nothing new of it).
   */
  phoneErased(phoneKey: string): void {
    if (!this.settings) return;
    this.erasures.add(bookingPhoneTag(loadOrCreateSecret(this.d.dataDir), phoneKey), this.d.office.clock.now());
  }

  get configured(): boolean {
    return this.settings !== null;
  }

  /** Where head office is (null: nowhere); the link restarts on a change. */
  async configure(settings: (HqSettings & { source: HqSource }) | null): Promise<void> {
    await this.stopLink();
    this.settings = settings;
    if (!settings) return;
    const tuning = this.d.tuning ?? {};
    this.transport = new HttpHqTransport(settings.url, settings.key);
    const link = new HqLink({
      transport: this.transport,
      source: storeSource(this.d.store),
      wire: (events) => {
        this.norms.observe(events);
        return events.map((e) => toSyncEvent(e, this.norms.normsOf, this.phoneTagOf));
      },
      hello: () => this.hello(),
      status: () => this.liveStatus(),
      now: () => this.d.office.clock.now(),
      memory: this.memory,
      profiles: officeProfiles(this.d.office, this.d.settings),
      ratings: officeRatings(this.d.office, (m) => this.log(m)),
      bookings: officeBookings(this.d.office, (m) => this.log(m)),
      erasures: this.erasures,
      onWelcome: (w: SyncWelcome) => this.d.onPublicBase?.(w.publicBase),
      ...(this.d.onChange ? { onChange: this.d.onChange } : {}),
      ...(tuning.heartbeatMs !== undefined ? { heartbeatMs: tuning.heartbeatMs } : {}),
      ...(tuning.batchMax !== undefined ? { batchMax: tuning.batchMax } : {}),
      backoff: new Backoff({
        ...(tuning.backoffBaseMs !== undefined ? { baseMs: tuning.backoffBaseMs } : {}),
        ...(tuning.backoffCapMs !== undefined ? { capMs: tuning.backoffCapMs } : {}),
      }),
      log: (m, e) => this.log(m, e),
    });
    this.link = link;
    // a public address remembered from the last welcome serves the printed links until head office answers
    this.d.onPublicBase?.(this.memory.load().publicBase);
    link.start();
    // tickets taken on head office's page: asked for every 2 s, not with the 15 s heartbeat
    this.ticketRequests = new TicketRequestPoller({
      transport: this.transport,
      office: this.d.office,
      store: this.d.store,
      linked: () => link.snapshot().connected,
      ...(tuning.ticketRequestsMs !== undefined ? { everyMs: tuning.ticketRequestsMs } : {}),
      log: (m, e) => this.log(m, e),
    });
    this.ticketRequests.start();
  }

  /** Tests and "check now": one exchange, resolved when it is over. */
  async flush(opts: { heartbeat?: boolean } = {}): Promise<void> {
    await this.link?.flush(opts);
  }

  private log(msg: string, err?: unknown) {
    (this.d.log ?? ((m, e) => (e ? console.warn(m, e) : console.warn(m))))(msg, err);
  }

  private helloKey(): string {
    const config = this.d.office.config;
    return JSON.stringify([config?.timeZone ?? null, config?.name ?? null]);
  }

  hello(): SyncHello {
    this.lastHello = this.helloKey();
    const config = this.d.office.config;
    return {
      linkSecret: loadOrCreateSecret(this.d.dataDir).toString('hex'),
      timeZone: config?.timeZone ?? 'Europe/Moscow',
      ...(config ? { name: config.name } : {}),
      softwareVersion: this.d.softwareVersion.slice(0, 40),
    };
  }

  private liveStatus(): OfficeStatus | undefined {
    const office = this.d.office;
    const state = office.view();
    if (!state.config) return undefined;
    const t = performance.now();
    if (this.statusCache && t - this.statusCache.at < STATUS_EVERY_MS) return this.statusCache.value;
    const now = office.clock.now();
    const value = officeStatus({
      state,
      now,
      alarms: this.d.alarms(),
      today: this.today(dayKeyOf(now, state.config.timeZone)),
      profileVersion: this.memory.load().profileVersion,
      softwareVersion: this.d.softwareVersion,
      estimate: (id) => office.estimateFor(id),
    });
    this.statusCache = { at: t, value };
    return value;
  }

  health(): HqLinkHealth {
    const s = this.status();
    return {
      configured: s.configured,
      connected: s.connected,
      lastAckSeq: s.lastAckSeq,
      lastAckAt: s.lastAckAt,
      backlog: s.backlog,
      lastError: s.lastError,
    };
  }

  status(): HqLinkStatus {
    const snap = this.link?.snapshot();
    const record = snap?.record ?? this.memory.load();
    const configured = this.settings !== null;
    return {
      configured,
      connected: snap?.connected ?? false,
      lastAckSeq: record.ackSeq,
      lastAckAt: record.ackAt,
      backlog: configured ? this.d.store.outboxBacklog() : { count: 0, oldestAt: null },
      lastError: snap?.lastError
        ? { at: snap.lastError.at, code: snap.lastError.code, message: snap.lastError.message }
        : null,
      url: this.settings?.url ?? null,
      source: this.settings?.source ?? null,
      office: record.office,
      lastContactAt: snap?.lastContactAt ?? null,
      retryAt: snap?.retryAt ?? null,
      attention: configured ? record.attention : null,
      profileVersion: record.profileVersion,
      profileRefused: record.profileRefused,
      publicBase: configured ? record.publicBase : null,
    };
  }

  private async stopLink(): Promise<void> {
    const link = this.link;
    this.link = null;
    const tickets = this.ticketRequests;
    this.ticketRequests = null;
    this.transport?.abort();
    this.transport = null;
    await tickets?.stop();
    await link?.stop();
  }

  async close(): Promise<void> {
    this.leave();
    await this.stopLink();
  }
}

/**
 * One hello to a head office before its address is saved (the setup wizard, the admin): the answer
 * says how head office knows this office, or why it refused.
 */
export async function checkHeadOffice(settings: HqSettings, hello: SyncHello): Promise<HqAnswer<SyncWelcome>> {
  const transport = new HttpHqTransport(settings.url, settings.key, 10_000);
  try {
    return await transport.hello(hello);
  } finally {
    transport.abort();
  }
}
