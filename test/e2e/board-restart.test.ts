import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { freePort, postJson, type ServerProcess, spawnServer, waitExit } from '../support/process.js';
import { type BoardPage, entryFor, openBoard } from './board-support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'talon-board-restart-'));
let server: ServerProcess | undefined;
let port: number;
let browser: Browser;

beforeAll(async () => {
  port = await freePort();
  browser = await launchBrowser({ autoplay: true });
});

afterAll(async () => {
  await browser?.close();
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGCONT');
    server.child.kill('SIGKILL');
    await waitExit(server.child);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function token(url: string, login: string, password: string) {
  const r = await postJson<{ token: string }>(`${url}/api/auth/login`, { login, password });
  return r.body.token;
}

async function command(url: string, tok: string, command: Record<string, unknown>) {
  const r = await postJson<{ ok: boolean }>(`${url}/api/commands`, { command }, tok);
  if (!r.body.ok) throw new Error(`${command.type}: ${JSON.stringify(r.body)}`);
}

describe('a hall board and its server going away', () => {
  it('says so when the link dies silently or the server stops, and recovers the current state and sound on its own', async () => {
    server = await spawnServer(dataDir, port);
    const url = server.url;
    const admin = await token(url, 'admin', 'admin-talon');
    const op = await token(url, 'operator1', 'talon1');
    const code = await postJson<{ code: string }>(
      `${url}/api/devices/pairing-codes`,
      { role: 'kiosk', name: 'k' },
      admin,
    );
    const kiosk = (await postJson<{ token: string }>(`${url}/api/devices/pair`, { code: code.body.code })).body.token;
    await command(url, op, { type: 'operatorLogin', windowId: 'w1' });
    const board: BoardPage = await openBoard(browser, url, admin, 'Табло', { width: 1920, height: 1080 });
    const banner = board.page.getByTestId('connection-banner');
    const shows = (n: string) => board.page.locator(`[data-testid="board-call"][data-number="${n}"]`).first();

    await command(url, kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    await command(url, op, { type: 'callNext' });
    await shows('К-001').waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await entryFor(board, 'К-001'))?.status, { timeout: 15_000 }).toBe('played');

    // A frozen server sends nothing and closes nothing: only the missing pings tell.
    server.child.kill('SIGSTOP');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain('Нет связи с сервером');
    server.child.kill('SIGCONT');
    await banner.waitFor({ state: 'detached', timeout: 15_000 });

    server.child.kill('SIGTERM');
    await waitExit(server.child);
    await banner.waitFor({ timeout: 10_000 });
    expect(await shows('К-001').isVisible()).toBe(true);

    // the same data folder and port: the board reconnects by itself and resyncs
    server = await spawnServer(dataDir, port);
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    await shows('К-001').waitFor({ timeout: 10_000 });

    await command(url, op, { type: 'startService' });
    await command(url, op, { type: 'finishService' });
    await command(url, kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    await command(url, op, { type: 'callNext' });
    await shows('К-002').waitFor({ timeout: 10_000 });
    expect(await shows('К-002').getAttribute('data-latest')).toBe('true');
    await expect.poll(async () => (await entryFor(board, 'К-002'))?.status, { timeout: 15_000 }).toBe('played');
    const r = await fetch(`${url}/api/announcements`, { headers: { authorization: `Bearer ${admin}` } });
    const list = (await r.json()) as { number: string; plays: { status: string }[] }[];
    expect(list.find((a) => a.number === 'К-002')?.plays.map((p) => p.status)).toEqual(['played']);
    expect(list.find((a) => a.number === 'К-001')?.plays.map((p) => p.status)).toEqual(['played']);

    server.child.kill('SIGTERM');
    await waitExit(server.child);
  });
});
