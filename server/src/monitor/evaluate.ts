import { isReceptionOpen } from '@talon/engine';
import {
  type AlarmKind,
  type AlarmSettings,
  type AlarmSeverity,
  type AlarmSubject,
  type DeviceFigures,
  deviceRoleName,
  type EngineState,
  type HqLinkStatus,
  type LocalText,
  type ServiceFigures,
} from '@talon/protocol';
import { DateTime } from 'luxon';
import { BACKUP_CRITICAL_MS, BACKUP_OVERDUE_MS } from '../backup/service.js';
import { hqAlarms } from '../sync/alarms.js';
import { type Hours, openMsBetween, openSince } from './hours.js';
import { leaveRequestAlarms } from './leave-requests.js';
import { atWork } from './projection.js';
import { serviceNormAlarms } from './service-norms.js';

/** A condition that holds now; the alarm store turns conditions into raised and cleared alarms. */
export interface AlarmCondition {
  key: string;
  kind: AlarmKind;
  severity: AlarmSeverity;
  subject: AlarmSubject;
  message: LocalText;
}

export interface AlarmInput {
  state: Readonly<EngineState>;
  services: readonly ServiceFigures[];
  devices: readonly DeviceFigures[];
  settings: AlarmSettings;
  now: number;
  /** The daily backups, when they are on (server/src/backup). */
  backup?: BackupHealth | null;
  /** The link to head office (server/src/sync), when one is set. */
  hq?: HqLinkStatus | null;
}

/** What the backup alarm needs to know. */
export interface BackupHealth {
  lastGoodAt: number | null;
  /** When backups began on this data folder: «none yet» is judged from here. */
  since: number;
  dir: string;
  /** The last attempt's error, when it failed. */
  lastError?: string;
}

const MIN = 60_000;
const fmt = (min: number) => String(Math.floor(min));

/**
 * Every alarm condition that holds at `now`. Pure: the scheduler feeds it the live state, the
 * figures the admin screen shows and the devices' status, so a test can feed it anything.
 */
export function evaluateAlarms({ state, services, devices, settings, now, backup, hq }: AlarmInput): AlarmCondition[] {
  const config = state.config;
  const off = new Set(settings.off);
  const out: AlarmCondition[] = [];
  const add = (c: AlarmCondition) => {
    if (!off.has(c.kind)) out.push(c);
  };

  // Day and night, configured or not: the database is what a failed disk takes with it.
  if (backup) {
    const age = now - (backup.lastGoodAt ?? backup.since);
    if (age > BACKUP_OVERDUE_MS) {
      const zone = config?.timeZone ?? 'UTC';
      const when =
        backup.lastGoodAt === null
          ? null
          : DateTime.fromMillis(backup.lastGoodAt, { zone }).toFormat('dd.MM.yyyy HH:mm');
      const hoursOld = Math.floor(age / 3600_000);
      const error = backup.lastError ? ` (${backup.lastError.slice(0, 200)})` : '';
      add({
        key: 'backup-overdue',
        kind: 'backup-overdue',
        severity: age > BACKUP_CRITICAL_MS ? 'critical' : 'warning',
        subject: { backupDir: backup.dir },
        message:
          when === null
            ? {
                ru: `Нет ни одной резервной копии базы за ${hoursOld} ч работы; папка копий: ${backup.dir}${error}`,
                en: `No backup of the database in ${hoursOld} h of work; backups folder: ${backup.dir}${error}`,
              }
            : {
                ru: `Последняя удачная резервная копия базы — ${when} (${hoursOld} ч назад); папка копий: ${backup.dir}${error}`,
                en: `The last good backup of the database is from ${when} (${hoursOld} h ago); backups folder: ${backup.dir}${error}`,
              },
      });
    }
  }
  // day and night too: what head office has not received is waiting whatever the hours
  for (const c of hqAlarms(hq, settings, now, config?.timeZone)) add(c);
  if (!config) return out;

  for (const s of services) {
    for (const t of s.overNorm)
      add({
        key: `wait-norm-passed:${t.ticketId}`,
        kind: 'wait-norm-passed',
        severity: 'critical',
        subject: { ticketId: t.ticketId, number: t.number, serviceId: s.serviceId },
        message: {
          ru: `Талон ${t.number} («${s.name.ru}») ждёт дольше норматива ${s.waitNormMin} мин`,
          en: `Ticket ${t.number} (${s.name.en}) has waited past the ${s.waitNormMin} min norm`,
        },
      });
    for (const t of s.soon)
      add({
        key: `wait-norm-soon:${t.ticketId}`,
        kind: 'wait-norm-soon',
        severity: 'warning',
        subject: { ticketId: t.ticketId, number: t.number, serviceId: s.serviceId },
        message: {
          ru: `Талон ${t.number} («${s.name.ru}») превысит норматив ожидания ${s.waitNormMin} мин через ${Math.max(1, Math.ceil(t.remainingMin))} мин`,
          en: `Ticket ${t.number} (${s.name.en}) will pass the ${s.waitNormMin} min wait norm in ${Math.max(1, Math.ceil(t.remainingMin))} min`,
        },
      });
    if (s.waiting > s.queueMax)
      add({
        key: `queue-too-long:${s.serviceId}`,
        kind: 'queue-too-long',
        severity: 'warning',
        subject: { serviceId: s.serviceId },
        message: {
          ru: `Очередь «${s.name.ru}»: ${s.waiting} чел. (порог ${s.queueMax})`,
          en: `Queue for ${s.name.en}: ${s.waiting} people (threshold ${s.queueMax})`,
        },
      });
  }

  // Seed 001 §3.5: the service and total-visit norms of every visit in service.
  for (const c of serviceNormAlarms(state, settings, now)) add(c);
  // Issue 16: an operator waits for the administrator's answer, at any hour.
  for (const c of leaveRequestAlarms(state)) add(c);

  // Seed 000 §7.4.3: the office is never left without staff in its hours.
  if (isReceptionOpen(config, now)) {
    const reception: Hours = { schedule: config.receptionHours, holidays: config.holidays, timeZone: config.timeZone };
    const opened = openSince(reception, now) ?? now;
    const ops = Object.values(state.operators);
    for (const hall of config.halls) {
      const hallWindows = new Set(config.windows.filter((w) => w.hallId === hall.id).map((w) => w.id));
      if (ops.some((o) => atWork(o) && o.windowId !== null && hallWindows.has(o.windowId))) continue;
      // nobody at work since the later of the opening and the last operator's change of state
      const lastChange = Math.max(0, ...ops.filter((o) => !atWork(o)).map((o) => o.since));
      const since = Math.max(opened, lastChange);
      if (now - since < settings.noOperatorGraceMin * MIN) continue;
      const waiting = services.reduce((n, s) => n + s.waiting, 0);
      add({
        key: `no-operator-ready:${hall.id}`,
        kind: 'no-operator-ready',
        severity: 'critical',
        subject: { hallId: hall.id },
        message: {
          ru: `В зале «${hall.name.ru}» нет ни одного оператора на приёме (ожидают: ${waiting})`,
          en: `No operator is receiving visitors in ${hall.name.en} (waiting: ${waiting})`,
        },
      });
    }
  }

  const office: Hours = { schedule: config.officeHours, holidays: config.holidays, timeZone: config.timeZone };
  const officeOpen = openSince(office, now) !== null;
  if (!officeOpen) return out;
  for (const d of devices) {
    const [ru, en] = deviceRoleName(d.role);
    const role = { ru, en };
    const subject: AlarmSubject = { deviceId: d.deviceId, deviceName: d.name, deviceRole: d.role };
    if (!d.online && d.offlineSince !== null) {
      // seed 001 §5.3 counts downtime in working time only
      const downMin = openMsBetween(office, d.offlineSince, now) / MIN;
      if (downMin >= settings.deviceOfflineMin) {
        const limit = downMin >= settings.downtimeLimitMin;
        add({
          key: `device-offline:${d.deviceId}`,
          kind: 'device-offline',
          severity: limit ? 'critical' : 'warning',
          subject,
          message: limit
            ? {
                ru: `${role.ru} «${d.name}» не работает ${fmt(downMin)} мин в рабочее время — превышен предел ${settings.downtimeLimitMin} мин`,
                en: `${role.en} "${d.name}" has been down ${fmt(downMin)} min in working time, past the ${settings.downtimeLimitMin} min limit`,
              }
            : {
                ru: `${role.ru} «${d.name}» не на связи ${fmt(downMin)} мин`,
                en: `${role.en} "${d.name}" has been offline for ${fmt(downMin)} min`,
              },
        });
      }
    }
    if (d.paper === 'near-end' || d.paper === 'out')
      add({
        key: `printer-paper:${d.deviceId}`,
        kind: 'printer-paper',
        severity: d.paper === 'out' ? 'critical' : 'warning',
        subject,
        message:
          d.paper === 'out'
            ? { ru: `«${d.name}»: закончилась бумага в принтере`, en: `"${d.name}": the printer is out of paper` }
            : {
                ru: `«${d.name}»: бумага в принтере заканчивается`,
                en: `"${d.name}": the printer paper is running low`,
              },
      });
  }
  return out;
}
