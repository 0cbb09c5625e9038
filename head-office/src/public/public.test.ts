import { randomBytes } from 'node:crypto';
import type { OfficeStatus, PublicVisit } from '@talon/protocol';
import { signVisitToken } from '@talon/server/links';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededOffice, startTestHeadOffice, type TestHeadOffice } from '../testing.js';
import { pendingRatings } from './index.js';

const NOW = Date.UTC(2026, 10, 16, 9, 30);
const DAY = '2026-11-16';

describe('public visit pages', () => {
  let t: TestHeadOffice;
  let a: SeededOffice;
  let b: SeededOffice;
  const secretA = randomBytes(32);
  const secretB = randomBytes(32);
  const tokenA = (ticketId: string, exp = NOW + 3600_000) => signVisitToken(secretA, { ticketId, exp });

  const api = async (path: string, body?: unknown) => {
    const r = await fetch(`${t.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: r.status, json: (await r.json()) as PublicVisit & { ok?: boolean; error?: { code: string } } };
  };
  const visit = (token: string, office = a.code) => api(`/api/public/${office}/visits/${token}`);
  const rate = (token: string, body: unknown) => api(`/api/public/${a.code}/visits/${token}/rating`, body);
  const page = async (token: string, lang = '', office = a.code) => {
    const r = await fetch(`${t.url}/o/${office}/v/${token}${lang}`);
    return { status: r.status, html: await r.text(), headers: r.headers };
  };

  beforeAll(async () => {
    t = await startTestHeadOffice({ now: () => NOW });
    a = await t.seedOffice();
    b = await t.seedOffice();
    const pool = t.hq.pool;
    await pool.query('UPDATE offices SET link_secret = $2 WHERE id = $1', [a.id, secretA]);
    await pool.query('UPDATE offices SET link_secret = $2 WHERE id = $1', [b.id, secretB]);
    const queue = ['К-010', 'К-011', 'К-012'].map((number) => ({
      number,
      serviceId: 'pay',
      waitSec: 60,
      normSec: 480,
      priority: false,
    }));
    const status: Partial<OfficeStatus> = {
      at: NOW - 30_000,
      dayKey: DAY,
      queue,
      services: [{ id: 'docs', name: { ru: 'Документы', en: 'Documents' }, prefix: 'Д' }],
    };
    await pool.query('UPDATE office_sync SET status = $2, last_seen_at = $3 WHERE office_id = $1', [
      a.id,
      status,
      new Date(NOW - 30_000),
    ]);
    await pool.query("INSERT INTO office_catalogue VALUES ($1, 'service', 'pay', $2)", [
      a.id,
      { ru: 'Оплата', en: 'Payment' },
    ]);
    const tickets: [string, string, string, string, number | null, boolean][] = [
      ['t-wait', 'К-012', 'pay', 'waiting', null, false],
      ['t-called', 'К-009', 'pay', 'called', 5, false],
      ['t-done', 'Д-001', 'docs', 'done', 3, false],
      ['t-race', 'Д-002', 'docs', 'done', 3, false],
      ['t-local', 'Д-003', 'docs', 'done', 3, true],
    ];
    for (const [id, number, service, st, win, rated] of tickets)
      await pool.query(
        `INSERT INTO hq_tickets (office_id, ticket_id, number, service_id, day_key, status, window_number, issued_at, rated)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [a.id, id, number, service, DAY, st, win, new Date(NOW - 600_000), rated],
      );
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows a waiting visit with the tickets ahead of it and how fresh the data is', async () => {
    const r = await visit(tokenA('t-wait'));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      office: { code: a.code, name: { ru: `ЦОК ${a.code}`, en: `Office ${a.code}` } },
      number: 'К-012',
      status: 'waiting',
      serviceName: { ru: 'Оплата', en: 'Payment' },
      windowNumber: null,
      ahead: 2,
      estimate: null,
      issuedAt: NOW - 600_000,
      syncedAt: NOW - 30_000,
      canRate: false,
      rated: false,
    });
    const p = await page(tokenA('t-wait'));
    expect(p.status).toBe(200);
    expect(p.headers.get('content-type')).toContain('text/html');
    expect(p.headers.get('referrer-policy')).toBe('no-referrer');
    expect(p.html).toContain('<html lang="ru">');
    expect(p.html).toContain('Талон К-012');
    expect(p.html).toContain('data-status="waiting"');
    expect(p.html).toContain('data-testid="visit-ahead">Перед вами: 2</p>');
    expect(p.html).toContain('Обновлено 30 с назад');
    expect(p.html).toMatch(/id="form" hidden/);
    const en = await page(tokenA('t-wait'), '?lang=en');
    expect(en.html).toContain('Ahead of you: 2');
    expect(en.html).toContain('Updated 30 s ago');
  });

  it('says which window calls the visitor', async () => {
    const r = await visit(tokenA('t-called'));
    expect(r.json).toMatchObject({ status: 'called', windowNumber: 5, ahead: null });
    const p = await page(tokenA('t-called'));
    expect(p.html).toContain('data-status="called">Вас приглашают</p>');
    expect(p.html).toContain('data-testid="visit-window">Окно\u00a05</p>');
    expect(p.html).toContain('data-testid="visit-ahead" hidden></p>');
  });

  it('offers the rating form for a finished visit, with a script that parses', async () => {
    const r = await visit(tokenA('t-done'));
    expect(r.json).toMatchObject({ status: 'done', canRate: true, rated: false, serviceName: { ru: 'Документы' } });
    const p = await page(tokenA('t-done'));
    expect(p.html).toContain('data-testid="rating-form"');
    expect(p.html).not.toMatch(/id="form" hidden/);
    const [, nonce = '', script = ''] = p.html.match(/<script nonce="([^"]+)">([\s\S]*?)<\/script>/) ?? [];
    expect(script).toContain(`/api/public/${a.code}/visits/`);
    expect(() => new Function(script)).not.toThrow();
    // only this page's own script may run: its nonce, fresh for each answer, and no 'unsafe-inline'
    const csp = p.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`script-src 'nonce-${nonce}'`);
    expect(csp).not.toContain("script-src 'unsafe-inline'");
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    expect((await page(tokenA('t-done'))).html).not.toContain(`nonce="${nonce}"`);
  });

  it('refuses forged, foreign, expired and unknown links', async () => {
    const foreign = signVisitToken(secretB, { ticketId: 't-wait', exp: NOW + 3600_000 });
    expect((await visit(foreign)).json.error?.code).toBe('RATING_LINK_INVALID');
    const [body] = tokenA('t-wait').split('.');
    const tampered = `${Buffer.from(JSON.stringify(['t-done', NOW + 3600_000])).toString('base64url')}.${
      tokenA('t-wait').split('.')[1]
    }`;
    expect((await visit(tampered)).json.error?.code).toBe('RATING_LINK_INVALID');
    expect((await visit(`${body}.AAAA`)).status).toBe(403);
    // office A's own link shown under office B's address
    expect((await visit(tokenA('t-wait'), b.code)).json.error?.code).toBe('RATING_LINK_INVALID');
    const expired = await visit(tokenA('t-wait', NOW - 1));
    expect(expired.status).toBe(410);
    expect(expired.json.error?.code).toBe('RATING_LINK_EXPIRED');
    expect((await visit(tokenA('t-wait'), 'NOPE')).json.error?.code).toBe('UNKNOWN_OFFICE');
    expect((await visit(tokenA('t-not-yet'))).json.error?.code).toBe('VISIT_NOT_SYNCED');
    const p = await page(foreign);
    expect(p.status).toBe(403);
    expect(p.html).toContain('data-code="RATING_LINK_INVALID"');
    expect(p.html).toContain('Ссылка для оценки недействительна');
    expect(p.html).not.toContain('К-012');
    expect((await rate(foreign, { score: 5 })).json.error?.code).toBe('RATING_LINK_INVALID');
  });

  it('takes one rating per visit, only once it is done', async () => {
    expect((await rate(tokenA('t-wait'), { score: 5 })).json.error?.code).toBe('RATING_VISIT_UNKNOWN');
    const first = await rate(tokenA('t-done'), {
      score: 2,
      reasons: ['rude'],
      feedback: { type: 'complaint', text: 'Долго ждал', contact: '+7 900 000-00-00' },
    });
    expect(first.json).toEqual({ ok: true });
    const again = await rate(tokenA('t-done'), { score: 5 });
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe('RATING_ALREADY_GIVEN');
    expect((await visit(tokenA('t-done'))).json).toMatchObject({ canRate: false, rated: true });
    expect((await page(tokenA('t-done'))).html).toContain('Визит оценён');

    // five phones at once: the database keeps one
    const race = await Promise.all([1, 2, 3, 4, 5].map((score) => rate(tokenA('t-race'), { score })));
    expect(race.filter((r) => r.json.ok === true)).toHaveLength(1);
    expect(race.filter((r) => r.json.error?.code === 'RATING_ALREADY_GIVEN')).toHaveLength(4);
    const n = await t.hq.pool.query("SELECT count(*)::int AS n FROM returned_ratings WHERE ticket_id = 't-race'");
    expect(n.rows[0].n).toBe(1);

    // rated at the office already (synced as rated): not again here
    expect((await rate(tokenA('t-local'), { score: 4 })).json.error?.code).toBe('RATING_ALREADY_GIVEN');
    expect((await visit(tokenA('t-local'))).json.canRate).toBe(false);
  });

  it('hands ratings to the office oldest first and forgets the feedback once acknowledged', async () => {
    const pending = await pendingRatings(t.hq.pool, a.id);
    expect(pending.map((r) => r.ticketId)).toEqual(['t-done', 't-race']);
    expect(pending[0]).toMatchObject({
      score: 2,
      reasons: ['rude'],
      feedback: { type: 'complaint', text: 'Долго ждал', contact: '+7 900 000-00-00' },
    });
    expect(pending[1]?.feedback).toBeUndefined();
    expect(await pendingRatings(t.hq.pool, b.id)).toEqual([]);

    const ack = (key: string, ids: string[]) =>
      fetch(`${t.url}/api/sync/ratings/ack`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ ids }),
      });
    // another office cannot acknowledge (and so erase) office A's ratings
    expect((await ack(b.apiKey, [pending[0]?.id ?? ''])).status).toBe(200);
    expect(await pendingRatings(t.hq.pool, a.id)).toHaveLength(2);

    expect(await (await ack(a.apiKey, [pending[0]?.id ?? ''])).json()).toEqual({ ok: true });
    const left = await pendingRatings(t.hq.pool, a.id);
    expect(left.map((r) => r.ticketId)).toEqual(['t-race']);
    const stored = await t.hq.pool.query(
      "SELECT feedback, acked_at IS NOT NULL AS acked, score FROM returned_ratings WHERE ticket_id = 't-done'",
    );
    expect(stored.rows).toEqual([{ feedback: null, acked: true, score: 2 }]);
    const anywhere = await t.hq.pool.query(
      "SELECT count(*)::int AS n FROM returned_ratings WHERE feedback::text LIKE '%900%'",
    );
    expect(anywhere.rows[0].n).toBe(0);
    // still once per visit after the acknowledgement
    expect((await rate(tokenA('t-done'), { score: 5 })).json.error?.code).toBe('RATING_ALREADY_GIVEN');
  });
});
