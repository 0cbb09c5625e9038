import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { Actor, Alarm, OfficeConfig } from '@talon/protocol';
import Fastify from 'fastify';
import { Server as IoServer } from 'socket.io';
import { type AnnouncementService, registerAnnouncements } from './announce/index.js';
import { limitCommands } from './api/commands.js';
import { registerHttpApi } from './api/http.js';
import { registerOperatorDay } from './api/operator-day.js';
import { registerRealtime } from './api/realtime.js';
import { type AuthOptions, AuthService } from './auth/index.js';
import { type BackupOptions, BackupService } from './backup/index.js';
import { registerBookingRoutes } from './bookings/index.js';
import { type Clock, systemClock, VirtualClock } from './clock.js';
import { demoUsers } from './demo/rosatom-office.js';
import {
  registerDisplayRoutes,
  WindowDisplaySettings,
  type WindowDisplaySettingsInput,
  WindowDisplays,
} from './displays/index.js';
import { createEdge } from './edge/plugin.js';
import { RateLimiter, type RateLimitOptions } from './edge/rate-limits.js';
import { attachSocketLimits } from './edge/socket-limits.js';
import { FollowUpAlarmSource, FollowUpService, registerFollowUpRoutes } from './followups/index.js';
import { KioskHelp, registerKioskHelpRoutes } from './kiosk-help/index.js';
import { Monitor } from './monitor/monitor.js';
import { registerMonitorApi } from './monitor/routes.js';
import { Notifier, type NotifyOptions, registerNotifyRoutes } from './notify/index.js';
import { Office } from './office.js';
import {
  errorLog,
  fastifyOptions,
  type LogOptions,
  logOptionsOf,
  logRealtime,
  registerOps,
  type TlsOptions,
} from './ops/index.js';
import { OutageLog, registerOutageRoutes } from './outages/index.js';
import { type Printing, type PrintingOptions, type PrintService, setupPrinting } from './printing/index.js';
import { PersonalDataService, type PrivacyOptions, registerPrivacyRoutes } from './privacy/index.js';
import { registerPublic } from './public/index.js';
import { registerRating } from './rating/index.js';
import { registerReports } from './reports/index.js';
import { registerSettingsApi, Settings } from './settings/index.js';
import { FirstRunSetup, printSetupLink, registerSetup, setupBaseUrl } from './setup/index.js';
import { createTwinEstimator, HistoryCache, registerStaffing } from './staffing/index.js';
import { DemoPairingCodes, renderStartPage } from './start-page.js';
import { acquireServerLock, openOfficeStore } from './store/data-folder.js';
import type { Store } from './store/index.js';
import {
  connectHeadOffice,
  type HqSettings,
  HqSync,
  type HqSyncDeps,
  loadHqSettings,
  normalizeHqUrl,
  registerHqLinkRoutes,
} from './sync/index.js';

// Anchored on the package, not this file, so the bundled server (server/dist) finds the same screens.
const ROOT = resolve(dirname(createRequire(import.meta.url).resolve('@talon/server/package.json')), '..');
const VERSION = (createRequire(import.meta.url)('@talon/server/package.json') as { version: string }).version;

/** The UIs built by Vite, each served under its own path. */
export const SCREENS = [
  { path: 'kiosk', dir: 'kiosk/dist', redirect: 'screenRedirectKiosk' },
  { path: 'board', dir: 'display-board/dist', redirect: 'screenRedirectBoard' },
  { path: 'operator', dir: 'operator-console/dist', redirect: 'screenRedirectOperator' },
  { path: 'admin', dir: 'admin/dist', redirect: 'screenRedirectAdmin' },
  { path: 'rating', dir: 'rating-terminal/dist', redirect: 'screenRedirectRating' },
] as const;

export interface ServerOptions {
  dataDir: string;
  port?: number;
  host?: string;
  clock?: Clock;
  /** Configure this office on an empty store (the demo office, tests). */
  initialConfig?: OfficeConfig;
  /** Create the demo users with known passwords and show pairing links on the start page. */
  demo?: boolean;
  /** Tick interval for automatic no-shows and forfeited bookings; 0 turns it off (tests tick by hand). */
  tickMs?: number;
  /** Public address of the rating page for visitors' phones (head office later); default: the address used. */
  publicBaseUrl?: string;
  /** Alarm evaluation and the admin monitor push, every this many ms (real time, at the injected clock); 0 = only on events. */
  monitorMs?: number;
  /** Exposes POST /api/test/clock to move a VirtualClock (end-to-end tests only). */
  testClock?: boolean;
  /** The wait-estimate twin's CPU budget (TWIN_BUDGET_MS_PER_SEC, TWIN_BURST_MS by default). */
  twin?: { budgetMsPerSec?: number; burstMs?: number };
  /** LED displays above the windows (docs/window-display-protocol.md); absent = none. */
  windowDisplays?: WindowDisplaySettingsInput;
  /** Ticket printers given at start, the demo's virtual printer, status polling (docs/printing.md). */
  printing?: PrintingOptions;
  /**
   * First-run setup (server/src/setup): on a store with no office and not in the demo, the one-time setup
   * link goes here once the server listens (default: printed to the console); it is also in `setup-link.txt`.
   */
  setup?: { onLink?: (url: string) => void };
  /** Structured logs (server/src/ops/logging.ts): `true` = info to standard output; absent = none (tests). */
  logger?: boolean | LogOptions;
  /** Serve HTTPS (and socket.io over it) with this certificate and key: PEM text or file paths. */
  tls?: TlsOptions;
  /** The bearer token `/metrics` asks for; without one it answers only this machine. */
  metricsToken?: string;
  /** Daily verified online backups (docs/backups.md); on by default except for the demo. */
  backups?: BackupOptions;
  /** Visitors' personal data (152-ФЗ): days kept after the visit (default 30), how often the purge looks. */
  privacy?: PrivacyOptions;
  /**
   * Head office (issue 13): `--hq URL --hq-key KEY` or TALON_HQ_URL / TALON_HQ_KEY. Absent: what the
   * first-run setup or the admin saved in the data folder (`head-office.json`), else none.
   */
  hq?: HqSettings;
  /** The head-office link's timing (tests). */
  hqTuning?: HqSyncDeps['tuning'];
  /** Rate limits per identity and per address (server/src/edge/rate-limits.ts); absent = the defaults. */
  rateLimits?: RateLimitOptions;
  /** The login lockout's policy and how often open sockets are re-checked (server/src/auth); absent = defaults. */
  auth?: Pick<AuthOptions, 'loginThrottle' | 'sockets'>;
  /** The outage log's heartbeat (server/src/outages); 0 = none (the outage is then measured from the last event). */
  outageHeartbeatMs?: number;
  /** Notifications' outbox timing (server/src/notify); the channels themselves are set in `notifications.json`. */
  notify?: NotifyOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  office: Office;
  /** The office's SQLite store, for what tests and tools read directly (visits, ratings, devices). */
  store: Store;
  auth: AuthService;
  /** The hall administrator's side: monitor figures and alarms. */
  monitor: Monitor;
  /** The configuration and its versions, logins, the audit of administrative actions. */
  settings: Settings;
  /** Hall announcements: per-hall queue, rendered audio, board reports. */
  announcements: AnnouncementService;
  /** Present when `windowDisplays` was given. */
  displays?: WindowDisplays;
  /** Ticket printing: printers, jobs, the layout. */
  printing: PrintService;
  /** Present when `printing.virtualPrinter` was set (the demo). */
  virtualPrinter?: Printing['virtualPrinter'];
  /** Every HTTP route the server registered (the route-table test compares them with the table). */
  routes(): { method: string; url: string }[];
  /** Every socket.io namespace the server opened (the socket matrix test checks each is guarded). */
  socketNamespaces(): string[];
  /** The daily backups: `status()` for metrics, `runNow()`, `tick()` on an injected clock. */
  backups: BackupService;
  /** The link to head office (server/src/sync): status, and `flush()` for tests. */
  hq: HqSync;
  /** Visitors' personal data: the retention purge, export and erasure by phone number. */
  privacy: PersonalDataService;
  /** The follow-ups register: answer deadlines in working days (issue 16). */
  followUps: FollowUpService;
  /** Live-queue periods and the server's own downtime (server/src/outages). */
  outages: OutageLog;
  /** Calls for help from the kiosks (server/src/kiosk-help). */
  kioskHelp: KioskHelp;
  /** «Ваша очередь подходит» by SMS or Telegram (server/src/notify). */
  notifier: Notifier;
  close(): Promise<void>;
}

const SYSTEM: Actor = { kind: 'system' };

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  // the data folder: one server at a time, 0700/0600, a copy before migrating an older database
  const lock = acquireServerLock(opts.dataDir, clock.now());
  const { store } = await openOfficeStore(opts.dataDir, { now: () => clock.now(), log: console.log }).catch((err) => {
    lock.release();
    throw err;
  });
  // Wait estimates on tickets: the digital twin on the office's own history (docs/dispatch.md).
  const history = new HistoryCache(store);
  const estimator = createTwinEstimator(history, opts.twin);
  const app = Fastify({ ...fastifyOptions(opts), bodyLimit: 256 * 1024 });
  const logging = logOptionsOf(opts.logger) !== undefined;
  const office = new Office({ store, clock, estimator, ...(logging ? { log: errorLog(app.log) } : {}) });
  // right after the log is read: a run that ended without the clean-stop marker is an outage until now
  const outages = new OutageLog({
    db: store.db,
    office,
    startedAt: clock.now(),
    userName: (id) => store.findUserById(id)?.name ?? null,
    ...(opts.outageHeartbeatMs !== undefined ? { heartbeatMs: opts.outageHeartbeatMs } : {}),
  });
  if (outages.foundAtStart)
    console.log(
      `Сервер офиса не работал с ${new Date(outages.foundAtStart.startedAt).toISOString()}: записано в журнал сбоев · ` +
        'The office server was down since then (no clean stop): recorded in the outage log',
    );
  const auth = new AuthService(store, {
    now: () => clock.now(),
    ...opts.auth,
  });
  if (office.seq === 0 && opts.initialConfig) office.configure(opts.initialConfig, SYSTEM);
  if (opts.demo && office.config) for (const u of demoUsers(office.config)) auth.ensureUser(u);
  // visitors' personal data (152-ФЗ): apart from the log, deleted after the retention and before each backup
  const privacy = new PersonalDataService({
    store,
    office,
    clock,
    audit: (actor, action, changes) => settings.audit.record(clock.now(), actor, action, null, changes),
    ...(opts.privacy ? { options: opts.privacy } : {}),
    log: console.log,
    // head office's copies (its bookings' names and phones) follow on the link
    onErase: (key) => hq.phoneErased(key),
  });
  const backups = new BackupService({
    dataDir: opts.dataDir,
    source: {
      backup: (destination) => {
        privacy.purgeSafely();
        return store.backup(destination);
      },
    },
    clock,
    timeZone: () => office.config?.timeZone,
    options: { enabled: !opts.demo, ...opts.backups },
    onRun: () => monitor.evaluateSoon(0),
    log: console.log,
  });

  // one limiter for HTTP, sockets and commands, on the server's clock
  const limiter = new RateLimiter(opts.rateLimits, () => clock.now());
  limitCommands(office, limiter);
  const edge = createEdge(app, auth, { limiter });
  const demoCodes = opts.demo ? new DemoPairingCodes(auth, () => clock.now()) : undefined;
  // first, so that every answer is counted; the monitor's alarms are read only when scraped
  registerOps(edge, {
    office,
    store,
    alarms: { active: () => monitor.alarms.active() },
    backups: () => {
      const status = backups.status();
      return status.enabled ? status : undefined;
    },
    ...(opts.metricsToken ? { metricsToken: opts.metricsToken } : {}),
  });
  registerHttpApi(edge, {
    office,
    store,
    auth,
    // a device paired again replaced its old record: say so in the log and clear the old one's alarms
    onReplaced: (device, replaced) => {
      for (const old of replaced)
        settings.audit.record(
          clock.now(),
          { kind: 'device', deviceId: device.deviceId, role: device.role },
          'device.revoked',
          old.deviceId,
          [
            {
              ru: `Устройство «${old.name}» заменено новой привязкой`,
              en: `Device "${old.name}" replaced by a new pairing`,
            },
          ],
        );
      monitor.evaluateSoon(0);
    },
    sync: () => hq.health(),
    onPaired: (code) => demoCodes?.used(code),
  });
  const settings = new Settings({ office, store, auth });
  const hq: HqSync = new HqSync({
    office,
    store,
    settings,
    dataDir: opts.dataDir,
    alarms: (): Alarm[] => monitor.alarms.active(),
    softwareVersion: VERSION,
    // head office's public address prints on the tickets' QR unless the office set its own
    onPublicBase: (base) => {
      printing.service.setHeadOfficeBase(base);
      ratingLinks.headOfficeBase = base;
    },
    onChange: () => monitor.evaluateSoon(0),
    ...(opts.hqTuning ? { tuning: opts.hqTuning } : {}),
    ...(logging ? { log: errorLog(app.log) } : {}),
  });
  const monitor: Monitor = new Monitor({ office, store, settings, backups, hq });
  registerMonitorApi(edge, { office, monitor });
  registerOutageRoutes(edge, { office, outages, db: store.db });
  const kioskHelp = new KioskHelp({ clock, onChange: () => monitor.evaluateSoon(0) });
  monitor.addConditions((now) => kioskHelp.conditions(now));
  monitor.onAcknowledged((alarm, byName) => kioskHelp.acknowledged(alarm, byName));
  registerKioskHelpRoutes(edge, { help: kioskHelp, monitor, now: () => clock.now() });
  registerSettingsApi(edge, { office, store, settings, monitor });
  const setup = new FirstRunSetup({ office, store, settings, dataDir: opts.dataDir, enabled: !opts.demo });
  const hqRoutes = { hq, setup, audit: settings.audit, dataDir: opts.dataDir, now: () => clock.now() };
  registerSetup(edge, {
    setup,
    monitor,
    onHeadOffice: async ({ url, key }) => {
      const normalized = normalizeHqUrl(url);
      if (normalized && !opts.hq) await connectHeadOffice(hqRoutes, { url: normalized, key }, SYSTEM);
    },
  });
  registerHqLinkRoutes(edge, hqRoutes);
  registerOperatorDay(edge, { office, store });
  registerReports(edge, { office, dbPath: join(opts.dataDir, 'office.sqlite') });
  registerStaffing(edge, { office, store, history, estimator, audit: settings.audit });
  registerPrivacyRoutes(edge, privacy);
  // follow-ups open from feedback in the feedback's own transaction; their deadlines raise alarms
  const followUps = new FollowUpService({ office, store, onChange: () => monitor.evaluateSoon(0) });
  const followUpAlarms = new FollowUpAlarmSource(followUps);
  monitor.addConditions((now) => followUpAlarms.alarms(office.config, now));
  registerFollowUpRoutes(edge, followUps);
  const ratingLinks = registerRating(edge, {
    office,
    store,
    auth,
    dataDir: opts.dataDir,
    ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}),
    // the ticket page's opt-in; asked per page, once the notifier below exists
    notifyOptions: (ticketId) => notifier.pageOptions(ticketId),
  });
  // off the command path: a commit only schedules a look, the sending is async with its own timeouts
  const notifier = new Notifier({
    office,
    store,
    dataDir: opts.dataDir,
    ...(opts.notify ? { options: opts.notify } : {}),
    ...(logging ? { log: (line: string) => app.log.warn(line) } : {}),
  });
  registerNotifyRoutes(edge, { notifier, office, links: ratingLinks });
  registerBookingRoutes(edge, { office });
  // the visitor's own pages (issue 15): booking, its manage link, a virtual ticket from the entrance QR
  registerPublic(edge, {
    office,
    store,
    dataDir: opts.dataDir,
    links: ratingLinks,
    officeCode: () => hq.status().office?.code ?? null,
    limiter,
    distDir: join(ROOT, 'visitor/dist'),
  });
  const printing = await setupPrinting(
    edge,
    {
      office,
      store,
      dataDir: opts.dataDir,
      audit: (actor, action, target, changes) => settings.audit.record(clock.now(), actor, action, target, changes),
    },
    {
      ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}),
      ...opts.printing,
    },
  );
  for (const [i, s] of SCREENS.entries()) {
    const dir = join(ROOT, s.dir);
    if (!existsSync(dir)) continue;
    await app.register(fastifyStatic, { root: dir, prefix: `/${s.path}/`, decorateReply: i === 0, wildcard: false });
    // the screen's files are outside the route table; its address without the slash is in it
    edge.serve(s.redirect, ({ reply }) => reply.redirect(`/${s.path}/`));
  }
  // the visitor's page (visitor/dist): its files under /book/; its addresses are routes of server/src/public
  const visitorDist = join(ROOT, 'visitor/dist');
  if (existsSync(visitorDist))
    await app.register(fastifyStatic, { root: visitorDist, prefix: '/book/', decorateReply: false, wildcard: false });
  edge.serve('startPage', ({ reply }) => {
    const pairing = demoCodes?.current();
    return reply
      .type('text/html; charset=utf-8')
      .send(renderStartPage(office, pairing, opts.demo ?? false, printing.virtualPrinter !== undefined));
  });
  if (opts.testClock && clock instanceof VirtualClock) {
    edge.serve('testClock', ({ body }) => {
      if (body.now !== undefined) clock.set(body.now);
      if (body.advanceMs !== undefined) clock.advance(body.advanceMs);
      office.execute({ type: 'tick' }, SYSTEM);
      monitor.evaluate();
      return { now: clock.now() };
    });
  }

  // Short pings so that a screen notices a dead link within ~5 s and says so (boards, kiosks).
  const io = new IoServer(app.server, {
    serveClient: false,
    cors: { origin: false },
    pingInterval: 2000,
    pingTimeout: 2500,
  });
  attachSocketLimits(io, limiter);
  registerRealtime(io, office, store, auth, limiter);
  if (logging) logRealtime(io, app.log);
  monitor.attach(io);
  printing.attach(io);
  const announcements = registerAnnouncements({ edge, io, office, store, auth });
  const displays = opts.windowDisplays
    ? new WindowDisplays({ office, store, settings: WindowDisplaySettings.parse(opts.windowDisplays) })
    : undefined;
  if (displays) registerDisplayRoutes(edge, { displays });

  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const scheme = opts.tls ? 'https' : 'http';
  const setupLink = setup.start(setupBaseUrl(opts.host, port).replace(/^http:/, `${scheme}:`));
  if (setupLink) (opts.setup?.onLink ?? printSetupLink)(setupLink);
  printing.start(opts.host, port, scheme);
  const tickMs = opts.tickMs ?? 5000;
  const timer = tickMs > 0 ? setInterval(() => office.execute({ type: 'tick' }, SYSTEM), tickMs) : undefined;
  timer?.unref();
  monitor.start(opts.monitorMs ?? 2000);
  lock.setPort(port);
  backups.start();
  privacy.start();
  notifier.start();
  outages.start();
  const hqSettings = opts.hq ?? loadHqSettings(opts.dataDir);
  if (hqSettings) await hq.configure({ ...hqSettings, source: opts.hq ? 'command-line' : 'data-folder' });

  return {
    url: `${scheme}://${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${port}`,
    port,
    office,
    store,
    auth,
    monitor,
    settings,
    announcements,
    ...(displays ? { displays } : {}),
    printing: printing.service,
    ...(printing.virtualPrinter ? { virtualPrinter: printing.virtualPrinter } : {}),
    routes: () => edge.registered(),
    socketNamespaces: () => [...io._nsps.keys()],
    backups,
    hq,
    privacy,
    followUps,
    outages,
    kioskHelp,
    notifier,
    async close() {
      await notifier.close();
      privacy.stop();
      followUps.stop();
      await hq.close();
      await backups.stop();
      if (timer) clearInterval(timer);
      await printing.close();
      monitor.stop();
      announcements.close();
      await displays?.close();
      auth.sockets.close();
      io.close();
      await app.close();
      // the last write: a graceful stop is not an outage
      outages.stop();
      store.close();
      lock.release();
    },
  };
}
