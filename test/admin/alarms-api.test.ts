import type { Alarm, AuditEntry, MonitorSnapshot } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { advance, api } from './http.js';

let s: TestServer;
let admin: string;
const MIN = 60_000;

beforeAll(async () => {
  s = await startTestServer({ server: { monitorMs: 0 } });
  admin = (await s.login('admin', 'admin-talon')).token;
});
afterAll(async () => {
  await s?.stop();
});

const active = async () => (await api<{ active: Alarm[] }>(s, 'GET', '/api/alarms', admin)).body.active;

describe('alarms on the server clock', () => {
  it('a waiting ticket crosses its norm: the alarm is raised, pushed to /admin, acknowledged, and cleared by the call', async () => {
    const live = await s.connect('admin', admin);
    const pushes: { active: Alarm[] }[] = [];
    live.socket.on('alarms', (a: { active: Alarm[] }) => pushes.push(a));
    const kiosk = (await s.pair('kiosk')).token;
    const issued = await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    expect(issued.body.ok).toBe(true);
    await advance(s, 7 * MIN);
    expect((await active()).filter((a) => a.kind === 'wait-norm-passed')).toEqual([]);
    expect((await active()).filter((a) => a.kind === 'wait-norm-soon').map((a) => a.subject.number)).toEqual(['К-001']);

    await advance(s, MIN); // 8 min: the consultation wait norm
    const passed = (await active()).find((a) => a.kind === 'wait-norm-passed');
    expect(passed).toMatchObject({ severity: 'critical', subject: { number: 'К-001' }, acknowledgedAt: null });
    await live.until(() => pushes.some((p) => p.active.some((a) => a.id === passed?.id)));
    // nobody was at work all along: the office-never-unattended alarm is up too
    expect((await active()).map((a) => a.kind)).toContain('no-operator-ready');

    const ack = await api<Alarm>(s, 'POST', `/api/alarms/${passed?.id}/ack`, admin, {});
    expect(ack.body).toMatchObject({ id: passed?.id, acknowledgedBy: 'Администратор зала' });
    expect(ack.body.acknowledgedAt).toBe(s.clock.now());
    await live.until(() => pushes.at(-1)?.active.find((a) => a.id === passed?.id)?.acknowledgedAt !== null);

    const op = (await s.login('operator1', 'talon1')).token;
    expect((await s.command(op, { type: 'operatorLogin', windowId: 'w1' })).body.ok).toBe(true);
    expect((await s.command(op, { type: 'callNext' })).body.ok).toBe(true);
    await advance(s, 0);
    expect((await active()).map((a) => a.kind)).toEqual([]);
    const history = (await api<Alarm[]>(s, 'GET', '/api/alarms/history', admin)).body;
    expect(history.find((a) => a.id === passed?.id)?.clearedAt).toBe(s.clock.now());
    const audit = (await api<AuditEntry[]>(s, 'GET', '/api/config/audit', admin)).body;
    expect(audit.find((a) => a.action === 'alarm.acknowledged')).toMatchObject({ target: String(passed?.id) });
    await s.command(op, { type: 'startService' });
    await s.command(op, { type: 'finishService' });
    await s.command(op, { type: 'operatorLogout' });
  });

  it('tracks device heartbeats: offline in working time raises the alarm, uptime today counts it, paper out is critical', async () => {
    const paired = await s.pair('kiosk', 'Киоск у входа');
    const kiosk = await s.connect('kiosk', paired.token); // the connect counts as a heartbeat
    const dev = async () =>
      (await api<MonitorSnapshot>(s, 'GET', '/api/admin/monitor', admin)).body.devices.find(
        (d) => d.deviceId === paired.deviceId,
      );
    expect(await dev()).toMatchObject({ online: true, offlineSince: null });
    const seen = s.clock.now();
    await advance(s, 11 * MIN);
    expect(await dev()).toMatchObject({ online: false, offlineSince: seen });
    expect((await active()).find((a) => a.kind === 'device-offline')).toMatchObject({
      severity: 'warning',
      subject: { deviceId: paired.deviceId, deviceName: 'Киоск у входа' },
    });

    await kiosk.emitWithAck('heartbeat', { status: 'warning', details: { paper: 'out', printer: 'ok' } });
    const back = await dev();
    expect(back).toMatchObject({ online: true, paper: 'out', printer: 'ok' });
    expect(back?.uptimeToday.offlineMs).toBeGreaterThanOrEqual(11 * MIN - 1);
    expect(back?.uptimeToday.offlineMs).toBeLessThanOrEqual(11 * MIN);
    const kinds = (await active()).map((a) => [a.kind, a.severity]);
    expect(kinds).toContainEqual(['printer-paper', 'critical']);
    expect(kinds.map(([k]) => k)).not.toContain('device-offline');
  });
});
