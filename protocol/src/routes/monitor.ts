import { z } from 'zod';
import { AlarmHistoryQuery, type MonitorSnapshot } from '../admin.js';
import type { Alarm } from '../alarms.js';
import { route } from './define.js';
import { typed } from './typed.js';

const VIEW = ['hall_admin', 'config_admin'] as const;

/** A non-negative integer in a path (`/api/alarms/17/ack`). */
export const SeqParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export interface ActiveAlarms {
  active: Alarm[];
  at: number;
}

/** The hall administrator's live figures and alarms (also pushed over `/admin` and `/wall`). */
export const monitorRoutes = {
  monitor: route({
    method: 'GET',
    path: '/api/admin/monitor',
    access: VIEW,
    response: typed<MonitorSnapshot>(),
    errors: [],
    summary: 'The monitor figures evaluated now: services, windows, devices',
  }),
  alarms: route({
    method: 'GET',
    path: '/api/alarms',
    access: VIEW,
    response: typed<ActiveAlarms>(),
    errors: [],
    summary: 'The alarms active now',
  }),
  alarmHistory: route({
    method: 'GET',
    path: '/api/alarms/history',
    access: VIEW,
    query: AlarmHistoryQuery,
    response: typed<Alarm[]>(),
    errors: [],
    summary: 'Alarms raised in a time range, newest first, cleared ones included',
  }),
  ackAlarm: route({
    method: 'POST',
    path: '/api/alarms/:id/ack',
    access: VIEW,
    params: z.object({ id: SeqParam }),
    response: typed<Alarm>(),
    errors: ['NOT_FOUND'],
    summary: 'An administrator acknowledges an alarm (again: the first acknowledgement stands)',
  }),
};
