import type { AnnouncementRecord, BoardSummary } from '@talon/protocol';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AudioLogEntry } from '../../display-board/src/announce/player.js';

/**
 * Counts media elements that are sounding at the same time (`window.__audioMax`), by watching every
 * element the page plays — including the detached `new Audio()` ones whose events never reach the DOM.
 */
export const AUDIO_PROBE = `(() => {
  let playing = 0;
  window.__audioMax = 0;
  const tracked = new WeakSet();
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    if (!tracked.has(this)) {
      tracked.add(this);
      let on = false;
      this.addEventListener('playing', () => {
        if (on) return;
        on = true;
        playing++;
        window.__audioMax = Math.max(window.__audioMax, playing);
      });
      const off = () => { if (on) { on = false; playing--; } };
      for (const e of ['pause', 'ended', 'emptied', 'error']) this.addEventListener(e, off);
    }
    return play.call(this);
  };
})();`;

/**
 * Chromium's headless shell plays sound whatever --autoplay-policy says, so the policy of a desktop
 * Chromium without the flag is reproduced here: play() is refused until the page has had a real
 * input event (trusted pointer, touch or key). `navigator.userActivation` cannot serve, because
 * Playwright's `page.evaluate` runs as a user gesture.
 */
export const AUTOPLAY_POLICY = `(() => {
  let gesture = false;
  for (const type of ['pointerdown', 'touchstart', 'keydown', 'mousedown'])
    window.addEventListener(type, (e) => { if (e.isTrusted) gesture = true; }, true);
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    if (!gesture)
      return Promise.reject(new DOMException("play() failed because the user didn't interact with the document first.", 'NotAllowedError'));
    return play.call(this);
  };
})();`;

export interface BoardPage {
  name: string;
  ctx: BrowserContext;
  page: Page;
  deviceId: string;
  /** Paths of the voice files the page fetched. */
  requests: string[];
  log(): Promise<AudioLogEntry[]>;
  maxConcurrentAudio(): Promise<number>;
}

async function api<T>(url: string, method: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const announcements = (url: string, admin: string) =>
  api<AnnouncementRecord[]>(`${url}/api/announcements?limit=100`, 'GET', admin);

export const setBoardSettings = (url: string, admin: string, deviceId: string, settings: unknown) =>
  api<BoardSummary>(`${url}/api/boards/${deviceId}/settings`, 'PUT', admin, settings);

/** A board paired through its real pairing link (`/board/?pair=CODE`), in a browser context of its own. */
export async function openBoard(
  browser: Browser,
  url: string,
  admin: string,
  name: string,
  viewport: { width: number; height: number },
  opts: { autoplayPolicy?: boolean; initScripts?: string[] } = {},
): Promise<BoardPage> {
  const { code } = await api<{ code: string }>(`${url}/api/devices/pairing-codes`, 'POST', admin, {
    role: 'board',
    name,
  });
  const ctx = await browser.newContext({ viewport, locale: 'ru-RU', hasTouch: true });
  await ctx.addInitScript(AUDIO_PROBE);
  if (opts.autoplayPolicy) await ctx.addInitScript(AUTOPLAY_POLICY);
  for (const script of opts.initScripts ?? []) await ctx.addInitScript(script);
  const page = await ctx.newPage();
  const requests: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/voice/')) requests.push(path);
  });
  await page.goto(`${url}/board/?pair=${code}`);
  await page.getByTestId('board').waitFor({ timeout: 15_000 });
  const boards = await api<BoardSummary[]>(`${url}/api/boards`, 'GET', admin);
  const deviceId = boards.find((b) => b.name === name)?.deviceId;
  if (!deviceId) throw new Error(`board ${name} did not pair`);
  return {
    name,
    ctx,
    page,
    deviceId,
    requests,
    log: () => page.evaluate(() => window.__talonAudioLog ?? []),
    maxConcurrentAudio: () => page.evaluate(() => (window as unknown as { __audioMax: number }).__audioMax),
  };
}

/** The page's log entry for a ticket number (the n-th announcement of it). */
export async function entryFor(b: BoardPage, number: string, nth = 0): Promise<AudioLogEntry | undefined> {
  return (await b.log()).filter((e) => e.number === number)[nth];
}
