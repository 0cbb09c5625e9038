/**
 * Ratings bench: the office server in this process (virtual clock, real SQLite, real HTTP), a day of
 * served visits, then the rating paths a visitor and an operator use, timed on loopback:
 * the terminal's QR link (signed URL + SVG), the phone page, the phone rating (HMAC check, engine rule,
 * commit), the desk card PDF; and what the finished visits add to the state every screen receives.
 *
 *   npm run bench:rating                 a readable table
 *   npm run -s bench:rating -- --json    one JSON object on stdout
 *   options: --visits N (default 300)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '@talon/server';
import { VirtualClock } from '@talon/server/clock';
import { rosatomDemoOffice } from '@talon/server/demo';
import { note, round, type Summary, summarize } from './lib/stats.js';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, visits: { type: 'string', default: '300' } },
});
const VISITS = Number(values.visits);
const allDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

const dataDir = mkdtempSync(join(tmpdir(), 'talon-rating-bench-'));
const clock = new VirtualClock(Date.parse('2026-11-26T05:00:00Z'));
const server = await startServer({
  dataDir,
  clock,
  tickMs: 0,
  demo: true,
  initialConfig: rosatomDemoOffice({ receptionHours: allDay, officeHours: allDay }),
});

async function call<T>(path: string, init: { token?: string; body?: unknown; form?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(server.url + path, {
    method: init.body !== undefined || init.form !== undefined ? 'POST' : 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    ...(init.form !== undefined ? { body: init.form } : {}),
  });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status >= 400) throw new Error(`${path}: ${res.status} ${buf.toString().slice(0, 200)}`);
  return { buf, json: () => JSON.parse(buf.toString()) as T };
}
const timed = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

try {
  const login = async (login: string, password: string) =>
    (await call<{ token: string }>('/api/auth/login', { body: { login, password } })).json().token;
  const admin = await login('admin', 'admin-talon');
  const pairAs = async (path: string, body: unknown) => {
    const { code } = (await call<{ code: string }>(path, { token: admin, body })).json();
    return (await call<{ token: string }>('/api/devices/pair', { body: { code } })).json().token;
  };
  const kiosk = await pairAs('/api/devices/pairing-codes', { role: 'kiosk', name: 'bench kiosk' });
  const terminal = await pairAs('/api/rating/pairing-codes', { windowId: 'w1' });
  const op = await login('operator1', 'talon1');
  const cmd = (token: string, command: unknown) => call('/api/commands', { token, body: { command } });
  await cmd(op, { type: 'operatorLogin', windowId: 'w1' });

  note(`serving ${VISITS} visits`);
  const ids: string[] = [];
  const topics = ['billing', 'personal-account', 'consult-and-pay'];
  for (let i = 0; i < VISITS; i++) {
    const r = await cmd(kiosk, { type: 'issueTicket', topicId: topics[i % 3], segmentId: 'individual' });
    ids.push((r.json() as { result: { ticketId: string } }).result.ticketId);
    await cmd(op, { type: 'callNext' });
    await cmd(op, { type: 'startService' });
    clock.advance(60_000);
    await cmd(op, { type: 'finishService' });
  }
  const state = server.office.view();
  const recentBytes = Buffer.byteLength(JSON.stringify(state.recentVisits ?? {}));
  const stateBytes = Buffer.byteLength(JSON.stringify(state));

  note('terminal links, phone pages, phone ratings');
  const link: number[] = [];
  const page: number[] = [];
  const rate: number[] = [];
  for (const id of ids) {
    let url = '';
    link.push(
      await timed(async () => {
        url = (
          await call<{ url: string }>(`/api/rating/terminal/link?ticketId=${encodeURIComponent(id)}`, {
            token: terminal,
          })
        ).json().url;
      }),
    );
    const path = new URL(url).pathname;
    page.push(await timed(() => call(path)));
    rate.push(await timed(() => call(path, { form: 'score=4' })));
  }
  note('desk cards');
  const pdf: number[] = [];
  let pdfBytes = 0;
  for (let i = 0; i < 30; i++)
    pdf.push(
      await timed(async () => {
        pdfBytes = (await call('/api/rating/desk-card.pdf', { token: op })).buf.length;
      }),
    );

  const rows: [string, Summary][] = [
    ['terminal QR link (sign + SVG)', summarize(link)],
    ['phone page GET /v/…', summarize(page)],
    ['phone rating POST /v/… (commit)', summarize(rate)],
    ['desk card PDF', summarize(pdf)],
  ];
  const result = {
    visits: VISITS,
    ratingsStored: server.store.ratings({}).length,
    recentVisitsBytes: recentBytes,
    stateBytes,
    deskCardBytes: pdfBytes,
    latencyMs: Object.fromEntries(
      rows.map(([k, s]) => [k, { n: s.n, p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) }]),
    ),
  };
  if (values.json) console.log(JSON.stringify(result));
  else {
    console.log(`Ratings bench: ${VISITS} served visits, loopback HTTP, virtual clock\n`);
    console.log('| path | n | p50 ms | p90 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|---|---|');
    for (const [k, s] of rows)
      console.log(`| ${k} | ${s.n} | ${round(s.p50)} | ${round(s.p90)} | ${round(s.p99)} | ${round(s.max)} |`);
    console.log(`\nratings stored: ${result.ratingsStored} (one per visit)`);
    console.log(
      `state.recentVisits: ${recentBytes} bytes for ${VISITS} visits (${round(recentBytes / VISITS, 0)} B/visit); whole state ${stateBytes} bytes`,
    );
    console.log(`desk card PDF: ${pdfBytes} bytes`);
  }
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
