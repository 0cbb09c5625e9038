import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHeadOffice, type TestHeadOffice } from './testing.js';

describe('head office process', () => {
  let t: TestHeadOffice;
  beforeAll(async () => {
    t = await startTestHeadOffice();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers health with its database', async () => {
    const r = await fetch(`${t.url}/api/health`);
    expect(await r.json()).toMatchObject({ ok: true, db: true });
  });

  it('refuses an office push without a valid key and stores nothing', async () => {
    const r = await fetch(`${t.url}/api/sync/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: JSON.stringify({ officeLastSeq: 0, events: [] }),
    });
    expect(r.status).toBe(401);
    expect((await r.json()).error.code).toBe('OFFICE_KEY_INVALID');
  });

  it("sends the office server's security headers on every answer: the screen, the API, a refusal, a 404", async () => {
    for (const [path, status] of [
      ['/', 200],
      ['/api/health', 200],
      ['/api/hq/offices', 401],
      ['/api/no-such-route', 404],
    ] as const) {
      const r = await fetch(`${t.url}${path}`);
      expect(r.status, path).toBe(status);
      expect(r.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(r.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});
