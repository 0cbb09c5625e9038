import type { PublicMenu, PublicTicket } from '@talon/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/** A virtual ticket from the entrance QR (issue 15), over real HTTP. */
let s: TestServer;
beforeEach(async () => {
  s = await startTestServer();
});
afterEach(async () => {
  await s?.stop();
});

async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(s.url + path, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}
const code = (r: { body: unknown }) => (r.body as { error?: { code: string } }).error?.code;
const footprint = () => ({ seq: s.office.seq, personal: s.store.personal.count() });
const take = (phone: string, over: Record<string, unknown> = {}) =>
  api<PublicTicket>('POST', '/api/public/tickets', {
    topicId: 'meter-readings',
    segmentId: 'individual',
    phone,
    consent: true,
    ...over,
  });

describe('a ticket taken on the phone', () => {
  it('offers the kiosk’s menu while the office receives', async () => {
    const menu = await api<PublicMenu>('GET', '/api/public/menu');
    expect(menu.status).toBe(200);
    expect(menu.body.open).toBe(true);
    expect(menu.body.segments.map((x) => x.id)).toEqual(s.office.config?.segments.map((x) => x.id));
    expect(menu.body.topics.length).toBe(s.office.config?.topics.length);
    expect(menu.body.takeUrl).toBe(`${s.url}/take`);
    s.clock.set(Date.parse('2026-11-26T18:00:00Z')); // 21:00 in Moscow
    const closed = await api<PublicMenu>('GET', '/api/public/menu');
    expect([closed.body.open, closed.body.closedCode]).toEqual([false, 'OUTSIDE_RECEPTION_HOURS']);
  });

  it('is a ticket like any other: numbered, in the queue, called; its link opens the live page', async () => {
    const kiosk = (await s.pair('kiosk')).token;
    const operator = (await s.login('operator1', 'talon1')).token;
    expect((await s.command(operator, { type: 'operatorLogin', windowId: 'w1' })).body.ok).toBe(true);
    const first = await s.command(kiosk, { type: 'issueTicket', topicId: 'meter-readings', segmentId: 'individual' });
    expect(first.body.ok).toBe(true);
    const r = await take('+7 900 111-22-33');
    expect(r.status).toBe(200);
    const ticket = Object.values(s.office.view().tickets).find((t) => t.number === r.body.number);
    expect(ticket).toMatchObject({ channel: 'phone', status: 'waiting' });
    // the phone is personal data: in personal_data, not in the log
    expect(JSON.stringify(s.store.readEvents(0))).not.toContain('111-22-33');
    // a kiosk ticket after it has one more ahead
    const third = await s.command(kiosk, { type: 'issueTicket', topicId: 'meter-readings', segmentId: 'individual' });
    const ahead = (x: { body: { ok: boolean } }) =>
      (x.body as { result?: { peopleAhead?: number } }).result?.peopleAhead;
    expect([ahead(first), r.body.peopleAhead, ahead(third)]).toEqual([0, 1, 2]);
    // called in its turn, after the kiosk ticket taken before it
    for (const type of ['callNext', 'startService', 'finishService', 'callNext'])
      expect((await s.command(operator, { type })).body, type).toMatchObject({ ok: true });
    expect(s.office.view().tickets[ticket?.id ?? '']?.status).toBe('called');
    const page = await fetch(r.body.visitUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(r.body.number);
  });

  it('refuses beyond the per-phone limit of the day, outside reception hours, without consent: nothing changes', async () => {
    expect((await take('+7 900 111-22-33')).status).toBe(200);
    expect(
      (await take('8 (900) 111 22 33', { topicId: undefined, segmentId: undefined, serviceId: 'cash' })).status,
    ).toBe(200);
    const before = footprint();
    const third = await take('9001112233');
    expect([code(third), third.status]).toEqual(['PHONE_TICKET_LIMIT', 422]);
    expect(code(await take('+7 900 444-55-66', { consent: false }))).toBe('VALIDATION_FAILED');
    expect(code(await take('not a phone'))).toBe('VALIDATION_FAILED');
    expect(code(await take('+7 900 444-55-66', { topicId: 'no-such' }))).toBe('UNKNOWN_TOPIC');
    expect(footprint()).toEqual(before);
    // another phone is not limited; the next local day the first one may take tickets again
    expect((await take('+7 900 444-55-66')).status).toBe(200);
    s.clock.set(Date.parse('2026-11-26T18:00:00Z'));
    const evening = footprint();
    expect(code(await take('+7 900 777-88-99'))).toBe('OUTSIDE_RECEPTION_HOURS');
    expect(footprint()).toEqual(evening);
    s.clock.set(Date.parse('2026-11-27T06:00:00Z'));
    expect((await take('+7 900 111-22-33')).status).toBe(200);
  });
});
