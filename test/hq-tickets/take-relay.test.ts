import { createHeadOffice, type HeadOffice, startTestHeadOffice, type TestHeadOffice } from '@talon/head-office';
import type { PublicMenu } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Take a ticket from the phone on head office (issue 15): a real office linked to a real head office
 * (PostgreSQL, HTTP). The request waits in head office's database, the office asks for it, issues the
 * virtual ticket through its own path and answers; an office that is cut off leaves the request refused
 * after the timeout; no phone number stays in head office's tables once answered.
 */

const PHONE = '+7 913 444-55-66';
const TUNING = { heartbeatMs: 200, backoffBaseMs: 50, backoffCapMs: 300, ticketRequestsMs: 100 };
const TIMEOUT_MS = 5000;

let clock: () => number = Date.now;
let hq: TestHeadOffice;
let s: TestServer;
let port: number;
/** The head-office process the office's link talks to; the visitor's page uses `hq` (another process). */
let linked: HeadOffice | null = null;
let menu: PublicMenu;

const linkUp = async () => {
  linked = await createHeadOffice({
    databaseUrl: hq.databaseUrl,
    now: () => clock(),
    publicBase: null,
    tickets: { timeoutMs: TIMEOUT_MS },
  });
  await linked.listen(port, '127.0.0.1');
};
const linkDown = async () => {
  await linked?.close();
  linked = null;
};

type Relayed = { status: string; number?: string; visitUrl?: string; error?: { code: string } };

const ask = (body: Record<string, unknown>) =>
  fetch(`${hq.url}/api/public/HQT1/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const request = async (id: string) =>
  (await (await fetch(`${hq.url}/api/public/HQT1/tickets/${id}`)).json()) as Relayed;
const answered = (id: string) =>
  eventually(
    () => request(id),
    (r) => r.status !== 'pending',
  );
const choice = () => {
  const topic = menu.topics[0];
  if (!topic?.segmentIds[0]) throw new Error('the demo office has no topic');
  return { topicId: topic.id, segmentId: topic.segmentIds[0], phone: PHONE, consent: true };
};
const phonesLeft = async () =>
  Number(
    (await hq.hq.pool.query<{ n: string }>('SELECT count(*) AS n FROM ticket_requests WHERE phone IS NOT NULL')).rows[0]
      ?.n,
  );

beforeAll(async () => {
  hq = await startTestHeadOffice({ now: () => clock(), tickets: { timeoutMs: TIMEOUT_MS } });
  const office = await hq.seedOffice({ code: 'HQT1' });
  port = await freePort();
  s = await startTestServer({
    server: { hq: { url: `http://127.0.0.1:${port}`, key: office.apiKey }, hqTuning: TUNING },
  });
  clock = () => s.clock.now();
  await linkUp();
  // head office offers the menu once the office's status arrived
  const res = await eventually(
    () => fetch(`${hq.url}/api/public/HQT1/menu`),
    (r) => r.status === 200,
  );
  menu = (await res.json()) as PublicMenu;
}, 120_000);
afterAll(async () => {
  await s?.stop();
  await linked?.close();
  await hq?.close();
}, 60_000);

describe('take a ticket from the phone through head office', () => {
  it('head office answers the office’s menu as the office does', async () => {
    const own = (await (await fetch(`${s.url}/api/public/menu`)).json()) as PublicMenu;
    expect(menu.open).toBe(true);
    expect(menu.topics).toEqual(own.topics);
    expect(menu.segments).toEqual(own.segments);
    expect(menu.perPhonePerDay).toBe(own.perPhonePerDay);
    expect(menu.office.name).toEqual(own.office.name);
    expect(menu.takeUrl).toBe('/o/HQT1/take');
  });

  it('a ticket asked for on head office is issued at the office and opens head office’s ticket page', async () => {
    const waitingBefore = Object.values(s.office.view().tickets).filter((t) => t.status === 'waiting').length;
    const res = await ask(choice());
    expect(res.status).toBe(202);
    const { requestId } = (await res.json()) as { requestId: string };
    const r = await answered(requestId);
    expect(r.status).toBe('done');
    expect(r.visitUrl).toMatch(/^\/o\/HQT1\/v\/[^/]+$/);
    const ticket = Object.values(s.office.view().tickets).find((t) => t.number === r.number);
    expect(ticket?.channel).toBe('phone');
    expect(ticket?.status).toBe('waiting');
    expect(Object.values(s.office.view().tickets).filter((t) => t.status === 'waiting')).toHaveLength(
      waitingBefore + 1,
    );
    // asking again about the same request answers the same ticket
    expect(await request(requestId)).toEqual(r);

    // head office's live ticket page knows the ticket once the office's batch arrived
    const token = r.visitUrl?.split('/').at(-1) ?? '';
    const visit = await eventually(
      () => fetch(`${hq.url}/api/public/HQT1/visits/${token}`),
      (v) => v.status === 200,
    );
    expect(JSON.stringify(await visit.json())).toContain(r.number);
    const page = await fetch(`${hq.url}${r.visitUrl}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await phonesLeft()).toBe(0);
  });

  it('the per-phone limit holds through head office', async () => {
    // the demo allows two phone tickets a day: the first was taken above
    const second = await answered(((await (await ask(choice())).json()) as { requestId: string }).requestId);
    expect(second.status).toBe('done');
    const third = await answered(((await (await ask(choice())).json()) as { requestId: string }).requestId);
    expect(third.status).toBe('refused');
    expect(third.error?.code).toBe('PHONE_TICKET_LIMIT');
    expect(Object.values(s.office.view().tickets).filter((t) => t.channel === 'phone')).toHaveLength(2);
    expect(await phonesLeft()).toBe(0);
  });

  it('bad input is refused and stores nothing', async () => {
    const res = await ask({ ...choice(), consent: false });
    expect(res.status).toBe(400);
    const n = await hq.hq.pool.query('SELECT 1 FROM ticket_requests');
    expect(n.rowCount).toBe(3);
    expect((await fetch(`${hq.url}/api/public/NOPE/menu`)).status).toBe(404);
  });

  it('a request delivered again (its answer lost on the way) is the same ticket', async () => {
    const phone = '+7 913 222-33-44';
    const phoneTickets = () => Object.values(s.office.view().tickets).filter((t) => t.channel === 'phone').length;
    const { requestId } = (await (await ask({ ...choice(), phone })).json()) as { requestId: string };
    const first = await answered(requestId);
    expect(first.status).toBe('done');
    const issued = phoneTickets();
    // as if the office's answer never reached head office: the request is pending again, with its phone
    await hq.hq.pool.query(
      `UPDATE ticket_requests SET status = 'pending', phone = $2, ticket_id = NULL, number = NULL,
              visit_exp = NULL, answered_at = NULL WHERE id = $1`,
      [requestId, phone],
    );
    const again = await answered(requestId);
    expect(again.status).toBe('done');
    expect(again.number).toBe(first.number);
    expect(phoneTickets()).toBe(issued);
    expect(await phonesLeft()).toBe(0);
  });

  it('an office that is cut off leaves the request refused after the timeout, without the phone', async () => {
    await linkDown();
    const res = await ask({ ...choice(), phone: '+7 913 777-88-99' });
    expect(res.status).toBe(202);
    const { requestId } = (await res.json()) as { requestId: string };
    expect((await request(requestId)).status).toBe('pending');
    expect(await phonesLeft()).toBe(1);
    s.clock.advance(TIMEOUT_MS + 1000);
    const r = await request(requestId);
    expect(r.status).toBe('refused');
    expect(r.error?.code).toBe('OFFICE_NOT_REACHABLE');
    expect(await phonesLeft()).toBe(0);
    const text = await hq.hq.pool.query<{ t: string }>('SELECT t::text AS t FROM ticket_requests t');
    expect(text.rows.map((x) => x.t).join('\n')).not.toMatch(/913/);
    // back online, the office does not issue what head office already refused
    await linkUp();
    await new Promise((r) => setTimeout(r, 1000));
    expect(Object.values(s.office.view().tickets).filter((t) => t.channel === 'phone')).toHaveLength(3);
  });
});
