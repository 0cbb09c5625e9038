import type { OperatorDay, RatingTerminalInfo, StoredEvent } from '@talon/protocol';
import { startServer } from '@talon/server';
import { rosatomDemoOffice } from '@talon/server/demo';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { deskLink, http, pairRatingTerminal, serveOne, terminalLink } from './support.js';

let s: TestServer;
beforeEach(async () => {
  s = await startTestServer();
});
afterEach(async () => {
  await s.stop();
});

const codeOf = (text: string) => /data-code="([A-Z_]+)"/.exec(text)?.[1];

describe('rating terminal API', () => {
  it('binds the terminal to its window, records one rating per visit and refuses the QR duplicate', async () => {
    const terminal = await pairRatingTerminal(s, 'w1');
    expect(terminal.name).toMatch(/@w1$/);
    const info = await http<RatingTerminalInfo>(`${s.url}/api/rating/terminal`, { token: terminal.token });
    expect(info.body).toMatchObject({ windowId: 'w1', deviceId: terminal.deviceId });

    const { ticketId } = await serveOne(s, 1, 'w1');
    const link = await terminalLink(s, terminal.token);
    expect(link.status).toBe(200);
    expect(link.body.ticketId).toBe(ticketId);
    expect(link.body.url).toMatch(new RegExp(`^${s.url}/v/[\\w-]+\\.[\\w-]+$`));
    expect(link.body.svg).toContain('<svg');

    const rate = (token: string, body: unknown) =>
      http<{ ok: boolean; error?: { code: string } }>(`${s.url}/api/rating/terminal/rate`, { token, body });
    const first = await rate(terminal.token, { ticketId, score: 2, reasons: ['long-wait'] });
    expect(first.status).toBe(200);
    expect(s.store.ratings({})).toEqual([
      expect.objectContaining({
        ticketId,
        score: 2,
        reasons: ['long-wait'],
        channel: 'terminal',
        operatorId: 'op1',
        windowId: 'w1',
        serviceId: 'consult',
        dayKey: '2026-11-26',
      }),
    ]);
    const again = await rate(terminal.token, { ticketId, score: 5 });
    expect([again.status, again.body.error?.code]).toEqual([409, 'RATING_ALREADY_GIVEN']);

    // the visitor scanned the QR too: the phone page says the visit is rated, and nothing is recorded
    const seq = s.office.seq;
    const phone = await http(link.body.url);
    expect([phone.status, codeOf(phone.text)]).toEqual([409, 'RATING_ALREADY_GIVEN']);
    const post = await http(link.body.url, { form: { score: '5' } });
    expect([post.status, codeOf(post.text)]).toEqual([409, 'RATING_ALREADY_GIVEN']);
    expect(post.text).toContain('Этот визит уже оценён');
    expect(s.office.seq).toBe(seq);
  });

  it('refuses a terminal without a window, another window’s visit, and ratings through the generic command path', async () => {
    const unbound = await s.pair('rating', 'Планшет без окна');
    const { ticketId } = await serveOne(s, 1, 'w1');
    const r = await http<{ error: { code: string } }>(`${s.url}/api/rating/terminal/rate`, {
      token: unbound.token,
      body: { ticketId, score: 5 },
    });
    expect([r.status, r.body.error.code]).toEqual([422, 'RATING_TERMINAL_UNBOUND']);

    const atW3 = await pairRatingTerminal(s, 'w3');
    const other = await http<{ error: { code: string } }>(`${s.url}/api/rating/terminal/rate`, {
      token: atW3.token,
      body: { ticketId, score: 5 },
    });
    expect(other.body.error.code).toBe('RATING_WRONG_WINDOW');
    expect((await terminalLink(s, atW3.token, ticketId)).body).toMatchObject({
      error: { code: 'RATING_WRONG_WINDOW' },
    });

    const generic = await s.command(atW3.token, { type: 'rateVisit', ticketId, score: 5, channel: 'terminal' });
    expect(generic.status).toBe(403);
    expect(s.store.ratings({})).toEqual([]);
  });
});

describe('QR links', () => {
  it('refuses a forged, a malformed and an expired link with a clear message in Russian and English', async () => {
    const terminal = await pairRatingTerminal(s, 'w1');
    const { ticketId } = await serveOne(s, 1, 'w1');
    const { url } = (await terminalLink(s, terminal.token, ticketId)).body;
    const [body, mac] = (url.split('/v/')[1] ?? '').split('.');
    const otherTicket = Buffer.from(JSON.stringify(['2026-11-26/К-099', Date.now() * 2])).toString('base64url');
    for (const forged of [`${otherTicket}.${mac}`, `${body}.${'A'.repeat(22)}`, 'garbage']) {
      const r = await http(`${s.url}/v/${forged}`);
      expect([r.status, codeOf(r.text)]).toEqual([403, 'RATING_LINK_INVALID']);
      expect(r.text).toContain('Ссылка для оценки недействительна');
      const en = await http(`${s.url}/v/${forged}?lang=en`);
      expect(en.text).toContain('This rating link is not valid');
      const post = await http(`${s.url}/v/${forged}`, { form: { score: '1' } });
      expect(post.status).toBe(403);
    }
    expect((await http(url)).status).toBe(200);
    s.clock.advance(24 * 3600_000 + 60_000);
    const late = await http(url);
    expect([late.status, codeOf(late.text)]).toEqual([410, 'RATING_LINK_EXPIRED']);
    const latePost = await http(url, { form: { score: '5' } });
    expect(latePost.status).toBe(410);
    expect(s.store.ratings({})).toEqual([]);
  });

  it('rates from the phone with reasons and a complaint; a complaint without contact is kept but not actionable', async () => {
    const terminal = await pairRatingTerminal(s, 'w1');
    const board = await s.connect('board', (await s.pair('board')).token);
    const { ticketId } = await serveOne(s, 1, 'w1');
    const { url } = (await terminalLink(s, terminal.token, ticketId)).body;
    const form = await http(url);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Оцените, пожалуйста, качество обслуживания');
    expect(form.text).toContain('Иванова Анна Сергеевна');
    const done = await http(url, {
      form: {
        score: '1',
        reason: ['impolite', 'not-resolved'],
        type: 'complaint',
        text: 'Нагрубили и не помогли',
        contact: '',
      },
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('data-testid="rating-thanks"');
    expect(done.text).toContain('data-testid="rating-anonymous"');
    const admin = await s.login('admin', 'admin-talon');
    const reg = await http<{ ratings: unknown[]; feedback: unknown[] }>(
      `${s.url}/api/rating/feedback?from=2026-11-26`,
      {
        token: admin.token,
      },
    );
    expect(reg.body.ratings).toEqual([expect.objectContaining({ ticketId, score: 1, channel: 'qr' })]);
    expect(reg.body.feedback).toEqual([
      expect.objectContaining({
        type: 'complaint',
        text: 'Нагрубили и не помогли',
        actionable: false,
        ticketId,
        operatorId: 'op1',
      }),
    ]);
    expect(reg.body.feedback[0]).not.toHaveProperty('contact');
    // the hall board sees that feedback arrived, never what it says
    await board.until(() => board.events.some((e) => e.type === 'FeedbackReceived'));
    const seen = board.events.find(
      (e): e is Extract<StoredEvent, { type: 'FeedbackReceived' }> => e.type === 'FeedbackReceived',
    );
    expect(seen).not.toHaveProperty('text');
    const op = await s.login('operator1', 'talon1');
    expect((await http(`${s.url}/api/rating/feedback`, { token: op.token })).status).toBe(403);
  });

  it('the desk link rates the latest visit at that desk, once, and the desk card is a PDF with that link', async () => {
    const { token } = await serveOne(s, 1, 'w1');
    const desk = await deskLink(s, token);
    expect(desk).toMatchObject({ operatorId: 'op1', windowId: 'w1', name: 'Иванова Анна Сергеевна', label: 'Окно 1' });
    expect((await deskLink(s, token)).url).toBe(desk.url); // stable: the printed card keeps working
    const page = await http(desk.url);
    expect(page.status).toBe(200);
    const action = /action="([^"]+)"/.exec(page.text)?.[1]?.replace(/&#38;/g, '&') ?? '';
    expect(action).toMatch(/via=desk/);
    expect((await http(`${s.url}${action}`, { form: { score: '5' } })).status).toBe(200);
    expect(s.store.ratings({})[0]).toMatchObject({ channel: 'desk', score: 5, operatorId: 'op1' });
    expect(codeOf((await http(desk.url)).text)).toBe('RATING_ALREADY_GIVEN');
    s.clock.advance(31 * 60_000);
    expect(codeOf((await http(desk.url)).text)).toBe('RATING_NO_RECENT_VISIT');

    const pdf = await fetch(`${s.url}/api/rating/desk-card.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = bytes.toString('latin1');
    expect(text).toContain('DejaVuSans'); // the embedded Cyrillic font
    expect(text).toContain(`/URI (${desk.url})`);
  });
});

describe('the operator’s day and restarts', () => {
  it('counts served visits, average service time and ratings; ratings and refusals survive a restart', async () => {
    const terminal = await pairRatingTerminal(s, 'w1');
    const a = await serveOne(s, 1, 'w1', 4);
    await http(`${s.url}/api/rating/terminal/rate`, {
      token: terminal.token,
      body: { ticketId: a.ticketId, score: 4 },
    });
    const b = await serveOne(s, 1, 'w1', 10);
    const { url } = (await terminalLink(s, terminal.token, b.ticketId)).body;
    const day = await http<OperatorDay>(`${s.url}/api/operator/day`, { token: a.token });
    expect(day.body).toMatchObject({
      operatorId: 'op1',
      dayKey: '2026-11-26',
      served: 2,
      avgServiceSec: 420,
      withinServiceNorm: 1,
      ratings: { count: 1, average: 4, byScore: [0, 0, 0, 1, 0] },
    });

    await s.close();
    const again = await startServer({
      dataDir: s.dataDir,
      clock: s.clock,
      tickMs: 0,
      initialConfig: rosatomDemoOffice(),
    });
    try {
      // same secret, same state: the link still works, the rated visit stays rated
      expect((await http(again.url + new URL(url).pathname)).status).toBe(200);
      expect(again.office.view().recentVisits?.[a.ticketId]?.score).toBe(4);
      expect(again.store.ratings({}).length).toBe(1);
    } finally {
      await again.close();
      s.close = async () => {};
    }
  });
});
