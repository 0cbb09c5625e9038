import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';
import { isAllowedNavigation } from './navigation.js';
import { RecoveryPolicy } from './recovery.js';
import { allowsDownloads, autoplayPolicy, healthUrl, isPermissionAllowed, startUrl } from './roles.js';
import { configErrorSearch, offlineQuery } from './status-page.js';

const SERVER = 'http://192.168.1.10:8080';
const STATUS = 'file:///opt/Talon/resources/app.asar/static/status.html';

describe('role → page', () => {
  it('each role opens its screen on the server origin, with its query', () => {
    expect(startUrl({ serverUrl: SERVER, role: 'kiosk', query: {} })).toBe('http://192.168.1.10:8080/kiosk/');
    expect(startUrl({ serverUrl: `${SERVER}/some/path?x=1`, role: 'board', query: { zone: 'hall 2' } })).toBe(
      'http://192.168.1.10:8080/board/?zone=hall+2',
    );
    expect(startUrl({ serverUrl: SERVER, role: 'console', query: {} })).toBe('http://192.168.1.10:8080/operator/');
    expect(startUrl({ serverUrl: SERVER, role: 'rating', query: {} })).toBe('http://192.168.1.10:8080/rating/');
    expect(healthUrl(`${SERVER}/kiosk/`)).toBe('http://192.168.1.10:8080/api/health');
  });

  it('only the console may save a file', () => {
    expect(['kiosk', 'board', 'console', 'rating'].filter((r) => allowsDownloads(r as never))).toEqual(['console']);
  });

  it('only the board plays sound without a touch', () => {
    expect(autoplayPolicy('board')).toBe('no-user-gesture-required');
    for (const r of ['kiosk', 'console', 'rating'] as const)
      expect(autoplayPolicy(r)).toBe('document-user-activation-required');
  });
});

describe('navigation allow-list', () => {
  it.each([
    ['http://192.168.1.10:8080/kiosk/', true],
    ['http://192.168.1.10:8080/operator/?x=1#y', true],
    [`${STATUS}?mode=offline&retryInSec=4`, true],
    ['http://192.168.1.10:8081/kiosk/', false],
    ['https://192.168.1.10:8080/kiosk/', false],
    ['http://192.168.1.100:8080/', false],
    ['http://192.168.1.10:8080@evil.example/', false],
    ['http://user:pw@192.168.1.10:8080/', false],
    ['https://www.google.com/', false],
    ['file:///etc/passwd', false],
    ['file:///opt/Talon/resources/app.asar/static/other.html', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<h1>hi</h1>', false],
    ['about:blank', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedNavigation(url, SERVER, STATUS)).toBe(allowed);
  });
});

describe('permissions', () => {
  it('deny everything except what the role needs, and only from the server', () => {
    expect(isPermissionAllowed('console', 'notifications', `${SERVER}/operator/`, SERVER)).toBe(true);
    expect(isPermissionAllowed('kiosk', 'notifications', `${SERVER}/kiosk/`, SERVER)).toBe(false);
    expect(isPermissionAllowed('board', 'fullscreen', `${SERVER}/board/`, SERVER)).toBe(true);
    expect(isPermissionAllowed('console', 'notifications', 'https://evil.example/', SERVER)).toBe(false);
    for (const p of ['media', 'geolocation', 'openExternal', 'display-capture', 'clipboard-read', 'unknown'])
      for (const r of ['kiosk', 'board', 'console', 'rating'] as const)
        expect(isPermissionAllowed(r, p, `${SERVER}/`, SERVER)).toBe(false);
  });
});

describe('offline retry schedule', () => {
  it('doubles from the first delay up to the cap, with ±20 % jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 10, 100].map((n) => retryDelayMs(n, 2000, 30_000, mid))).toEqual([
      2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000,
    ]);
    expect(retryDelayMs(1, 2000, 30_000, () => 0)).toBe(3200);
    expect(retryDelayMs(1, 2000, 30_000, () => 0.999)).toBeLessThanOrEqual(4800);
    expect(retryDelayMs(9, 2000, 30_000, () => 0.999)).toBe(30_000);
  });

  it('status page parameters carry the countdown and only the server origin', () => {
    expect(offlineQuery({ retryInMs: 3200, attempt: 2, serverUrl: `${SERVER}/kiosk/?t=secret` })).toEqual({
      mode: 'offline',
      retryInSec: '4',
      attempt: '2',
      server: SERVER,
    });
    const q = new URLSearchParams(
      configErrorSearch({
        ok: false,
        path: '/etc/talon/desktop.json',
        problems: ['role: bad'],
        searched: ['/a', '/b'],
      }),
    );
    expect(q.getAll('problem')).toEqual(['/etc/talon/desktop.json:', 'role: bad']);
    expect(q.getAll('searched')).toEqual(['/a', '/b']);
  });
});

describe('crash and hang recovery', () => {
  const opts = { unresponsiveGraceMs: 20_000, crashWindowMs: 600_000, maxCrashesInWindow: 3 };

  it('reloads at once after a crash, later after repeated crashes, restarts the shell in a crash loop', () => {
    const p = new RecoveryPolicy(opts);
    expect(p.rendererGone(0)).toEqual({ action: 'reload', afterMs: 0 });
    expect(p.rendererGone(1000)).toEqual({ action: 'reload', afterMs: 1000 });
    expect(p.rendererGone(2000)).toEqual({ action: 'reload', afterMs: 2000 });
    expect(p.rendererGone(3000)).toEqual({ action: 'relaunch' });
    // Crashes spread over more than the window never add up to a relaunch.
    const q = new RecoveryPolicy(opts);
    for (let i = 0; i < 10; i++) expect(q.rendererGone(i * 300_001).action).toBe('reload');
  });

  it('a hung page gets the grace period; answering in time cancels the reload', () => {
    const p = new RecoveryPolicy(opts);
    expect(p.unresponsive(1000)).toEqual({ action: 'wait', checkAfterMs: 20_000 });
    expect(p.unresponsive(5000)).toEqual({ action: 'wait', checkAfterMs: 16_000 });
    expect(p.graceOver(15_000)).toEqual({ action: 'wait', checkAfterMs: 6000 });
    expect(p.graceOver(21_000)).toEqual({ action: 'reload', afterMs: 0 });
    expect(p.graceOver(22_000)).toEqual({ action: 'none' });

    p.unresponsive(30_000);
    p.responsive();
    expect(p.graceOver(50_000)).toEqual({ action: 'none' });
  });
});
