import { currentWaitMin, dayKeyOf, isCallable, isReceptionOpen } from '@talon/engine';
import type { AlarmSeverity, OperatorStatus } from '@talon/protocol';
import type { AlarmStore } from '../monitor/alarm-store.js';
import { atWork } from '../monitor/projection.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import type { HttpCounts } from './counters.js';
import { Exposition, type Sample } from './prometheus.js';

/** What the backup service tells about itself (docs/backups.md); only the last good copy is read here. */
export interface BackupStatusView {
  lastGoodAt: number | null;
  /** When backups began on this data folder. */
  since?: number;
}

export interface MetricsDeps {
  office: Office;
  store: Store;
  alarms: Pick<AlarmStore, 'active'>;
  http: HttpCounts;
  version: string;
  /** The backups' status; absent, or undefined when called, when backups are off: then no backup age is written. */
  backups?: () => BackupStatusView | undefined;
}

const OPERATOR_STATUSES: readonly Exclude<OperatorStatus, 'logged-out'>[] = ['ready', 'serving', 'wrap-up', 'break'];
const SEVERITIES: readonly AlarmSeverity[] = ['warning', 'critical'];

/**
 * The office's figures for the company's monitoring, computed when scraped from the live state and a few
 * indexed reads; the command path only bumps in-memory counters (see `CommandCounts`), so a scrape costs the
 * writer nothing between scrapes.
 */
export class Metrics {
  private readonly s;

  constructor(private readonly deps: MetricsDeps) {
    const { db } = deps.store;
    this.s = {
      // judged like the reports: the first wait against the norm of the service first asked for
      servedToday: db.prepare<[string], { service: string; wait: number }>(
        `SELECT origin_service_id AS service, first_wait_sec AS wait FROM visits
         WHERE day_key = ? AND outcome = 'served' AND first_wait_sec IS NOT NULL`,
      ),
      // the outbox is sent in order (`markSent` marks everything up to a seq), so the oldest unsent row and
      // the log's end give the backlog without counting it (the partial index makes this one lookup)
      oldestUnsent: db.prepare<[], { seq: number; at: number }>(
        `SELECT o.seq AS seq, e.at AS at FROM outbox o JOIN events e ON e.seq = o.seq
         WHERE o.sent_at IS NULL ORDER BY o.seq LIMIT 1`,
      ),
    };
  }

  render(): string {
    const { office, store, http } = this.deps;
    const now = office.clock.now();
    const state = office.view();
    const config = state.config;
    const services = config?.services ?? [];
    const x = new Exposition();

    x.family('talon_build_info', 'gauge', 'The office server version that answers', [
      [{ version: this.deps.version }, 1],
    ]);
    x.family(
      'talon_service_info',
      'gauge',
      'The services of the office: id, prefix and Russian name',
      services.map((s) => [{ service: s.id, prefix: s.prefix, name: s.name.ru }, 1] as const),
    );
    x.single(
      'talon_reception_open',
      'gauge',
      'Whether the office receives visitors now (1) or not (0)',
      config && isReceptionOpen(config, now) ? 1 : 0,
    );

    // the queue as the hall administrator's monitor counts it: callable tickets
    const waiting = new Map<string, { n: number; longestMin: number }>(
      services.map((s) => [s.id, { n: 0, longestMin: 0 }]),
    );
    for (const t of Object.values(state.tickets)) {
      if (!isCallable(t, now)) continue;
      const w = waiting.get(t.serviceId) ?? { n: 0, longestMin: 0 };
      w.n++;
      w.longestMin = Math.max(w.longestMin, currentWaitMin(t, now));
      waiting.set(t.serviceId, w);
    }
    const perService = (f: (w: { n: number; longestMin: number }) => number): Sample[] =>
      [...waiting].map(([service, w]) => [{ service }, f(w)]);
    x.family(
      'talon_queue_waiting',
      'gauge',
      'Tickets waiting to be called, per service',
      perService((w) => w.n),
    );
    x.family(
      'talon_wait_longest_seconds',
      'gauge',
      'The longest current wait of a ticket still waiting, per service (0 when none waits)',
      perService((w) => Math.round(w.longestMin * 60)),
    );
    x.family(
      'talon_wait_norm_seconds',
      'gauge',
      'The wait norm of the service',
      services.map((s) => [{ service: s.id }, s.waitNormMin * 60] as const),
    );

    const norms = new Map(services.map((s) => [s.id, s.waitNormMin * 60]));
    const served = new Map(services.map((s) => [s.id, { within: 0, over: 0 }]));
    if (config) {
      for (const v of this.s.servedToday.iterate(dayKeyOf(now, config.timeZone))) {
        const norm = norms.get(v.service);
        const c = served.get(v.service);
        if (norm === undefined || !c) continue; // a service since removed has no norm to judge by
        if (v.wait <= norm) c.within++;
        else c.over++;
      }
    }
    x.family(
      'talon_visits_served_today',
      'gauge',
      'Visits served today (office local day), by whether the first wait was within the service’s current wait norm',
      [...served].flatMap(([service, c]): Sample[] => [
        [{ service, wait: 'within_norm' }, c.within],
        [{ service, wait: 'over_norm' }, c.over],
      ]),
    );

    const ops = Object.values(state.operators);
    x.single(
      'talon_operators_at_work',
      'gauge',
      'Operators at a window: ready, serving or in wrap-up',
      ops.filter(atWork).length,
    );
    x.family(
      'talon_operators',
      'gauge',
      'Signed-in operators by status',
      OPERATOR_STATUSES.map((status) => [{ status }, ops.filter((o) => o.status === status).length] as const),
    );

    const counts = office.counts;
    x.family(
      'talon_commands_total',
      'counter',
      'Commands received since the server started, by type, answered or refused ("invalid": not a command)',
      [...counts.byType].map(([type, n]) => [{ type }, n] as const),
    );
    x.family(
      'talon_commands_refused_total',
      'counter',
      'Commands refused since the server started, by type and refusal code',
      [...counts.refused].map(([key, n]) => {
        const [type = '', code = ''] = key.split(' ');
        return [{ type, code }, n] as const;
      }),
    );
    const byClass = http.byClass();
    x.single(
      'talon_http_requests_total',
      'counter',
      'HTTP requests answered since the server started (socket.io traffic excluded)',
      byClass.reduce((a, [, n]) => a + n, 0),
    );
    x.family(
      'talon_http_errors_total',
      'counter',
      'HTTP answers with an error status since the server started, by status class',
      byClass.filter(([c]) => c === '4xx' || c === '5xx').map(([c, n]) => [{ class: c }, n] as const),
    );

    x.single(
      'talon_storage_writable',
      'gauge',
      '1 while the database takes writes, 0 from a commit the disk refused (full, read-only) to the next good one',
      office.storage.writable ? 1 : 0,
    );
    x.single(
      'talon_event_seq',
      'gauge',
      'Events in the office’s log (the sequence number of the last one)',
      office.seq,
    );
    const oldest = this.s.oldestUnsent.get();
    x.single(
      'talon_outbox_unsent',
      'gauge',
      'Events not yet sent to head office',
      oldest ? Math.max(0, office.seq - oldest.seq + 1) : 0,
    );
    x.single(
      'talon_outbox_oldest_unsent_age_seconds',
      'gauge',
      'Age of the oldest event not yet sent to head office (0 when none waits)',
      oldest ? Math.max(0, Math.round((now - oldest.at) / 1000)) : 0,
    );

    const backup = this.deps.backups?.();
    if (backup) {
      // before the first good copy, the age runs from when backups began, as the administrator's alarm counts it
      const from = backup.lastGoodAt ?? backup.since ?? Number.NEGATIVE_INFINITY;
      x.single(
        'talon_backup_age_seconds',
        'gauge',
        'Seconds since the last good backup (before the first one: since backups began on this data folder)',
        Math.max(0, Math.round((now - from) / 1000)),
      );
    }

    const devices = store.listDevices(now);
    const roles = [...new Set(devices.map((d) => d.role))].sort();
    x.family(
      'talon_devices',
      'gauge',
      'Paired devices (kiosks, boards, rating terminals, agents, wall screens) by role and whether they are online',
      roles.flatMap((role): Sample[] => [
        [{ role, state: 'online' }, devices.filter((d) => d.role === role && d.online).length],
        [{ role, state: 'offline' }, devices.filter((d) => d.role === role && !d.online).length],
      ]),
    );
    const alarms = this.deps.alarms.active();
    x.family(
      'talon_alarms_active',
      'gauge',
      'Alarms the hall administrator’s monitor shows now, by severity',
      SEVERITIES.map((severity) => [{ severity }, alarms.filter((a) => a.severity === severity).length] as const),
    );

    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    x.single('process_resident_memory_bytes', 'gauge', 'Resident memory of the server process', mem.rss);
    x.single('nodejs_heap_size_used_bytes', 'gauge', 'V8 heap in use', mem.heapUsed);
    x.single('nodejs_heap_size_total_bytes', 'gauge', 'V8 heap reserved', mem.heapTotal);
    x.single(
      'nodejs_external_memory_bytes',
      'gauge',
      'Memory of buffers and native objects outside the heap',
      mem.external,
    );
    x.single('process_cpu_seconds_total', 'counter', 'CPU time of the server process', (cpu.user + cpu.system) / 1e6);
    x.single(
      'process_start_time_seconds',
      'gauge',
      'When the server process started (Unix time)',
      Math.round((Date.now() - process.uptime() * 1000) / 1000),
    );
    return x.toString();
  }
}
