import type { Actor } from '@talon/protocol';
import type { TestServer } from '../support/server.js';

const DAY = 24 * 3_600_000;
const MIN = 60_000;
const kiosk: Actor = { kind: 'device', deviceId: 'history-kiosk', role: 'kiosk' };
const op = (operatorId: string): Actor => ({
  kind: 'user',
  userId: `u-${operatorId}`,
  operatorId,
  roles: ['operator'],
});

/**
 * Past reception days written through the real office (engine → SQLite → visits projection): from `start`,
 * every day but Sunday (closed in the demo office), at the clock's time of day, `perDay` consultations `gapMin`
 * apart, served in `serviceMin` at two windows; the last visitor of the day has left (a no-show).
 * Returns how many days were written.
 */
export function writeHistory(
  s: TestServer,
  start: number,
  days: number,
  { perDay = 12, gapMin = 5, serviceMin = 2 } = {},
): number {
  const office = s.office;
  const must = (cmd: Parameters<typeof office.execute>[0], actor: Actor) => {
    const r = office.execute(cmd, actor);
    if (!r.ok) throw new Error(`${cmd.type}: ${r.error.code}`);
  };
  let written = 0;
  for (let d = 0; d < days; d++) {
    if (new Date(start + d * DAY).getUTCDay() === 0) continue;
    written += 1;
    s.clock.set(start + d * DAY);
    must({ type: 'operatorLogin', windowId: 'w1' }, op('op1'));
    must({ type: 'operatorLogin', windowId: 'w3' }, op('op3'));
    for (let i = 0; i < perDay; i++) {
      must({ type: 'issueTicket', serviceId: 'consult' }, kiosk);
      s.clock.advance(gapMin * MIN);
    }
    for (let i = 0; i < perDay; i++) {
      const who = op(i % 2 === 0 ? 'op1' : 'op3');
      must({ type: 'callNext' }, who);
      if (i === perDay - 1) must({ type: 'markNoShow' }, who);
      else {
        must({ type: 'startService' }, who);
        s.clock.advance(serviceMin * MIN);
        must({ type: 'finishService', outcomes: [], digitalOnboarding: false, extraSale: false }, who);
      }
    }
    must({ type: 'operatorLogout' }, op('op1'));
    must({ type: 'operatorLogout' }, op('op3'));
  }
  return written;
}
