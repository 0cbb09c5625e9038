import { actorOf, type Identity } from '../edge/identity.js';
import { type Edge, refuse } from '../edge/plugin.js';
import type { Monitor } from '../monitor/monitor.js';
import type { KioskHelp } from './service.js';

/** The kiosk's «Позвать сотрудника» and the administrator's «Иду» / «Готово». */
export interface KioskHelpRouteDeps {
  help: KioskHelp;
  monitor: Monitor;
  now: () => number;
}

export function registerKioskHelpRoutes({ serve }: Edge, { help, monitor, now }: KioskHelpRouteDeps) {
  // the table lets only paired kiosks in; a user session cannot reach these
  const deviceOf = (identity: Identity) => {
    if (identity.kind !== 'device') throw new Error('kiosk routes are for paired kiosks only');
    return identity.device;
  };

  serve('kioskHelpCall', ({ body, identity }) => {
    const d = deviceOf(identity);
    return { request: help.call(d.deviceId, d.name, body.reason) };
  });

  serve('kioskHelpStatus', ({ identity }) => ({ request: help.status(deviceOf(identity).deviceId) }));

  serve('kioskHelpCancel', ({ identity }) => {
    help.cancel(deviceOf(identity).deviceId);
    return { request: null };
  });

  serve('kioskHelpList', () => ({ requests: help.list(), at: now() }));

  serve('kioskHelpComing', ({ params, identity }) => {
    const name = identity.kind === 'user' ? identity.user.name : identity.device.name;
    const r = help.coming(params.id, name);
    if (!r) return refuse('NOT_FOUND', { helpId: params.id });
    // the alarm shows who is coming, on every admin screen and the wall
    const alarm = monitor.alarms.active().find((a) => a.kind === 'kiosk-help' && a.subject.deviceId === r.deviceId);
    if (alarm && alarm.acknowledgedAt === null) monitor.acknowledge(alarm.id, actorOf(identity), name);
    return r;
  });

  serve('kioskHelpResolve', ({ params }) => help.resolve(params.id) ?? refuse('NOT_FOUND', { helpId: params.id }));
}
