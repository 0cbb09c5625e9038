import type { PairResponse } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

describe('the demo start page', () => {
  it('links every screen; each link opens, and each device link pairs its device once', async () => {
    const html = await (await fetch(`${s.url}/`)).text();
    const links = new Map(
      [...html.matchAll(/data-testid="start-([a-z]+)" href="([^"]+)"/g)].map((m) => [
        m[1],
        m[2]?.replace(/&#38;/g, '&'),
      ]),
    );
    expect([...links.keys()].sort()).toEqual(
      ['admin', 'board', 'book', 'health', 'kiosk', 'operator', 'rating', 'take', 'wall'].sort(),
    );
    for (const [id, href] of links) {
      const res = await fetch(`${s.url}${href}`);
      expect(res.status, `${id}: ${href}`).toBe(200);
    }
    // The device links carry one-time pairing codes for the right kind of device.
    const roles: Record<string, string> = { kiosk: 'kiosk', board: 'board', rating: 'rating', wall: 'wall' };
    for (const [id, role] of Object.entries(roles)) {
      const code = new URL(links.get(id) ?? '', s.url).searchParams.get('pair') ?? '';
      const pair = async () =>
        fetch(`${s.url}/api/devices/pair`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        });
      const first = await pair();
      expect(first.status, id).toBe(200);
      expect(((await first.json()) as PairResponse).role).toBe(role);
      expect((await pair()).status, `${id} code used twice`).toBe(401);
    }
    expect(links.get('wall')).toMatch(/^\/admin\/\?pair=[^#]+#wall$/);
    // Demo logins are printed on the page.
    expect(html).toContain('operator1');
    expect(html).toContain('admin-talon');
  });
});
