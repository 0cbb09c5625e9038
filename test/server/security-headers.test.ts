import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTES, type RouteDef, type RouteName, routePath } from '@talon/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOne, terminalLink } from '../rating/support.js';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** What every answer carries (server/src/edge/security-headers.ts), checked by meaning, not by copy. */
function expectSecure(headers: Headers, what: string) {
  const csp = headers.get('content-security-policy') ?? '';
  const directive = (name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `));
  expect(directive('script-src'), `${what}: script-src`).toBe("script-src 'self'");
  expect(directive('frame-ancestors'), `${what}: frame-ancestors`).toBe("frame-ancestors 'none'");
  expect(directive('object-src'), `${what}: object-src`).toBe("object-src 'none'");
  expect(directive('default-src'), `${what}: default-src`).toBe("default-src 'self'");
  expect(headers.get('x-frame-options'), what).toBe('DENY');
  expect(headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(headers.get('referrer-policy'), what).toBe('no-referrer');
  expect(headers.get('cross-origin-opener-policy'), what).toBe('same-origin');
}

const SCREENS = [
  ['kiosk', 'kiosk'],
  ['board', 'display-board'],
  ['operator', 'operator-console'],
  ['admin', 'admin'],
  ['rating', 'rating-terminal'],
] as const;

let s: TestServer;
let admin: string;

beforeAll(async () => {
  s = await startTestServer({
    server: {
      printing: { virtualPrinter: true, printerPollMs: 0 },
      windowDisplays: { buses: [{ id: 'hall', port: 'virtual', replyTimeoutMs: 200 }] },
      // one ticket per kiosk, then a long wait: the kiosk's polite refusal is part of the tour below
      rateLimits: { limits: { tickets: { burst: 1, everyMs: 30_000 } } },
    },
  });
  admin = (await s.login('admin', 'admin-talon')).token;
});
afterAll(async () => {
  await s?.stop();
});

describe('security headers', () => {
  it('on every route of the table, for anyone and for an administrator, whatever the answer', async () => {
    const names = Object.keys(ROUTES) as RouteName[];
    const statuses = new Set<number>();
    for (const name of names) {
      const def: RouteDef = ROUTES[name];
      const params = Object.fromEntries([...def.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, p]) => [p, 'no-such-x']));
      const url = `${s.url}${routePath(def, params)}`;
      for (const token of [undefined, admin]) {
        // only reads as the administrator: a write with an empty body changes nothing, but is not needed
        if (token && def.method !== 'GET') continue;
        const res = await fetch(url, {
          method: def.method,
          redirect: 'manual',
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(def.method === 'GET' ? {} : { 'content-type': 'application/json' }),
          },
          ...(def.method === 'GET' ? {} : { body: '{}' }),
        });
        await res.arrayBuffer();
        statuses.add(res.status);
        expectSecure(res.headers, `${def.method} ${def.path} (${token ? 'admin' : 'anonymous'}) → ${res.status}`);
      }
    }
    // the sweep met answers of every kind: pages, files, redirects and refusals
    for (const st of [200, 302, 400, 401, 404]) expect(statuses, String(st)).toContain(st);
  });

  it('on the screens’ files, on an unknown path, on a broken body and on a refusal for too many requests', async () => {
    for (const [path, dir] of SCREENS) {
      const index = readFileSync(join(REPO_ROOT, dir, 'dist/index.html'), 'utf8');
      // the built screens have no inline script to allow
      expect(index, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const files = [`/${path}/`, ...[...index.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1] as string)];
      for (const f of files) {
        const res = await fetch(`${s.url}${f}`);
        await res.arrayBuffer();
        expect(res.status, f).toBe(200);
        expectSecure(res.headers, f);
      }
    }
    const missing = await fetch(`${s.url}/nothing/here`);
    expect(missing.status).toBe(404);
    expectSecure(missing.headers, '404');
    const broken = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"login":',
    });
    expect(broken.status).toBe(400);
    expectSecure(broken.headers, 'broken JSON');
    const kiosk = (await s.pair('kiosk', 'headers kiosk')).token;
    const ticket = { command: { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } };
    expect((await s.command(kiosk, ticket.command)).status).toBe(200);
    const limited = await fetch(`${s.url}/api/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk}` },
      body: JSON.stringify(ticket),
    });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '30']);
    expectSecure(limited.headers, '429');
  });
});

/**
 * Reports the page's CSP violations from the first byte to the test (the DOM event; Chromium's console line is
 * heard separately). Reported out of the page, so a page that reloads itself (the virtual printer's, every 5 s)
 * keeps what an earlier load saw, and reading them never races a navigation.
 */
const COLLECT = `
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__reportCsp(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
`;

describe('the screens in Chromium under the Content-Security-Policy', () => {
  let browser: Browser;
  const consoleViolations: string[] = [];
  const contexts: BrowserContext[] = [];
  const reported = new Map<Page, string[]>();

  beforeAll(async () => {
    browser = await launchBrowser({ autoplay: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });

  async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const ctx = await browser.newContext({ viewport, locale: 'ru-RU', hasTouch: true });
    contexts.push(ctx);
    await ctx.exposeBinding('__reportCsp', ({ page }, v: string) => {
      reported.set(page, [...(reported.get(page) ?? []), v]);
    });
    await ctx.addInitScript(COLLECT);
    const page = await ctx.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) consoleViolations.push(`${page.url()}: ${m.text()}`);
    });
    const res = await page.goto(url);
    expect(res?.headers()['content-security-policy'], url).toContain("script-src 'self'");
    return page;
  }

  const violations = (page: Page) => reported.get(page) ?? [];

  async function code(role: 'kiosk' | 'board' | 'wall', name: string): Promise<string> {
    const res = await fetch(`${s.url}/api/devices/pairing-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ role, name }),
    });
    return ((await res.json()) as { code: string }).code;
  }

  async function signIn(page: Page, login: string, password: string) {
    await page.getByTestId('login').fill(login);
    await page.getByTestId('password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  it('every screen loads and works with no violation; the kiosk asks politely to wait when the limit is hit', async () => {
    const pages: Page[] = [];

    const start = await open(`${s.url}/`);
    await start.getByTestId('start-kiosk').waitFor();
    pages.push(start);

    // kiosk: one ticket, then the second is refused by the rate limit and the visitor is told how long to wait
    const kiosk = await open(`${s.url}/kiosk/?pair=${await code('kiosk', 'CSP kiosk')}`, { width: 1080, height: 1920 });
    await kiosk.getByTestId('segment-individual').waitFor({ timeout: 15_000 });
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-personal-account').click();
    await kiosk.getByTestId('kiosk-ticket-number').waitFor({ timeout: 10_000 });
    await kiosk.getByTestId('done').click();
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-personal-account').click();
    const refusal = kiosk.getByTestId('kiosk-message');
    await refusal.waitFor({ timeout: 10_000 });
    expect(await refusal.getAttribute('data-code')).toBe('TOO_MANY_REQUESTS');
    expect(await refusal.textContent()).toBe('Слишком много запросов. Подождите 30 с и попробуйте снова');
    pages.push(kiosk);

    // the virtual printer's page: its switches work with the kiosk paired in this browser
    const printer = await kiosk.context().newPage();
    await printer.goto(`${s.url}/printer/`);
    const paperOut = printer.locator('input[data-key="paperOut"]');
    await expect.poll(() => paperOut.isEnabled()).toBe(true);
    await paperOut.check();
    await expect.poll(() => s.virtualPrinter?.state.paperOut).toBe(true);
    await paperOut.uncheck();
    await expect.poll(() => s.virtualPrinter?.state.paperOut).toBe(false);
    pages.push(printer);
    // … and stay off in a browser where no kiosk is paired
    const stranger = await open(`${s.url}/printer/`);
    await stranger.getByTestId('printer-no-kiosk').waitFor({ state: 'visible' });
    expect(await stranger.locator('input[data-key="paperOut"]').isDisabled()).toBe(true);
    pages.push(stranger);

    // the board, then a call it shows and announces (voice files, the audio unlock's data: WAV)
    const board = await open(`${s.url}/board/?pair=${await code('board', 'CSP board')}`, { width: 1920, height: 1080 });
    await board.getByTestId('board').waitFor({ timeout: 15_000 });
    pages.push(board);

    // the rating terminal at window 1, and a visit served there: the phone's rating page and its script
    const made = await fetch(`${s.url}/api/rating/pairing-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ windowId: 'w1' }),
    });
    const rating = await open(`${s.url}/rating/?pair=${((await made.json()) as { code: string }).code}`, {
      width: 1280,
      height: 800,
    });
    await rating.getByTestId('rating-idle').waitFor({ timeout: 15_000 });
    pages.push(rating);
    const terminalToken = await rating.evaluate(
      () => JSON.parse(localStorage.getItem('talon.device.rating') ?? '{}').token as string,
    );
    // (the visit served is the oldest waiting ticket, whichever that is: the terminal's latest visit)
    const { token: op1 } = await serveOne(s, 1, 'w1');
    const link = await terminalLink(s, terminalToken);
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    const { url } = link.body;
    const phone = await open(url, { width: 390, height: 844 });
    const reasons = phone.locator('#reasons');
    // the form's script (a file now) asks for reasons only after a low mark
    await expect.poll(() => reasons.isHidden()).toBe(true);
    await phone.getByText('2', { exact: true }).first().tap();
    await expect.poll(() => reasons.isVisible()).toBe(true);
    await phone.getByText('5', { exact: true }).first().tap();
    await expect.poll(() => reasons.isHidden()).toBe(true);
    pages.push(phone);

    // the operator console, signed in
    const operator = await open(`${s.url}/operator/`, { width: 1366, height: 768 });
    await signIn(operator, 'operator2', 'talon2');
    await operator.getByTestId('window-w2').click();
    await operator.getByTestId('console-status').waitFor({ timeout: 15_000 });
    pages.push(operator);

    // the administrator: every page of the screen
    const adminPage = await open(`${s.url}/admin/`);
    await signIn(adminPage, 'admin', 'admin-talon');
    await adminPage.getByTestId('admin-user').waitFor({ timeout: 15_000 });
    for (const p of ['alarms', 'config', 'reports', 'staffing', 'monitor']) {
      await adminPage.getByTestId(`nav-${p}`).click();
      await adminPage.waitForLoadState('networkidle');
    }
    await adminPage.getByTestId('staffing').count();
    pages.push(adminPage);

    // the wall screen, paired as a device
    const wall = await open(`${s.url}/admin/?pair=${await code('wall', 'CSP wall')}#wall`, {
      width: 1920,
      height: 1080,
    });
    await wall.locator('[data-testid="wall"][data-device="wall"]').waitFor({ timeout: 15_000 });
    pages.push(wall);

    // a call reaches the board while everything is open
    const visitor = (await s.pair('kiosk', 'CSP kiosk 2')).token;
    expect(
      (await s.command(visitor, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' })).status,
    ).toBe(200);
    expect((await s.command(op1, { type: 'callNext' })).status).toBe(200);
    await board.getByTestId('board-call').first().waitFor({ timeout: 15_000 });

    for (const p of pages) expect(violations(p), p.url()).toEqual([]);
    expect(consoleViolations).toEqual([]);

    // the collector hears a violation: an inline script the policy refuses
    await start.evaluate(() => {
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true';
      document.body.append(inline);
    });
    await expect.poll(() => violations(start).join()).toContain('script-src');
    expect(await start.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  });
});
