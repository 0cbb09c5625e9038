import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskSpeechUrl } from '../../server/src/announce/kiosk-voice.js';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openKiosk, requireKioskBuild } from './kiosk-support.js';

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  requireKioskBuild();
  s = await startTestServer();
  browser = await launchBrowser({ autoplay: true });
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

/** Media events do not bubble; a capturing listener on the document sees every `<audio>` the page mounts. */
async function recordPlayback(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __speech: { event: string; src: string }[] };
    w.__speech = [];
    for (const event of ['playing', 'ended', 'error'])
      document.addEventListener(
        event,
        (e) => w.__speech.push({ event, src: (e.target as HTMLAudioElement).src }),
        true,
      );
  });
}

const played = (page: Page) =>
  page.evaluate(() => (window as unknown as { __speech: { event: string; src: string }[] }).__speech);

async function takeTicket(kiosk: Page): Promise<string> {
  await kiosk.getByTestId('segment-individual').click();
  await kiosk.getByTestId('topic-personal-account').click();
  const number = kiosk.getByTestId('kiosk-ticket-number');
  await expect.poll(() => number.textContent(), { timeout: 10_000 }).toMatch(/^[А-ЯЁA-Z]-\d{3}$/);
  return (await number.textContent()) ?? '';
}

describe('the kiosk speaks its result', () => {
  it('with «Озвучивать» on, the result plays «Ваш талон …» of that ticket once; the choice survives a reload', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск с озвучиванием');
    const toggle = kiosk.getByTestId('speech-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await toggle.textContent()).toContain('Озвучивать');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    await kiosk.reload();
    await kiosk.getByTestId('segment-individual').waitFor({ timeout: 15_000 });
    expect(await kiosk.getByTestId('speech-toggle').getAttribute('aria-pressed')).toBe('true');

    await recordPlayback(kiosk);
    const number = await takeTicket(kiosk);
    const audio = kiosk.getByTestId('kiosk-speech');
    const src = await audio.evaluate((a: HTMLAudioElement) => a.src);
    expect(src).toBe(s.url + kioskSpeechUrl(number));
    await expect
      .poll(() => played(kiosk), { timeout: 10_000 })
      .toContainEqual({ event: 'playing', src: s.url + kioskSpeechUrl(number) });
    // it plays to the end, once
    await expect.poll(() => played(kiosk), { timeout: 10_000 }).toContainEqual({ event: 'ended', src });
    expect((await played(kiosk)).filter((e) => e.event === 'playing')).toHaveLength(1);
    const duration = await audio.evaluate((a: HTMLAudioElement) => a.duration);
    expect(duration).toBeGreaterThan(0.8);

    // what it played is that ticket's speech
    const res = await fetch(src);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('x-talon-segments')).toMatch(/^your talon letter-/);
  });

  it('with it off (the default), the result is silent', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск без звука');
    expect(await kiosk.getByTestId('speech-toggle').getAttribute('aria-pressed')).toBe('false');
    await recordPlayback(kiosk);
    await takeTicket(kiosk);
    expect(await kiosk.getByTestId('kiosk-speech').count()).toBe(0);
    expect(await played(kiosk)).toEqual([]);
  });
});
