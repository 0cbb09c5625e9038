import { actors, Harness, testOffice } from '@talon/engine/testing';
import { type AlarmSettings, alarmSettingsOf, type DeviceFigures } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { type AlarmCondition, evaluateAlarms } from './evaluate.js';
import { serviceFigures } from './figures.js';
import { simpleProjection } from './projection.js';

const MIN = 60_000;

function alarmsOf(h: Harness, opts: { devices?: DeviceFigures[]; settings?: Partial<AlarmSettings> } = {}) {
  const settings = { ...alarmSettingsOf(h.state.config), ...opts.settings };
  const services = serviceFigures(h.state, h.now, simpleProjection(h.state, h.now), settings);
  return evaluateAlarms({ state: h.state, services, devices: opts.devices ?? [], settings, now: h.now });
}

const keys = (a: AlarmCondition[], kind?: string) => a.filter((c) => !kind || c.kind === kind).map((c) => c.key);

function device(over: Partial<DeviceFigures>): DeviceFigures {
  return {
    deviceId: 'k1',
    name: 'Киоск у входа',
    role: 'kiosk',
    online: true,
    lastSeenAt: null,
    status: 'ok',
    offlineSince: null,
    uptimeToday: { onlineMs: 0, offlineMs: 0, share: null },
    ...over,
  };
}

describe('alarm evaluation', () => {
  it('warns before a waiting ticket passes its wait norm and raises the alarm at the norm, not a second earlier', () => {
    // Monday 10:00; consultation «К»: wait norm 8 min; nobody at work, so no call is in sight
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, actors.kiosk);
    const id = h.ticket('К-001').id;
    h.advanceMin(4);
    expect(keys(alarmsOf(h), 'wait-norm-soon')).toEqual([]);
    h.advanceMin(1).advanceSec(1); // 5:01 waited, 2:59 left ≤ 3
    expect(keys(alarmsOf(h), 'wait-norm-soon')).toEqual([`wait-norm-soon:${id}`]);
    h.advance(3 * MIN - 1001); // 7:59.999
    expect(keys(alarmsOf(h), 'wait-norm-passed')).toEqual([]);
    h.advance(1);
    const passed = alarmsOf(h).filter((c) => c.kind === 'wait-norm-passed');
    expect(passed).toHaveLength(1);
    expect(passed[0]).toMatchObject({ severity: 'critical', subject: { ticketId: id, number: 'К-001' } });
    expect(passed[0]?.message.ru).toContain('К-001');
    // once passed it is no longer "soon"
    expect(keys(alarmsOf(h), 'wait-norm-soon')).toEqual([]);
  });

  it('does not warn "soon" about a ticket a free operator is about to call, and stops once it is called', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, actors.operator('boris'));
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, actors.kiosk);
    h.advanceMin(6);
    expect(keys(alarmsOf(h), 'wait-norm-soon')).toEqual([]);
    h.advanceMin(3);
    expect(keys(alarmsOf(h), 'wait-norm-passed')).toHaveLength(1);
    h.ok({ type: 'callNext' }, actors.operator('boris'));
    expect(keys(alarmsOf(h), 'wait-norm-passed')).toEqual([]);
  });

  it('projects a second ticket behind a busy operator as passing its norm', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, actors.operator('boris'));
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, actors.kiosk);
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, actors.kiosk);
    h.ok({ type: 'callNext' }, actors.operator('boris'));
    h.advanceMin(6);
    // К-002 is next, boris is busy for about one service norm (8 min) > 2 min left
    expect(
      alarmsOf(h)
        .filter((c) => c.kind === 'wait-norm-soon')
        .map((c) => c.subject.number),
    ).toEqual(['К-002']);
  });

  it('raises "no operator" in reception hours after the grace time, per hall, and not outside reception hours', () => {
    const h = new Harness({ config: testOffice() }); // configured Monday 10:00: operators logged out since then
    h.advanceMin(1).advanceSec(59);
    expect(keys(alarmsOf(h), 'no-operator-ready')).toEqual([]);
    h.advanceSec(1);
    expect(keys(alarmsOf(h), 'no-operator-ready')).toEqual(['no-operator-ready:main']);
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, actors.operator('anna'));
    expect(keys(alarmsOf(h), 'no-operator-ready')).toEqual([]);
    // the only operator goes on a break (the administrator allows it): the hall is unattended again
    h.ok({ type: 'startBreak', reasonId: 'lunch', operatorId: 'anna', override: true }, actors.admin);
    h.advanceMin(2);
    expect(keys(alarmsOf(h), 'no-operator-ready')).toEqual(['no-operator-ready:main']);
    h.at('2025-03-03T18:30'); // reception 09:00–18:00
    expect(keys(alarmsOf(h), 'no-operator-ready')).toEqual([]);
  });

  it('counts device downtime in working time only: warning after 10 min, critical past the 60 min limit', () => {
    const h = new Harness({ config: testOffice() }); // office hours 08:30–19:00 Mon–Sat
    const since = h.now;
    const kiosk = () => [device({ online: false, lastSeenAt: since, offlineSince: since })];
    h.advance(10 * MIN - 1);
    expect(keys(alarmsOf(h, { devices: kiosk() }), 'device-offline')).toEqual([]);
    h.advance(1);
    const warn = alarmsOf(h, { devices: kiosk() }).find((c) => c.kind === 'device-offline');
    expect(warn).toMatchObject({
      key: 'device-offline:k1',
      severity: 'warning',
      subject: { deviceName: 'Киоск у входа' },
    });
    h.advanceMin(50);
    expect(alarmsOf(h, { devices: kiosk() }).find((c) => c.kind === 'device-offline')?.severity).toBe('critical');

    // down from 18:40 Monday: 20 min that evening + 40 min Tuesday morning = 60 working minutes at 09:10
    const evening = new Harness({ config: testOffice(), now: '2025-03-03T18:40' });
    const t0 = evening.now;
    const board = () => [device({ deviceId: 'b1', role: 'board', online: false, lastSeenAt: t0, offlineSince: t0 })];
    evening.at('2025-03-03T22:00');
    expect(keys(alarmsOf(evening, { devices: board() }))).toEqual([]); // office closed: nobody to warn
    evening.at('2025-03-04T09:09');
    expect(alarmsOf(evening, { devices: board() }).find((c) => c.kind === 'device-offline')?.severity).toBe('warning');
    evening.at('2025-03-04T09:10');
    expect(alarmsOf(evening, { devices: board() }).find((c) => c.kind === 'device-offline')?.severity).toBe('critical');
  });

  it('reads printer paper from the device status: near-end is a warning, out is critical', () => {
    const h = new Harness({ config: testOffice() });
    const paper = (p: 'ok' | 'near-end' | 'out') =>
      alarmsOf(h, { devices: [device({ lastSeenAt: h.now, paper: p })] }).filter((c) => c.kind === 'printer-paper');
    expect(paper('ok')).toEqual([]);
    expect(paper('near-end').map((c) => c.severity)).toEqual(['warning']);
    expect(paper('out').map((c) => c.severity)).toEqual(['critical']);
  });

  it('raises "queue too long" above the set length, per-service lengths first, and honours switched-off kinds', () => {
    const h = new Harness({ config: testOffice() });
    for (let i = 0; i < 3; i++) h.ok({ type: 'issueTicket', serviceId: 'cash' }, actors.kiosk);
    expect(keys(alarmsOf(h, { settings: { queueMaxLength: 3 } }), 'queue-too-long')).toEqual([]);
    expect(keys(alarmsOf(h, { settings: { queueMaxLength: 2 } }), 'queue-too-long')).toEqual(['queue-too-long:cash']);
    const perService = { queueMaxLength: 2, queueMaxByService: [{ serviceId: 'cash', max: 5 }] };
    expect(keys(alarmsOf(h, { settings: perService }), 'queue-too-long')).toEqual([]);
    const off = alarmsOf(h, { settings: { queueMaxLength: 2, off: ['queue-too-long', 'no-operator-ready'] } });
    expect(off.map((c) => c.kind)).not.toContain('queue-too-long');
  });

  it('raises "backup overdue" day and night once the last good backup is older than 26 h (72 h: critical), unless off', () => {
    const h = new Harness({ config: testOffice() });
    const settings = alarmSettingsOf(h.state.config);
    const HOUR = 60 * MIN;
    const at = (now: number, backup: Parameters<typeof evaluateAlarms>[0]['backup'], off: AlarmSettings['off'] = []) =>
      evaluateAlarms({ state: h.state, services: [], devices: [], settings: { ...settings, off }, now, backup }).filter(
        (c) => c.kind === 'backup-overdue',
      );
    const good = { lastGoodAt: h.now, since: h.now - 100 * HOUR, dir: '/srv/backups' };
    expect(at(h.now + 26 * HOUR, good)).toEqual([]);
    expect(at(h.now + 26 * HOUR + 1, good).map((c) => [c.key, c.severity])).toEqual([['backup-overdue', 'warning']]);
    expect(at(h.now + 72 * HOUR + 1, good).map((c) => c.severity)).toEqual(['critical']);
    // none yet: counted from when backups began on the folder
    const none = { lastGoodAt: null, since: h.now, dir: '/srv/backups', lastError: 'ENOSPC' };
    expect(at(h.now + 25 * HOUR, none)).toEqual([]);
    const [first] = at(h.now + 27 * HOUR, none);
    expect(first?.message.ru).toContain('Нет ни одной резервной копии');
    expect(first?.message.en).toContain('ENOSPC');
    expect(at(h.now + 27 * HOUR, none, ['backup-overdue'])).toEqual([]);
    // backups off: no alarm
    expect(at(h.now + 100 * HOUR, null)).toEqual([]);
  });
});

describe('service and total-visit norm alarms (seed 001 §3.5)', () => {
  const kinds = ['service-norm-soon', 'service-norm-passed', 'total-norm-soon', 'total-norm-passed'];
  const normAlarms = (h: Harness, state = h.state, settings: Partial<AlarmSettings> = {}) =>
    evaluateAlarms({
      state,
      services: [],
      devices: [],
      settings: { ...alarmSettingsOf(state.config), ...settings },
      now: h.now,
    }).filter((c) => kinds.includes(c.kind));
  const short = (a: AlarmCondition[]) => a.map((c) => `${c.kind}:${c.subject.number}`);

  /** A visit called and started by `who` at `windowId`; returns its ticket id. */
  function serve(h: Harness, serviceId: string, who: string, windowId: string): string {
    h.ok({ type: 'operatorLogin', windowId }, actors.operator(who));
    h.ok({ type: 'issueTicket', serviceId }, actors.kiosk);
    h.ok({ type: 'callNext' }, actors.operator(who));
    h.ok({ type: 'startService' }, actors.operator(who));
    const t = Object.values(h.state.tickets).find((x) => x.operatorId === who);
    if (!t) throw new Error('not serving');
    return t.id;
  }

  it('warns a minute before the service norm and raises the alarm past it, per service, with the window in the text', () => {
    const h = new Harness({ config: testOffice() });
    const consult = serve(h, 'consultation', 'boris', 'w1'); // norm 8 min
    const cash = serve(h, 'cash', 'vera', 'w3'); // norm 4 min
    h.advance(3 * MIN - 1);
    expect(normAlarms(h)).toEqual([]);
    h.advance(1); // cash: 1 min left
    expect(short(normAlarms(h))).toEqual(['service-norm-soon:О-001']);
    h.advance(MIN); // exactly at the norm: not passed yet
    expect(short(normAlarms(h))).toEqual(['service-norm-soon:О-001']);
    h.advance(1);
    const [passed] = normAlarms(h);
    expect(passed).toMatchObject({
      key: `service-norm-passed:${cash}`,
      severity: 'critical',
      subject: { ticketId: cash, number: 'О-001', serviceId: 'cash', windowId: 'w3', operatorId: 'vera' },
    });
    expect(passed?.message.ru).toBe('Талон О-001 обслуживается в окне 3 дольше норматива 4 мин');
    expect(passed?.message.en).toContain('window 3');
    // consultation is 8 min: nothing about К-001 until 7 min
    h.at('2025-03-03T10:06:59');
    expect(short(normAlarms(h))).toEqual(['service-norm-passed:О-001']);
    h.at('2025-03-03T10:07');
    expect(normAlarms(h).find((c) => c.subject.ticketId === consult)?.kind).toBe('service-norm-soon');
    h.at('2025-03-03T10:08:01');
    expect(short(normAlarms(h))).toEqual(['service-norm-passed:К-001', 'service-norm-passed:О-001']);
    // the visit ends: its alarm is no longer a condition
    h.ok({ type: 'finishService' }, actors.operator('vera'));
    expect(short(normAlarms(h))).toEqual(['service-norm-passed:К-001']);
  });

  it('gives a visit marked for digital onboarding 4 more minutes and says so', () => {
    const h = new Harness({ config: testOffice() });
    serve(h, 'consultation', 'boris', 'w1');
    h.advanceMin(9); // past 8
    expect(short(normAlarms(h))).toEqual(['service-norm-passed:К-001']);
    h.ok({ type: 'markDigitalOnboarding', on: true }, actors.operator('boris'));
    expect(normAlarms(h)).toEqual([]); // within 12
    h.advanceMin(2); // 11: a minute left of 12
    expect(normAlarms(h).map((c) => c.message.ru)).toEqual([
      'Талон К-001 в окне 1: норматив обслуживания 12 мин (с подключением к цифровым сервисам) истечёт через 1 мин',
    ]);
    h.advanceMin(1).advance(1);
    expect(normAlarms(h).map((c) => [c.kind, c.message.ru])).toEqual([
      [
        'service-norm-passed',
        'Талон К-001 обслуживается в окне 1 дольше норматива 12 мин (с подключением к цифровым сервисам)',
      ],
    ]);
    // unmarked again: judged on the plain 8 minutes
    h.ok({ type: 'markDigitalOnboarding', on: false }, actors.operator('boris'));
    expect(normAlarms(h)[0]?.message.ru).toBe('Талон К-001 обслуживается в окне 1 дольше норматива 8 мин');
  });

  it('counts service time over transfers, as the console does', () => {
    const h = new Harness({ config: testOffice() });
    serve(h, 'consultation', 'anna', 'w2');
    h.advanceMin(3);
    h.ok({ type: 'transfer', toServiceId: 'cash' }, actors.operator('anna'));
    // waiting again: a visit not in service has no service alarm
    h.advanceMin(10);
    expect(normAlarms(h)).toEqual([]);
    h.ok({ type: 'callNext' }, actors.operator('anna'));
    h.ok({ type: 'startService' }, actors.operator('anna'));
    // 3 min served before + 0 now, cash norm 4: one minute left already
    expect(short(normAlarms(h))).toEqual(['service-norm-soon:К-001']);
  });

  it('watches the total visit from the ticket: 5 min before and past the 33 min norm, only for a visit in service', () => {
    const h = new Harness({ config: testOffice({ rules: { totalNormMin: 33 } }) });
    h.ok({ type: 'issueTicket', serviceId: 'documents' }, actors.kiosk); // service norm 20
    h.advanceMin(40);
    // waiting 40 min: the wait alarms speak for it, not the total norm
    expect(normAlarms(h)).toEqual([]);
    h.ok({ type: 'operatorLogin', windowId: 'w3' }, actors.operator('vera'));
    h.ok({ type: 'callNext' }, actors.operator('vera'));
    expect(normAlarms(h)).toEqual([]); // called, not yet in service
    h.ok({ type: 'startService' }, actors.operator('vera'));
    const [total] = normAlarms(h);
    expect(total).toMatchObject({ kind: 'total-norm-passed', severity: 'critical', subject: { windowId: 'w3' } });
    expect(total?.message.ru).toBe('Талон Д-001 в окне 3: визит дольше общего норматива 33 мин');
    h.ok({ type: 'finishService' }, actors.operator('vera'));
    expect(normAlarms(h)).toEqual([]);

    // issued and served at once: the total warning comes 5 min before 33, after the service one
    h.ok({ type: 'issueTicket', serviceId: 'documents' }, actors.kiosk);
    h.ok({ type: 'callNext' }, actors.operator('vera'));
    h.ok({ type: 'startService' }, actors.operator('vera'));
    h.advance(28 * MIN - 1);
    expect(short(normAlarms(h))).toEqual(['service-norm-passed:Д-002']);
    h.advance(1);
    expect(short(normAlarms(h))).toEqual(['service-norm-passed:Д-002', 'total-norm-soon:Д-002']);
    h.advance(5 * MIN + 1);
    expect(short(normAlarms(h))).toEqual(['service-norm-passed:Д-002', 'total-norm-passed:Д-002']);
    // the lead is a setting; switched-off kinds stay silent
    expect(short(normAlarms(h, h.state, { off: ['total-norm-passed', 'service-norm-passed'] }))).toEqual([]);
  });

  it('raises no total alarm without a total norm, and none for a walk-in served in live-queue mode', () => {
    const h = new Harness({ config: testOffice() }); // no totalNormMin
    serve(h, 'documents', 'vera', 'w3');
    h.advanceMin(40);
    expect(short(normAlarms(h))).toEqual(['service-norm-passed:Д-001']);

    const live = new Harness({ config: testOffice({ rules: { totalNormMin: 33 } }) });
    live.ok({ type: 'operatorLogin', windowId: 'w3' }, actors.operator('vera'));
    live.ok({ type: 'serveWalkIn', serviceId: 'documents' }, actors.operator('vera'));
    live.advanceMin(19);
    expect(normAlarms(live, live.state, { serviceSoonMin: 0 })).toEqual([]);
    live.advanceMin(15);
    expect(normAlarms(live).map((c) => c.kind)).toEqual(['service-norm-passed']);
  });
});
