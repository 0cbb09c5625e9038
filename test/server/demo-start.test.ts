import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerArgs } from '../../server/src/cli/server-options.js';
import { freePort, REPO_ROOT, waitExit } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

const codesOn = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/data-testid="start-([a-z]+)" href="[^"]*\?pair=([A-Z0-9]+)/g)].map((m) => [m[1], m[2]]),
  );

describe('the demo start page', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ server: { printing: { virtualPrinter: true, printerPollMs: 0 } } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const rows = () => (s.store.db.prepare('SELECT COUNT(*) AS n FROM pairing_codes').get() as { n: number }).n;
  const page = async () => codesOn(await (await fetch(`${s.url}/`)).text());

  it('makes its pairing codes once: 200 anonymous visits show the same codes and add no rows', async () => {
    const first = await page();
    expect(Object.keys(first).sort()).toEqual(['board', 'kiosk', 'rating', 'wall']);
    const before = rows();
    const visits = await Promise.all(Array.from({ length: 200 }, page));
    for (const v of visits) expect(v).toEqual(first);
    expect(rows()).toBe(before);
  });

  it('replaces a code once a device paired with it, and only that one', async () => {
    const first = await page();
    const before = rows();
    const paired = await fetch(`${s.url}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // as a person would type it
      body: JSON.stringify({ code: `${first.kiosk?.slice(0, 4).toLowerCase()}-${first.kiosk?.slice(4)}` }),
    });
    expect(paired.status).toBe(200);
    const next = await page();
    expect(next.kiosk).not.toBe(first.kiosk);
    expect({ ...next, kiosk: first.kiosk }).toEqual(first);
    expect(rows()).toBe(before + 1);
    expect(await page()).toEqual(next);
  });
});

describe('the demo virtual printer’s state', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ server: { printing: { virtualPrinter: true, printerPollMs: 0 } } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const post = (body: unknown, token?: string) =>
    fetch(`${s.url}/printer/state`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('is changed only by a kiosk (the device the printer serves) or a hall administrator, never anonymously', async () => {
    const anonymous = await post({ paperOut: true });
    expect(anonymous.status).toBe(401);
    expect(s.virtualPrinter?.state.paperOut).toBe(false);
    const board = await post({ paperOut: true }, (await s.pair('board', 'printer board')).token);
    expect(board.status).toBe(403);
    expect(s.virtualPrinter?.state.paperOut).toBe(false);
    const kiosk = await post({ paperOut: true }, (await s.pair('kiosk', 'printer kiosk')).token);
    expect([kiosk.status, s.virtualPrinter?.state.paperOut]).toEqual([200, true]);
    const admin = await post({ paperOut: false }, (await s.login('admin', 'admin-talon')).token);
    expect([admin.status, s.virtualPrinter?.state.paperOut]).toEqual([200, false]);
  });
});

/** An IPv4 address of this machine other than loopback, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a?.family === 'IPv4' && !a.internal)?.address;

const answers = async (url: string) => {
  try {
    return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
};

describe('the demo launcher’s help', () => {
  it('`npm start -- --help` lists the options, in Russian and English, and starts nothing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--demo', '--help'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('--port');
    expect(r.stdout).toContain('демо-офис');
    expect(r.stdout).toContain('the demo office');
    expect(r.stdout).not.toContain('ready in');
  });
});

describe('the address the server listens on', () => {
  it('is this machine only for the demo, every address for a real office, unless --host says otherwise', () => {
    const host = (argv: string[], allowDemo = true) => parseServerArgs(argv, { allowDemo }).options.host;
    // (TALON_HOST, when set in this environment, would stand for --host)
    if (!process.env.TALON_HOST) {
      expect(host(['--demo'])).toBe('127.0.0.1');
      expect(host([])).toBe('0.0.0.0');
      expect(host([], false)).toBe('0.0.0.0');
    }
    expect(host(['--demo', '--host', '0.0.0.0'])).toBe('0.0.0.0');
    expect(host(['--host', '192.168.10.5'], false)).toBe('192.168.10.5');
  });

  describe.skipIf(!lanAddress || process.env.TALON_HOST)('started for real', () => {
    let child: ChildProcess | undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'talon-bind-'));
    afterAll(async () => {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await waitExit(child);
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('`npm start` (the demo) answers on 127.0.0.1 and not on the network', async () => {
      const port = await freePort();
      child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'server/src/main.ts',
          '--demo',
          '--port',
          String(port),
          '--data',
          dataDir,
          '--tick-ms',
          '0',
        ],
        { cwd: REPO_ROOT, stdio: 'ignore', env: { ...process.env, TALON_HOST: '' } },
      );
      const local = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 600 && !(await answers(local)); i++) {
        if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
        await sleep(50);
      }
      expect(await answers(local)).toBe(true);
      expect(await answers(`http://${lanAddress}:${port}`)).toBe(false);
    });

    it('a server given an address listens there and not on loopback', async () => {
      const s = await startTestServer({ server: { host: lanAddress as string } });
      try {
        expect(await answers(`http://${lanAddress}:${s.port}`)).toBe(true);
        expect(await answers(`http://127.0.0.1:${s.port}`)).toBe(false);
      } finally {
        await s.stop();
      }
    });
  });
});
