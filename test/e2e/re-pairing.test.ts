import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A device screen paired again in the same browser (a technician re-pairs a kiosk, the board after a
 * reinstall, a rating tablet moved to another window). Pairing again replaces the old device on the
 * server, so everything the page was still doing with the old token is refused: its socket hears «access
 * ended», its requests get 401. Those refusals concern the old token and must not unpair the new one.
 *
 * The race is made certain instead of left to the machine's load: every request the page sends with the
 * old token is held back until the new pairing has been answered, so its refusal arrives last.
 */

let s: TestServer;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  s = await startTestServer();
  browser = await launchBrowser();
  admin = (await s.login('admin', 'admin-talon')).token;
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function post<T>(path: string, body: unknown): Promise<T> {
  const r = await fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify(body),
  });
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

interface Screen {
  /** The key under which the screen keeps its pairing (`talon.device.<app>`). */
  app: string;
  path: string;
  /** What the screen shows once paired and up. */
  up: string;
  code: () => Promise<string>;
}

const deviceCode = (role: string, name: string) => async () =>
  (await post<{ code: string }>('/api/devices/pairing-codes', { role, name })).code;

const SCREENS: Screen[] = [
  {
    app: 'kiosk',
    path: '/kiosk/',
    up: '[data-testid^="segment-"], [data-testid^="topic-"]',
    code: deviceCode('kiosk', 'Киоск у входа'),
  },
  { app: 'board', path: '/board/', up: '[data-testid="board"]', code: deviceCode('board', 'Табло в зале') },
  {
    app: 'rating',
    path: '/rating/',
    up: '[data-testid="rating-idle"], [data-testid="rating-thanks"], [data-testid="rating-prompt"]',
    code: async () => (await post<{ code: string }>('/api/rating/pairing-codes', { windowId: 'w1' })).code,
  },
  { app: 'wall', path: '/admin/#wall', up: '[data-testid="wall"]', code: deviceCode('wall', 'Экран на стене') },
];

const stored = (page: Page, app: string) =>
  page.evaluate((key) => {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as { token: string; deviceId: string }) : null;
  }, `talon.device.${app}`);

/** The address with `?pair=CODE` before any hash (`/admin/?pair=…#wall`). */
function pairingUrl(path: string, code: string): string {
  const [base, hash] = path.split('#');
  return `${s.url}${base}?pair=${code}${hash ? `#${hash}` : ''}`;
}

describe('a device screen paired again in the same browser keeps its new pairing', () => {
  for (const screen of SCREENS) {
    it(`${screen.app}: the old token's late refusals do not unpair it`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1024 }, locale: 'ru-RU' });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      try {
        await page.goto(pairingUrl(screen.path, await screen.code()));
        await page.locator(screen.up).first().waitFor();
        const first = await stored(page, screen.app);
        expect(first?.token).toBeTruthy();

        // hold back whatever the page asks with the old token until the new pairing has come back
        let paired!: () => void;
        const pairedBack = new Promise<void>((resolve) => {
          paired = resolve;
        });
        let held = 0;
        await page.route('**/api/**', async (route) => {
          const auth = route.request().headers().authorization;
          if (auth === `Bearer ${first?.token}`) {
            held++;
            await pairedBack;
          }
          await route.continue();
        });
        page.on('response', (r) => {
          if (r.url().includes('/api/devices/pair') && r.request().method() === 'POST') paired();
        });

        await page.goto(pairingUrl(screen.path, await screen.code()));
        await pairedBack;
        await page.locator(screen.up).first().waitFor();
        // the refusals of the old token have all arrived by now, and the screen kept the new pairing
        await page.waitForTimeout(1500);
        const second = await stored(page, screen.app);
        expect(second?.token).toBeTruthy();
        expect(second?.token).not.toBe(first?.token);
        expect(await page.getByTestId('pairing').count()).toBe(0);
        await page.locator(screen.up).first().waitFor();

        // the server agrees: the new device is the one online, the old one is gone from the list
        const devices = (await (
          await fetch(`${s.url}/api/devices`, { headers: { authorization: `Bearer ${admin}` } })
        ).json()) as { deviceId: string }[];
        const ids = devices.map((d) => d.deviceId);
        expect(ids).toContain(second?.deviceId);
        expect(ids).not.toContain(first?.deviceId);

        // and after a reload it is still paired, with the same token
        await page.unroute('**/api/**');
        await page.reload();
        await page.locator(screen.up).first().waitFor();
        expect((await stored(page, screen.app))?.token).toBe(second?.token);
        // the rating screen asks the server at once with its token, so a refusal is certain to come
        if (screen.app === 'rating') expect(held).toBeGreaterThan(0);
      } finally {
        await context.close();
      }
    });
  }

  it('two tabs of one screen: the tab left behind is told «access ended» late, and carries on as the new device', async () => {
    const screen = SCREENS.find((x) => x.app === 'rating') as Screen;
    const context = await browser.newContext({ viewport: { width: 1280, height: 1024 }, locale: 'ru-RU' });
    try {
      const old = await context.newPage();
      old.setDefaultTimeout(20_000);
      // what the server says to the old tab is held back while `holding`, then delivered in order
      let holding = false;
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let heldFrames = 0;
      await old.routeWebSocket(/\/socket\.io\//, (ws) => {
        const server = ws.connectToServer();
        let chain = Promise.resolve();
        server.onMessage((m) => {
          if (holding) heldFrames++;
          const later = holding;
          chain = chain.then(async () => {
            if (later) await released;
            ws.send(m);
          });
        });
        ws.onMessage((m) => server.send(m));
      });
      await old.route('**/api/**', async (route) => {
        if (holding) await released;
        await route.continue();
      });
      await old.goto(pairingUrl(screen.path, await screen.code()));
      await old.locator(screen.up).first().waitFor();
      const first = await stored(old, screen.app);

      holding = true;
      const tab = await context.newPage();
      tab.setDefaultTimeout(20_000);
      await tab.goto(pairingUrl(screen.path, await screen.code()));
      await tab.locator(screen.up).first().waitFor();
      const second = await stored(tab, screen.app);
      expect(second?.token).not.toBe(first?.token);

      // now the old tab hears that its device was replaced, after the new token is stored: it carries on
      // as the device this browser is now (connected again), and the new pairing stays
      release();
      await expect.poll(() => heldFrames).toBeGreaterThan(0);
      await old.waitForTimeout(1500);
      expect(await old.getByTestId('pairing').count()).toBe(0);
      await old.locator(screen.up).first().waitFor();
      await old.getByTestId('connection-banner').waitFor({ state: 'detached' });
      expect((await stored(tab, screen.app))?.token).toBe(second?.token);
      await tab.reload();
      await tab.locator(screen.up).first().waitFor();
      expect((await stored(tab, screen.app))?.token).toBe(second?.token);
    } finally {
      await context.close();
    }
  });
});
