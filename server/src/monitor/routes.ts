import { actorOf } from '../edge/identity.js';
import { type Edge, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Monitor } from './monitor.js';

export interface MonitorApiDeps {
  office: Office;
  monitor: Monitor;
}

/** The monitor figures and the alarms, for hall and configuration administrators. */
export function registerMonitorApi({ serve }: Edge, { office, monitor }: MonitorApiDeps) {
  serve('monitor', () => monitor.evaluate());

  serve('alarms', () => ({ active: monitor.alarms.active(), at: office.clock.now() }));

  serve('alarmHistory', ({ query }) =>
    monitor.alarms.history(query.from ?? 0, query.to ?? Number.MAX_SAFE_INTEGER, query.limit),
  );

  serve('ackAlarm', ({ params, identity }) => {
    const name = identity.kind === 'user' ? identity.user.name : identity.device.name;
    const alarm = monitor.acknowledge(params.id, actorOf(identity), name);
    // acknowledging twice is harmless: the first acknowledgement stands
    return alarm ?? monitor.alarms.get(params.id) ?? refuse('NOT_FOUND', { alarmId: params.id });
  });
}
