import { loadOrCreateSecret, verifyVisitToken } from '@talon/server/links';
import jsQR from 'jsqr';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { kioskDeviceId, openKiosk, requireKioskBuild } from './kiosk-support.js';

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  requireKioskBuild();
  s = await startTestServer({ server: { printing: { virtualPrinter: true, printerPollMs: 0 } } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const vp = () => {
  if (!s.virtualPrinter) throw new Error('the test server has no virtual printer');
  return s.virtualPrinter;
};

describe('kiosk → printed ticket, in real Chromium', () => {
  it('walks the menu, types an account on the keypad, gets a ticket; the printer has it in Cyrillic with the visit link', async () => {
    // An estimate needs someone at a window who serves the ticket.
    const op = await s.login('operator5', 'talon5');
    await s.command(op.token, { type: 'operatorLogin', windowId: 'w5' });
    const kiosk = await openKiosk(browser, s);
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-billing').click();
    // this topic asks for the account number: optional, shown only to the operator
    for (const d of '1234567') await kiosk.getByTestId(`keypad-${d}`).click();
    await kiosk.getByTestId('keypad-erase').click();
    await kiosk.getByTestId('keypad-8').click();
    expect(await kiosk.getByTestId('visitor-data-value').textContent()).toBe('1234568');
    await kiosk.getByTestId('visitor-data-continue').click();

    const number = kiosk.getByTestId('kiosk-ticket-number');
    await expect.poll(() => number.textContent(), { timeout: 10_000 }).toBe('К-001');
    expect(await kiosk.getByTestId('kiosk-service').textContent()).toContain('Консультация');
    expect(await kiosk.getByTestId('kiosk-people-ahead').getAttribute('data-count')).toBe('0');
    expect(await kiosk.getByTestId('kiosk-estimate').textContent()).toMatch(
      /≈\s\d+(\u2060–\u2060\d+)?\sмин|около минуты/,
    );
    const status = kiosk.getByTestId('kiosk-print-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('printed');
    expect(await status.textContent()).toContain('Возьмите, пожалуйста, талон');

    const t = await vp().waitForTicket((x) => x.lines.includes('К-001'));
    expect(t.lines).toContain('Консультация');
    expect(t.lines).toContain('Добро пожаловать!');
    expect(t.lines).toContain('Перед вами никого нет');
    expect(t.lines.some((l) => /^Ожидание: /.test(l))).toBe(true);
    // 152-ФЗ: the account typed at the kiosk reaches the operator, never the paper
    expect(t.lines.join('\n')).not.toContain('1234568');
    const ticket = Object.values(s.office.view().tickets).find((x) => x.number === 'К-001');
    expect(ticket?.visitorData).toEqual({ account: '1234568' });

    // the QR as printed (native GS ( k, drawn dot by dot) decodes to the visit's signed link
    const png = PNG.sync.read(vp().png(t.index) ?? Buffer.alloc(0));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    expect(decoded).toBe(t.qr[0]);
    expect(decoded?.startsWith(`${s.url}/v/`)).toBe(true);
    const claim = verifyVisitToken(loadOrCreateSecret(s.dataDir), decoded?.split('/v/')[1] ?? '', s.clock.now());
    expect(claim).toMatchObject({ ok: true, claim: { ticketId: ticket?.id } });

    // the demo's page of printed tickets shows it as the paper would look
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await page.goto(`${s.url}/printer/`);
    const img = page.locator(`[data-testid="printed-ticket"][data-index="${t.index}"] img`);
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(608);
  });

  it('paper out: the kiosk says so up front, still shows the number, and the printer device is in error', async () => {
    vp().setState({ paperOut: true });
    await s.printing.pollAll();
    const kiosk = await openKiosk(browser, s, 'Киоск 2');
    await kiosk.getByTestId('kiosk-printer-down').waitFor({ timeout: 10_000 });
    const printedBefore = vp().tickets.length;
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-payment').click();
    await expect.poll(() => kiosk.getByTestId('kiosk-ticket-number').textContent(), { timeout: 10_000 }).toBe('О-001');
    const status = kiosk.getByTestId('kiosk-print-status');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');
    expect(await status.textContent()).toContain('Принтер сейчас недоступен');
    expect(s.office.view().tickets['2026-11-26/О-001']?.status).toBe('waiting');
    expect(vp().tickets.length).toBe(printedBefore);
    expect(s.store.findDevice('printer-virtual')).toMatchObject({ status: 'error', details: { paper: 'out' } });
    expect(s.printing.job('2026-11-26/О-001')).toMatchObject({
      status: 'failed',
      reason: 'paper-out',
      kioskId: await kioskDeviceId(kiosk),
    });

    vp().setState({ paperOut: false });
    await kiosk.getByTestId('done').click();
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-payment').click();
    await expect.poll(() => kiosk.getByTestId('kiosk-ticket-number').textContent(), { timeout: 10_000 }).toBe('О-002');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 10_000 }).toBe('printed');
    // the ticket that could not print is not printed later for nobody
    expect(
      vp()
        .tickets.flatMap((x) => x.lines)
        .filter((l) => l.startsWith('О-')),
    ).toEqual(['О-002']);
  });

  it('the hall administrator prints the ticket that did not print again, from the devices section', async () => {
    // О-001 failed for want of paper in the test above; paper is back.
    const failed = '2026-11-26/О-001';
    expect(s.printing.job(failed)?.status).toBe('failed');
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await page.goto(`${s.url}/admin/#config/devices`);
    await page.getByTestId('login').fill('admin');
    await page.getByTestId('password').fill('admin-talon');
    await page.getByTestId('login-submit').click();
    const row = page.locator('[data-testid="print-job"][data-ticket="О-001"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('data-status')).toBe('failed');
    expect(await row.textContent()).toContain('нет бумаги');
    // The hall's time (10:00 in Moscow), not the browser's zone (UTC here).
    expect(await row.locator('td').first().textContent()).toMatch(/^10:0\d/);
    await row.getByTestId('print-job-reprint').click();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('printed');
    expect(await page.getByTestId('print-jobs-note').textContent()).toContain('О-001');
    expect(
      vp()
        .tickets.flatMap((x) => x.lines)
        .filter((l) => l.startsWith('О-')),
    ).toEqual(['О-002', 'О-001']);
    await ctx.close();
  });
});
