import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hall } from '../announce/support.js';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { announcements, type BoardPage, entryFor, openBoard, setBoardSettings } from './board-support.js';

let s: TestServer;
let browser: Browser;
let h: Awaited<ReturnType<typeof hall>>;
let wide: BoardPage;
let tall: BoardPage;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'display-board/dist/index.html')))
    throw new Error('display-board/dist is not built: run "npm run build:ui" first');
  s = await startTestServer();
  browser = await launchBrowser({ autoplay: true });
  h = await hall(s, { operator1: 'w1', operator2: 'w2', operator5: 'w5' });
  wide = await openBoard(browser, s.url, h.admin, 'Табло у входа', { width: 1920, height: 1080 });
  tall = await openBoard(browser, s.url, h.admin, 'Табло у касс', { width: 1080, height: 1920 });
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const call = (b: BoardPage, number: string) => b.page.locator(`[data-testid="board-call"][data-number="${number}"]`);

describe('hall boards in real Chromium', () => {
  it('lays out 1920×1080 and 1080×1920 boards with the office, clock, waiting counts and the information line', async () => {
    for (const b of [wide, tall]) {
      await expect.poll(() => b.page.getByTestId('board').getAttribute('data-sound')).toBe('ready');
      expect(await b.page.getByTestId('board-office').textContent()).toContain('ЦОК «Тверской»');
      expect(await b.page.getByTestId('board-clock').textContent()).toBe('10:00');
      expect(await b.page.getByTestId('board-date').textContent()).toBe('четверг, 26 ноября');
      const info = (await b.page.getByTestId('board-info-item').allTextContents()).join(' | ');
      expect(info).toContain('Показания приборов учёта можно передать');
      expect(info).toContain('Обращения, претензии и жалобы');
      expect(info).toContain('тарифы');
      expect(info).toContain('Часы приёма: пн–пт 08:00–20:00, сб 09:00–14:00, вс — выходной');
    }
    expect(await wide.page.getByTestId('board').getAttribute('data-layout')).toBe('landscape');
    expect(await tall.page.getByTestId('board').getAttribute('data-layout')).toBe('portrait');

    await h.issue('billing');
    await h.issue('billing');
    await h.issue('payment');
    const waiting = (b: BoardPage, service: string) =>
      b.page.locator(`[data-testid="board-waiting-item"][data-service="${service}"]`).getAttribute('data-count');
    await expect.poll(() => waiting(wide, 'consult')).toBe('2');
    await expect.poll(() => waiting(tall, 'cash')).toBe('1');
  });

  it('shows an operator’s call on both boards, and each fetches, plays and reports the right audio', async () => {
    await h.call('operator1');
    for (const b of [wide, tall]) {
      await call(b, 'К-001').first().waitFor({ timeout: 10_000 });
      expect(await call(b, 'К-001').getAttribute('data-latest')).toBe('true');
      expect(await call(b, 'К-001').getAttribute('data-window')).toBe('1');
    }
    const [ann] = await announcements(s.url, h.admin);
    expect(ann).toMatchObject({ number: 'К-001', kind: 'call', speech: 'Талон ка один, окно один' });
    for (const b of [wide, tall]) {
      await expect.poll(async () => (await entryFor(b, 'К-001'))?.status, { timeout: 15_000 }).toBe('played');
      const e = await entryFor(b, 'К-001');
      expect(e?.url).toBe(ann?.audioUrl);
      expect(b.requests).toContain(ann?.audioUrl);
      // it played to the end, not cut short
      expect((e?.endedAt ?? 0) - (e?.startedAt ?? 0)).toBeGreaterThan((ann?.durationMs ?? 0) * 0.5);
    }
    await expect
      .poll(async () => (await announcements(s.url, h.admin))[0]?.plays.map((p) => p.status))
      .toEqual(['played', 'played']);
    const plays = (await announcements(s.url, h.admin))[0]?.plays ?? [];
    expect(plays.map((p) => p.deviceId).sort()).toEqual([wide.deviceId, tall.deviceId].sort());
    for (const p of plays) expect(p.endedAt).toBeGreaterThan(p.startedAt ?? Number.POSITIVE_INFINITY);
  });

  it('repeats the announcement on a recall and blinks the call again', async () => {
    s.clock.advance(16_000);
    await h.command('operator1', { type: 'recall' });
    for (const b of [wide, tall]) {
      await expect.poll(() => call(b, 'К-001').getAttribute('data-blinking'), { timeout: 10_000 }).toBe('true');
      await expect.poll(async () => (await entryFor(b, 'К-001', 1))?.status, { timeout: 15_000 }).toBe('played');
      const [first, second] = [await entryFor(b, 'К-001', 0), await entryFor(b, 'К-001', 1)];
      expect(second).toMatchObject({ kind: 'recall', url: first?.url });
    }
  });

  it('queues two calls made at the same moment: one after the other on every board, never together', async () => {
    await h.command('operator1', { type: 'startService' });
    await h.command('operator1', { type: 'finishService' });
    await Promise.all([h.call('operator1'), h.call('operator2')]);
    for (const b of [wide, tall]) {
      await call(b, 'К-002').first().waitFor({ timeout: 10_000 });
      await call(b, 'О-001').first().waitFor({ timeout: 10_000 });
      await expect
        .poll(async () => [(await entryFor(b, 'К-002'))?.status, (await entryFor(b, 'О-001'))?.status], {
          timeout: 20_000,
        })
        .toEqual(['played', 'played']);
      const pair = [await entryFor(b, 'К-002'), await entryFor(b, 'О-001')].sort(
        (x, y) => (x?.startedAt ?? 0) - (y?.startedAt ?? 0),
      );
      expect(pair[1]?.startedAt).toBeGreaterThanOrEqual(pair[0]?.endedAt ?? Number.POSITIVE_INFINITY);
      expect(await b.maxConcurrentAudio()).toBe(1);
    }
  });

  it('a zone board shows and speaks only its windows; a board with sound off stays silent', async () => {
    const right = await openBoard(browser, s.url, h.admin, 'Окна 4–6', { width: 1920, height: 1080 });
    const mute = await openBoard(browser, s.url, h.admin, 'Табло без звука', { width: 1920, height: 1080 });
    await setBoardSettings(s.url, h.admin, right.deviceId, { zoneId: 'right' });
    await setBoardSettings(s.url, h.admin, mute.deviceId, { sound: false });
    await expect.poll(() => right.page.getByTestId('board-zone').textContent()).toBe('Окна 4–6');
    await expect.poll(() => mute.page.getByTestId('board').getAttribute('data-sound')).toBe('off');
    // earlier calls to windows 1 and 2 are not this zone's
    expect(await right.page.getByTestId('board-call').count()).toBe(0);

    await h.issue('billing');
    await h.call('operator5');
    await call(right, 'К-003').first().waitFor({ timeout: 10_000 });
    await call(mute, 'К-003').first().waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await entryFor(right, 'К-003'))?.status, { timeout: 15_000 }).toBe('played');
    expect((await right.log()).map((e) => e.number)).toEqual(['К-003']);
    expect(await right.page.locator('[data-testid="board-call"][data-window="1"]').count()).toBe(0);
    expect(mute.requests).toEqual([]);
    expect(await mute.log()).toEqual([]);
    await right.ctx.close();
    await mute.ctx.close();
  });

  it('without the autoplay flag the board asks for one touch, says why, and speaks after it', async () => {
    const locked = await openBoard(
      browser,
      s.url,
      h.admin,
      'Табло без жеста',
      { width: 1920, height: 1080 },
      {
        autoplayPolicy: true,
      },
    );
    const prompt = locked.page.getByTestId('sound-prompt');
    await prompt.waitFor({ timeout: 10_000 });
    expect(await prompt.textContent()).toContain('Коснитесь экрана один раз, чтобы включить звук');
    expect(await locked.page.getByTestId('board').getAttribute('data-sound')).toBe('blocked');

    await h.command('operator5', { type: 'startService' });
    await h.command('operator5', { type: 'finishService' });
    await h.issue('billing');
    await h.call('operator5');
    await expect.poll(async () => (await entryFor(locked, 'К-004'))?.status, { timeout: 15_000 }).toBe('blocked');
    await expect
      .poll(async () => {
        const rec = (await announcements(s.url, h.admin)).find((a) => a.number === 'К-004');
        return rec?.plays.find((p) => p.deviceId === locked.deviceId)?.status;
      })
      .toBe('blocked');

    await locked.page.touchscreen.tap(960, 540);
    await prompt.waitFor({ state: 'detached', timeout: 5000 });
    expect(await locked.page.getByTestId('board').getAttribute('data-sound')).toBe('ready');
    s.clock.advance(16_000);
    await h.command('operator5', { type: 'recall' });
    await expect.poll(async () => (await entryFor(locked, 'К-004', 1))?.status, { timeout: 15_000 }).toBe('played');
    await locked.ctx.close();
  });

  it('plays one at a time even if the server handed out overlapping slots', async () => {
    // fault injection: every announcement gets the same slot, so only the board's own queue keeps them apart
    const service = s.announcements as unknown as { schedule: { reserve: (h: string, now: number) => number } };
    const reserve = service.schedule.reserve;
    service.schedule.reserve = (_hall, now) => now + 150;
    try {
      for (const op of ['operator1', 'operator2']) {
        await h.command(op, { type: 'startService' });
        await h.command(op, { type: 'finishService' });
      }
      await h.issue('billing');
      await h.issue('payment');
      await Promise.all([h.call('operator1'), h.call('operator2')]);
      const [x, y] = (await announcements(s.url, h.admin)).slice(0, 2);
      expect(Math.abs((x?.playAt ?? 0) - (y?.playAt ?? 0))).toBeLessThan(x?.durationMs ?? 0);
      for (const b of [wide, tall]) {
        await expect
          .poll(async () => [(await entryFor(b, 'К-005'))?.status, (await entryFor(b, 'О-002'))?.status], {
            timeout: 20_000,
          })
          .toEqual(['played', 'played']);
        const pair = [await entryFor(b, 'К-005'), await entryFor(b, 'О-002')].sort(
          (p, q) => (p?.startedAt ?? 0) - (q?.startedAt ?? 0),
        );
        expect(pair[1]?.startedAt).toBeGreaterThanOrEqual(pair[0]?.endedAt ?? Number.POSITIVE_INFINITY);
        expect(await b.maxConcurrentAudio()).toBe(1);
      }
    } finally {
      service.schedule.reserve = reserve;
    }
  });
});
