import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TalonError } from '@talon/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../ui/src/socket.js';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The screens' one socket opener (ui/src/socket.ts) against the real server: when the server ends a
 * socket because its token no longer counts, the screen hears why once and stays closed (it shows its
 * pairing or sign-in state), instead of reconnecting in a loop with a dead token.
 */
let s: TestServer;
const saved = (globalThis as { location?: unknown }).location;
beforeAll(async () => {
  s = await startTestServer();
  // the screens open `/kiosk` relative to the page they were served from
  const url = new URL(s.url);
  (globalThis as { location?: unknown }).location = {
    protocol: url.protocol,
    host: url.host,
    hostname: url.hostname,
    port: url.port,
    href: `${s.url}/`,
  };
});
let browser: Browser | undefined;
afterAll(async () => {
  (globalThis as { location?: unknown }).location = saved;
  await browser?.close();
  await s?.stop();
});

async function until(pred: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a screen whose token ends while it is open', () => {
  it('is told why once, closes, and does not try again', async () => {
    const config = await s.login('config', 'config-talon');
    const pair = await s.pair('kiosk', 'Киоск на проверке');
    const refusals: (TalonError | undefined)[] = [];
    let connects = 0;
    const conn = connect('kiosk', pair.token, { onUnauthorized: (e) => refusals.push(e) });
    conn.socket.on('connect', () => connects++);
    await until(() => conn.socket.connected, 'the kiosk to connect');

    const res = await fetch(`${s.url}/api/devices/${pair.deviceId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    await until(() => refusals.length > 0, 'onUnauthorized');
    expect(refusals).toEqual([
      expect.objectContaining({ code: 'UNAUTHORIZED', details: { reason: 'device-unpaired' } }),
    ]);
    // longer than the opener's retry after a server-side close (1 s): nothing reconnects
    await new Promise((r) => setTimeout(r, 1800));
    expect(conn.socket.connected).toBe(false);
    expect(connects).toBe(1);
    expect(refusals).toHaveLength(1);
    expect(s.auth.sockets.held().sockets).toBe(0);
    conn.close();
  });

  it('a token refused at connect is reported with its reason and not retried', async () => {
    const refusals: (TalonError | undefined)[] = [];
    const conn = connect('operator', 'a-token-nobody-issued', { onUnauthorized: (e) => refusals.push(e) });
    await until(() => refusals.length > 0, 'onUnauthorized');
    expect(refusals[0]).toMatchObject({ code: 'UNAUTHORIZED' });
    await new Promise((r) => setTimeout(r, 1200));
    expect(refusals).toHaveLength(1);
    expect(conn.socket.connected).toBe(false);
    conn.close();
  });
});

describe('the screens in a browser', () => {
  const built = ['kiosk', 'operator-console'].every((app) => existsSync(join(REPO_ROOT, app, 'dist/index.html')));

  it('an unpaired kiosk shows its pairing screen, a disabled operator the sign-in form', async () => {
    if (!built) throw new Error('kiosk/dist and operator-console/dist are not built: run "npm run build:ui" first');
    browser = await launchBrowser();
    const config = await s.login('config', 'config-talon');
    const post = (path: string, body: unknown, method = 'POST') =>
      fetch(s.url + path, {
        method,
        headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const codeRes = await post('/api/devices/pairing-codes', { role: 'kiosk', name: 'Киоск в браузере' });
    const { code } = (await codeRes.json()) as { code: string };
    const kiosk = await (await browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
    await kiosk.goto(`${s.url}/kiosk/?pair=${code}`);
    await kiosk.getByTestId('segment-individual').waitFor({ timeout: 15_000 });
    const deviceId = await kiosk.evaluate(
      () => JSON.parse(localStorage.getItem('talon.device.kiosk') ?? '{}').deviceId as string,
    );
    expect((await post(`/api/devices/${deviceId}/revoke`, {})).status).toBe(200);
    await kiosk.getByTestId('pairing').waitFor({ timeout: 5000 });
    expect(await kiosk.evaluate(() => localStorage.getItem('talon.device.kiosk'))).toBeNull();

    s.auth.ensureUser({
      login: 'browser-op',
      name: 'Оператор',
      password: 'browser-op-1',
      roles: ['operator'],
      operatorId: 'op4',
    });
    const user = s.store.findUserByLogin('browser-op');
    const console_ = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await console_.goto(`${s.url}/operator/`);
    await console_.getByTestId('login').fill('browser-op');
    await console_.getByTestId('password').fill('browser-op-1');
    await console_.getByTestId('login-submit').click();
    await console_.getByTestId('login').waitFor({ state: 'detached', timeout: 15_000 });
    await until(() => s.auth.sockets.held().tokens >= 1, 'the console to open its socket');
    expect((await post(`/api/users/${user?.id}`, { disabled: true }, 'PATCH')).status).toBe(200);
    await console_.getByTestId('login').waitFor({ timeout: 5000 });
    // nothing tries the dead tokens again
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.auth.sockets.held()).toEqual({ tokens: 0, sockets: 0 });
  });
});
