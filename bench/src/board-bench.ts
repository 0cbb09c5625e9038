/**
 * Hall board bench: the real server process, two real Chromium boards (1920×1080 and 1080×1920) and
 * 40 more socket.io clients. An operator's call goes out as the console sends it (POST /api/commands);
 * each board page stamps the moment its DOM shows the ticket (MutationObserver) and the moment the
 * announcement's audio element starts playing (`playing`), on clocks aligned with this process.
 *
 *   npm run bench:board                    table with PASS/FAIL (progress on stderr)
 *   npm run -s bench:board -- --json       one JSON object on stdout
 *   npm run bench:board -- --calls 300 --audio-calls 30 --clients 40
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { type BoardPage, entryFor, openBoard, setBoardSettings } from '../../test/e2e/board-support.js';
import { launchBrowser } from '../../test/support/browser.js';
import { freePort, postJson, type ServerProcess, spawnServer, waitExit } from '../../test/support/process.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    calls: { type: 'string', default: '200' },
    'audio-calls': { type: 'string', default: '20' },
    clients: { type: 'string', default: '40' },
  },
});
const CALLS = Number(values.calls);
const AUDIO_CALLS = Number(values['audio-calls']);
const CLIENTS = Number(values.clients);
const TARGETS = { callToBoardP99Ms: 100, callToAudioStartP99Ms: 500 };
const WINDOWS = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'];

const now = () => performance.timeOrigin + performance.now();
const note = (msg: string) => process.stderr.write(`[bench:board] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number) => Math.round(x * 100) / 100;

function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? Number.NaN;
}

/** Stamps when each call's event reaches the page's WebSocket, to split the delay into network and rendering. */
const WS_PROBE = `(() => {
  window.__wsSeen = {};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (m) => {
        if (typeof m.data !== 'string' || !m.data.includes('"TicketCalled"')) return;
        const n = /"number":"([^"]+)"/.exec(m.data)?.[1];
        if (n && !(n in window.__wsSeen)) window.__wsSeen[n] = performance.timeOrigin + performance.now();
      });
    }
  };
})();`;

/** Page clock − this process's clock, from the round trip with the smallest delay. */
async function clockSkew(page: Page): Promise<{ skewMs: number; rttMs: number }> {
  let best = { skewMs: 0, rttMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 30; i++) {
    const a = now();
    const p = await page.evaluate(() => performance.timeOrigin + performance.now());
    const b = now();
    if (b - a < best.rttMs) best = { skewMs: p - (a + b) / 2, rttMs: b - a };
  }
  return best;
}

/** Stamps the first time each ticket number appears among the board's calls; reports it to the bench. */
async function watchDom(board: BoardPage, onSeen: (number: string, at: number) => void) {
  await board.page.exposeFunction('__benchSeen', onSeen);
  // a string, not a function: tsx would wrap a function in helpers that do not exist in the page
  await board.page.evaluate(`(() => {
    window.__seen = {};
    const sel = '[data-testid="board-call"]';
    const mark = (el) => {
      const n = el.getAttribute('data-number');
      if (!n || n in window.__seen) return;
      const t = performance.timeOrigin + performance.now();
      window.__seen[n] = t;
      window.__benchSeen(n, t);
    };
    for (const el of document.querySelectorAll(sel)) mark(el);
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') {
          if (r.target instanceof Element && r.target.matches(sel)) mark(r.target);
          continue;
        }
        for (const node of r.addedNodes) {
          if (!(node instanceof Element)) continue;
          if (node.matches(sel)) mark(node);
          for (const el of node.querySelectorAll(sel)) mark(el);
        }
      }
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-number'] });
  })()`);
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'talon-board-bench-'));
  let server: ServerProcess | undefined;
  const browser = await launchBrowser({ autoplay: true });
  const sockets: Socket[] = [];
  try {
    // one kiosk issues every call's ticket: the per-kiosk ticket limit is not what this measures
    server = await spawnServer(dataDir, await freePort(), ['--rate-limits', 'tickets=off']);
    const url = server.url;
    const login = async (l: string, p: string) =>
      (await postJson<{ token: string }>(`${url}/api/auth/login`, { login: l, password: p })).body.token;
    const admin = await login('admin', 'admin-talon');
    const code = await postJson<{ code: string }>(
      `${url}/api/devices/pairing-codes`,
      { role: 'kiosk', name: 'k' },
      admin,
    );
    const kiosk = (await postJson<{ token: string }>(`${url}/api/devices/pair`, { code: code.body.code })).body.token;
    const ops: string[] = [];
    for (const [i, w] of WINDOWS.entries()) {
      const t = await login(`operator${i + 1}`, `talon${i + 1}`);
      await postJson(`${url}/api/commands`, { command: { type: 'operatorLogin', windowId: w } }, t);
      ops.push(t);
    }
    const command = async (token: string, cmd: Record<string, unknown>) => {
      const r = await postJson<{ ok: boolean }>(`${url}/api/commands`, { command: cmd }, token);
      if (!r.body.ok) throw new Error(`${cmd.type}: ${JSON.stringify(r.body)}`);
    };

    note(`connecting ${CLIENTS} socket.io clients`);
    let callsSeenByClients = 0;
    const clientSeen = new Map<string, number>();
    const clientMs: number[] = [];
    const commandMs: number[] = [];
    const renderMs: number[] = [];
    const callAt = new Map<string, number>();
    const namespaces = ['board', 'kiosk', 'operator', 'admin'];
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => {
        const s = io(`${url}/${namespaces[i % namespaces.length]}`, {
          auth: { token: admin },
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
        });
        sockets.push(s);
        s.on('event', (e: { type: string; number?: string }) => {
          if (e.type !== 'TicketCalled') return;
          callsSeenByClients++;
          if (e.number && !clientSeen.has(e.number)) clientSeen.set(e.number, now());
        });
        return new Promise<void>((res, rej) => {
          s.once('snapshot', () => res());
          s.once('connect_error', rej);
        });
      }),
    );

    note('opening 2 Chromium boards');
    const boards = [
      await openBoard(
        browser,
        url,
        admin,
        'Табло 1920×1080',
        { width: 1920, height: 1080 },
        { initScripts: [WS_PROBE] },
      ),
      await openBoard(
        browser,
        url,
        admin,
        'Табло 1080×1920',
        { width: 1080, height: 1920 },
        { initScripts: [WS_PROBE] },
      ),
    ];
    const waiters = new Map<string, { left: number; done: () => void }>();
    const seen = new Map<string, number[]>();
    const skews: { skewMs: number; rttMs: number }[] = [];
    for (const b of boards) {
      const skew = await clockSkew(b.page);
      skews.push(skew);
      await watchDom(b, (n, t) => {
        seen.set(n, [...(seen.get(n) ?? []), t - skew.skewMs]);
        const w = waiters.get(n);
        if (w && --w.left === 0) w.done();
      });
    }
    const shownOnAll = (n: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${n} not shown on every board in 10 s`)), 10_000);
        waiters.set(n, {
          left: boards.length - (seen.get(n)?.length ?? 0),
          done: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        if ((seen.get(n)?.length ?? 0) >= boards.length) resolve();
      });

    const boardMs: number[] = [];
    const audioMs: number[] = [];
    const audioStatuses: Record<string, number> = {};
    let k = 0;
    /** One measured call: issue, call (timed), wait for both boards; then free the operator. */
    const oneCall = async (sound: boolean, measured = true) => {
      const i = k++ % ops.length;
      const op = ops[i] as string;
      // operator2 serves only payments (demo skills)
      const r = await postJson<{ ok: boolean; result?: { number: string } }>(
        `${url}/api/commands`,
        { command: { type: 'issueTicket', topicId: i === 1 ? 'payment' : 'billing', segmentId: 'individual' } },
        kiosk,
      );
      const number = r.body.result?.number as string;
      const shown = shownOnAll(number);
      const t0 = now();
      if (measured) callAt.set(number, t0);
      await command(op, { type: 'callNext' });
      commandMs.push(now() - t0);
      await shown;
      for (const t of seen.get(number) ?? []) boardMs.push(t - t0);
      const c = clientSeen.get(number);
      if (c !== undefined) clientMs.push(c - t0);
      if (sound) {
        for (const [i, b] of boards.entries()) {
          const deadline = Date.now() + 20_000;
          let e = await entryFor(b, number);
          while (!e?.status && Date.now() < deadline) {
            await sleep(50);
            e = await entryFor(b, number);
          }
          audioStatuses[e?.status ?? 'missing'] = (audioStatuses[e?.status ?? 'missing'] ?? 0) + 1;
          if (process.env.BENCH_DEBUG) note(`${b.name} ${number}: ${JSON.stringify(e)} t0=${t0}`);
          if (e?.startedAt !== undefined) audioMs.push(e.startedAt - (skews[i]?.skewMs ?? 0) - t0);
        }
      }
      await command(op, { type: 'startService' });
      await command(op, { type: 'finishService' });
    };

    note(`board phase: ${CALLS} calls, boards' sound off (the hall queue would hold minutes of speech)`);
    for (const b of boards) await setBoardSettings(url, admin, b.deviceId, { sound: false });
    for (const b of boards) await b.page.locator('[data-testid="board"][data-sound="off"]').waitFor();
    for (let i = 0; i < 5; i++) await oneCall(false, false); // warm-up, not counted
    boardMs.length = 0;
    for (let i = 0; i < CALLS; i++) {
      await oneCall(false);
      await sleep(20 + Math.random() * 60);
    }
    const boardOnly = [...boardMs];

    note(`audio phase: ${AUDIO_CALLS} calls, each heard to its end before the next`);
    for (const b of boards) await setBoardSettings(url, admin, b.deviceId, { sound: true });
    for (const b of boards) await b.page.locator('[data-testid="board"][data-sound="ready"]').waitFor();
    for (let i = 0; i < AUDIO_CALLS; i++) await oneCall(true);

    // where the board's delay goes: until the event reaches the page, and from there to the DOM
    const wsMs: number[] = [];
    for (const [i, b] of boards.entries()) {
      const ws = (await b.page.evaluate('window.__wsSeen')) as Record<string, number>;
      const dom = (await b.page.evaluate('window.__seen')) as Record<string, number>;
      for (const [n, t] of Object.entries(ws)) {
        const t0 = callAt.get(n);
        const d = dom[n];
        if (t0 === undefined || d === undefined) continue;
        wsMs.push(t - (skews[i]?.skewMs ?? 0) - t0);
        renderMs.push(d - t);
      }
    }
    if (process.env.BENCH_DEBUG) for (const b of boards) note(`${b.name}: ${JSON.stringify(await b.log())}`);
    const result = {
      nodeVersion: process.version,
      boards: boards.length,
      clients: CLIENTS,
      calls: CALLS + AUDIO_CALLS,
      callToBoardP50Ms: round(percentile(boardMs, 50)),
      callToBoardP99Ms: round(percentile(boardMs, 99)),
      callToBoardMaxMs: round(Math.max(...boardMs)),
      callToBoardSoundOffP99Ms: round(percentile(boardOnly, 99)),
      callCommandP50Ms: round(percentile(commandMs, 50)),
      callCommandP99Ms: round(percentile(commandMs, 99)),
      callToPageSocketP50Ms: round(percentile(wsMs, 50)),
      callToPageSocketP99Ms: round(percentile(wsMs, 99)),
      pageSocketToDomP50Ms: round(percentile(renderMs, 50)),
      pageSocketToDomP99Ms: round(percentile(renderMs, 99)),
      callToFirstClientP50Ms: round(percentile(clientMs, 50)),
      callToFirstClientP99Ms: round(percentile(clientMs, 99)),
      callToAudioStartP50Ms: round(percentile(audioMs, 50)),
      callToAudioStartP99Ms: round(percentile(audioMs, 99)),
      callToAudioStartMaxMs: round(Math.max(...audioMs)),
      boardSamples: boardMs.length,
      audioSamples: audioMs.length,
      audioStatuses,
      clientsSawEveryCall: callsSeenByClients >= CLIENTS * (CALLS + AUDIO_CALLS + 5),
      clockSkewMs: skews.map((s) => round(s.skewMs)),
      clockRttMs: skews.map((s) => round(s.rttMs)),
      targets: TARGETS,
      pass: false,
    };
    result.pass =
      result.callToBoardP99Ms <= TARGETS.callToBoardP99Ms &&
      result.callToAudioStartP99Ms <= TARGETS.callToAudioStartP99Ms &&
      result.audioSamples === AUDIO_CALLS * boards.length;

    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const row = (m: string, v: string, t: string, ok?: boolean) =>
        `${m.padEnd(28)} ${v.padStart(12)}  ${t.padStart(10)}  ${ok === undefined ? '' : ok ? 'PASS' : 'FAIL'}`;
      console.log(row('metric', 'value', 'target'));
      console.log(row('callToBoardP50Ms', `${result.callToBoardP50Ms} ms`, ''));
      console.log(
        row(
          'callToBoardP99Ms',
          `${result.callToBoardP99Ms} ms`,
          `≤ ${TARGETS.callToBoardP99Ms} ms`,
          result.callToBoardP99Ms <= TARGETS.callToBoardP99Ms,
        ),
      );
      console.log(row('callToBoardMaxMs', `${result.callToBoardMaxMs} ms`, ''));
      console.log(row('callToAudioStartP50Ms', `${result.callToAudioStartP50Ms} ms`, ''));
      console.log(
        row(
          'callToAudioStartP99Ms',
          `${result.callToAudioStartP99Ms} ms`,
          `≤ ${TARGETS.callToAudioStartP99Ms} ms`,
          result.callToAudioStartP99Ms <= TARGETS.callToAudioStartP99Ms,
        ),
      );
      console.log(row('call command p50/p99', `${result.callCommandP50Ms} / ${result.callCommandP99Ms} ms`, ''));
      console.log(
        row('call → page socket p50/p99', `${result.callToPageSocketP50Ms} / ${result.callToPageSocketP99Ms} ms`, ''),
      );
      console.log(
        row('page socket → DOM p50/p99', `${result.pageSocketToDomP50Ms} / ${result.pageSocketToDomP99Ms} ms`, ''),
      );
      console.log(
        row('callToFirstClient p50/p99', `${result.callToFirstClientP50Ms} / ${result.callToFirstClientP99Ms} ms`, ''),
      );
      console.log(row('samples (board / audio)', `${result.boardSamples} / ${result.audioSamples}`, ''));
      console.log(row('audio reports', JSON.stringify(audioStatuses), ''));
      console.log(row('clients saw every call', String(result.clientsSawEveryCall), ''));
      console.log(row('page clock skew (ms)', result.clockSkewMs.join(' / '), ''));
    }
    process.exitCode = result.pass ? 0 : 1;
  } finally {
    for (const s of sockets) s.close();
    await browser.close();
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await waitExit(server.child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
