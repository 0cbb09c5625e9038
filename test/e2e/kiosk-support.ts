import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/process.js';
import type { TestServer } from '../support/server.js';

export function requireKioskBuild() {
  if (!existsSync(join(REPO_ROOT, 'kiosk/dist/index.html')))
    throw new Error('kiosk/dist is not built: run "npm run build -w kiosk" (or "npm run build:ui") first');
}

export async function pairingCode(s: TestServer, role: 'kiosk' | 'board', name: string): Promise<string> {
  const admin = await s.login('admin', 'admin-talon');
  const res = await fetch(`${s.url}/api/devices/pairing-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ role, name }),
  });
  return ((await res.json()) as { code: string }).code;
}

/** A touch kiosk (portrait 1080 × 1920 unless `viewport` says otherwise), paired with a fresh code. */
export async function openKiosk(
  browser: Browser,
  s: TestServer,
  name = 'Киоск у входа',
  readyTestId = 'segment-individual',
  viewport = { width: 1080, height: 1920 },
): Promise<Page> {
  const ctx = await browser.newContext({ viewport, hasTouch: true, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await page.goto(`${s.url}/kiosk/?pair=${await pairingCode(s, 'kiosk', name)}`);
  await page.getByTestId(readyTestId).waitFor({ timeout: 15_000 });
  return page;
}

export async function kioskDeviceId(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('talon.device.kiosk') ?? '{}').deviceId as string);
}
