import type { StaffingReport } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../support/server.js';
import { writeHistory } from './history.js';

const DAY = 24 * 3_600_000;
const MIN = 60_000;

/**
 * Three weeks of history written through the real office (engine → SQLite → visits projection), then the
 * staffing view and the wait estimate read it back over HTTP.
 */
describe('staffing and estimates over HTTP', () => {
  let s: TestServer;
  let admin: string;
  const start = OFFICE_MORNING - 21 * DAY;

  beforeAll(async () => {
    // Writing the history issues 200+ tickets, each with an estimate: without a limit the CPU budget
    // (unit-tested in server/src/staffing) would be spent before the test's own tickets.
    s = await startTestServer({ now: start, server: { twin: { burstMs: Number.POSITIVE_INFINITY } } });
    // Every reception day at 10:00 Moscow: 12 consultations in the hour, served at two windows, one leaves.
    expect(writeHistory(s, start, 21)).toBe(18);
    s.clock.set(OFFICE_MORNING + 30 * MIN);
    admin = (await s.login('admin', 'admin-talon')).token;
  }, 120_000);

  afterAll(async () => {
    await s?.stop();
  });

  const get = async (path: string, token?: string) => {
    const res = await fetch(s.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as never };
  };

  it('GET /api/staffing recommends windows per hour from the history', async () => {
    const r = await get('/api/staffing?weeks=4&target=0.8', admin);
    expect(r.status).toBe(200);
    const rep = r.body as StaffingReport;
    expect(rep.history.visits).toBe(18 * 12);
    expect(rep.params).toEqual({ weeks: 4, targetShare: 0.8, maxAbandonShare: 0.03 });
    expect(rep.services.find((x) => x.id === 'consult')).toMatchObject({ meanServiceMin: 2, samples: 18 * 11 });
    expect(rep.model).toBe('erlang-a');
    expect(rep.week).toHaveLength(7);
    const ten = rep.today.hours.find((h) => h.hour === 10);
    expect(ten?.forecast).toBeCloseTo(12, 9);
    expect(ten?.recommended).toBeGreaterThanOrEqual(1);
    expect(ten?.openNow).toBe(0);
    expect(rep.now).toMatchObject({ hour: 10, openWindows: 0, recommended: ten?.recommended });
    // Quiet hours still keep one window open: the office is never unattended.
    expect(rep.today.hours.find((h) => h.hour === 15)).toMatchObject({ forecast: 0, recommended: 1 });
  });

  it('refuses other roles and bad queries with the usual error shape', async () => {
    expect((await get('/api/staffing')).status).toBe(401);
    const operator = (await s.login('operator1', 'talon1')).token;
    const forbidden = await get('/api/staffing', operator);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bad = await get('/api/staffing?target=2', admin);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('a new ticket carries the digital twin estimate, and GET /api/estimate refreshes it', async () => {
    const device = await s.pair('kiosk');
    const operator = (await s.login('operator1', 'talon1')).token;
    expect((await s.command(operator, { type: 'operatorLogin', windowId: 'w1' })).status).toBe(200);
    const first = await s.command(device.token, { type: 'issueTicket', serviceId: 'consult' });
    const second = await s.command(device.token, { type: 'issueTicket', serviceId: 'consult' });
    expect(first.status).toBe(200);
    if (!second.body.ok) throw new Error('issue refused');
    const estimate = second.body.result?.estimate;
    expect(estimate?.method).toBe('twin');
    expect(estimate?.lowMin).toBeLessThanOrEqual(estimate?.pointMin ?? -1);
    expect(estimate?.pointMin).toBeLessThanOrEqual(estimate?.highMin ?? -1);
    const ticketId = second.body.result?.ticketId ?? '';
    const now = await get(`/api/estimate?ticketId=${encodeURIComponent(ticketId)}`, device.token);
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ ticketId, estimate: { method: 'twin' } });
    // Once called, nothing is left to wait.
    await s.command(operator, { type: 'callNext' });
    await s.command(operator, { type: 'startService' });
    await s.command(operator, { type: 'finishService' });
    await s.command(operator, { type: 'callNext' });
    const called = await get(`/api/estimate?ticketId=${encodeURIComponent(ticketId)}`, device.token);
    expect(called.body).toMatchObject({ estimate: { lowMin: 0, highMin: 0 } });
    expect((await get('/api/estimate?ticketId=nope', device.token)).body).toMatchObject({
      error: { code: 'UNKNOWN_TICKET' },
    });
    expect((await get('/api/estimate', device.token)).status).toBe(400);
  });
});
