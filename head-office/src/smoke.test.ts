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
});
