/**
 * Kiosk → printer bench: the time from the kiosk's "issue a ticket" request to the last byte of that
 * ticket arriving at the printer (the cut), on loopback. The office server runs in this process with the
 * demo's virtual printer (a TCP server speaking raw ESC/POS on an ephemeral port), exactly as `npm start`
 * runs it; the kiosk is a paired device calling the public HTTP API.
 *
 *   npm run bench:kiosk                 a readable table
 *   npm run -s bench:kiosk -- --json    one JSON object on stdout
 *   options: --tickets N (default 300), --warmup N (default 30), --paper 58|80, --qr native|raster
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { PrintedTicket } from '@talon/hardware';
import { startServer } from '@talon/server';
import { rosatomDemoOffice } from '@talon/server/demo';
import { note, round, summarize } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    tickets: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '30' },
    paper: { type: 'string', default: '80' },
    qr: { type: 'string', default: 'native' },
  },
});
const TICKETS = Number(values.tickets);
const WARMUP = Number(values.warmup);
const paperWidth = values.paper === '58' ? 58 : 80;
const qr = values.qr === 'raster' ? 'raster' : 'native';
const TARGET_P99_MS = 300;

const allDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);
// five services, so that a long run never reaches number 999 of one prefix
const TOPICS = ['billing', 'payment', 'consult-and-pay', 'change-contract', 'personal-account'];

const dataDir = mkdtempSync(join(tmpdir(), 'talon-kiosk-bench-'));
const server = await startServer({
  dataDir,
  tickMs: 0,
  monitorMs: 0,
  demo: true,
  initialConfig: rosatomDemoOffice({ receptionHours: allDay, officeHours: allDay }),
  printing: { virtualPrinter: { paperWidth }, printerPollMs: 0 },
  // one kiosk tapping as fast as the printer allows: the per-kiosk ticket limit is not what this measures
  rateLimits: { limits: { tickets: null } },
});
const vp = server.virtualPrinter;
if (!vp) throw new Error('no virtual printer');
if (qr === 'raster') {
  const cfg = server.printing.printers()[0]?.config;
  if (cfg) server.printing.setPrinter({ ...cfg, qr: 'raster' });
}

async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const admin = await post<{ token: string }>('/api/auth/login', { login: 'admin', password: 'admin-talon' });
const { code } = await post<{ code: string }>(
  '/api/devices/pairing-codes',
  { role: 'kiosk', name: 'bench' },
  admin.token,
);
const kiosk = await post<{ token: string }>('/api/devices/pair', { code });

/** Resolves with the printed ticket that carries `number`, whenever it arrives. */
const waiting = new Map<string, (t: PrintedTicket) => void>();
vp.on('ticket', (t) => {
  for (const line of t.lines) {
    const w = waiting.get(line);
    if (w) {
      waiting.delete(line);
      w(t);
    }
  }
});

let seq = 0;
async function tap(): Promise<{ ms: number; issueMs: number; bytes: number }> {
  const topicId = TOPICS[seq++ % TOPICS.length];
  const t0 = performance.now();
  const r = await post<{ ok: boolean; result: { number: string } }>(
    '/api/commands',
    { command: { type: 'issueTicket', topicId, segmentId: 'individual' } },
    kiosk.token,
  );
  const issueMs = performance.now() - t0;
  const number = r.result.number;
  const printed = vp?.tickets.find((t) => t.lines.includes(number));
  const t = printed ?? (await new Promise<PrintedTicket>((resolve) => waiting.set(number, resolve)));
  return { ms: t.lastByteHr - t0, issueMs, bytes: t.bytes.length };
}

note(`warm-up: ${WARMUP} tickets`);
for (let i = 0; i < WARMUP; i++) await tap();
note(`measuring: ${TICKETS} tickets, one kiosk, ${paperWidth} mm, ${qr} QR`);
const samples: number[] = [];
const issue: number[] = [];
let bytes = 0;
for (let i = 0; i < TICKETS; i++) {
  const r = await tap();
  samples.push(r.ms);
  issue.push(r.issueMs);
  bytes = r.bytes;
}
note('burst: three kiosks tapping at once, 20 times');
const burst: number[] = [];
for (let i = 0; i < 20; i++) for (const r of await Promise.all([tap(), tap(), tap()])) burst.push(r.ms);

const s = summarize(samples);
const si = summarize(issue);
const sb = summarize(burst);
const result = {
  tickets: TICKETS,
  paperWidth,
  qr,
  ticketBytes: bytes,
  tapToPrintP50Ms: round(s.p50),
  tapToPrintP90Ms: round(s.p90),
  tapToPrintP99Ms: round(s.p99),
  tapToPrintMaxMs: round(s.max),
  issueOnlyP50Ms: round(si.p50),
  issueOnlyP99Ms: round(si.p99),
  burst3KiosksP99Ms: round(sb.p99),
  refusedConnections: vp.refusedConnections,
  targetP99Ms: TARGET_P99_MS,
  pass: s.p99 <= TARGET_P99_MS,
};

await server.close();
rmSync(dataDir, { recursive: true, force: true });

if (values.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rows: [string, string][] = [
    ['tickets measured', `${TICKETS} (+${WARMUP} warm-up), ${paperWidth} mm, ${qr} QR, ${bytes} bytes each`],
    ['tap → last byte at printer, p50', `${result.tapToPrintP50Ms} ms`],
    ['tap → last byte at printer, p90', `${result.tapToPrintP90Ms} ms`],
    [
      'tap → last byte at printer, p99',
      `${result.tapToPrintP99Ms} ms  (target ≤ ${TARGET_P99_MS} ms: ${result.pass ? 'PASS' : 'FAIL'})`,
    ],
    ['tap → last byte at printer, max', `${result.tapToPrintMaxMs} ms`],
    ['tap → kiosk has its number, p50 / p99', `${result.issueOnlyP50Ms} / ${result.issueOnlyP99Ms} ms`],
    ['3 kiosks at once, tap → print p99', `${result.burst3KiosksP99Ms} ms`],
    ['connections refused by the printer', String(result.refusedConnections)],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`Kiosk → printer (loopback)\n${rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n')}\n`);
}
process.exit(result.pass ? 0 : 1);
