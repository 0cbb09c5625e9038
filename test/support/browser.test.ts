import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumExecutable, launchBrowser } from './browser.js';

const PAGE = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>browser smoke</title></head>
  <body>
    <button id="go" type="button">Take a ticket</button>
    <span id="ru">Возьмите талон</span>
    <script>
      document.getElementById('go').addEventListener('click', (event) => {
        event.currentTarget.textContent = 'Ticket A-001';
      });
    </script>
  </body>
</html>`;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('launchBrowser', () => {
  let server: Server;
  let url: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('resolves one executable and reuses it', async () => {
    const first = await chromiumExecutable();
    expect(existsSync(first)).toBe(true);
    expect(await chromiumExecutable()).toBe(first);
  });

  it('is the Chromium of the npm package unless TALON_CHROMIUM names another', async () => {
    const path = await chromiumExecutable();
    if (process.env.TALON_CHROMIUM) expect(path).toBe(process.env.TALON_CHROMIUM);
    else expect(path).toBe(join(tmpdir(), 'chromium'));
  });

  it('clicks a button and takes a screenshot in headless Chromium', async () => {
    browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByRole('button', { name: 'Take a ticket' }).click();
    expect(await page.textContent('#go')).toBe('Ticket A-001');
    // Fonts are found (system fontconfig, or the package's fonts where a machine has none): text has width.
    expect(await page.evaluate(() => document.getElementById('ru')?.getBoundingClientRect().width)).toBeGreaterThan(40);

    const png = await page.screenshot();
    expect(png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('launches with the autoplay policy flag', async () => {
    const autoplay = await launchBrowser({ autoplay: true });
    try {
      expect(autoplay.version()).toMatch(/^\d+\./);
    } finally {
      await autoplay.close();
    }
  });
});
