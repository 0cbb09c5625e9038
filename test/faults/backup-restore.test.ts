import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHeadOffice, type TestHeadOffice } from '@talon/head-office';
import type { Alarm, CommandResponse, OfficeConfig } from '@talon/protocol';
import { rosatomDemoOffice } from '@talon/server/demo';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../server/src/backup/verify.js';
import type { CliIo } from '../../server/src/cli/io.js';
import { main } from '../../server/src/cli/run.js';
import { eventually } from '../support/eventually.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The restore drill of docs/backups.md, on a working office linked to a real head office (PostgreSQL):
 * the nightly online backup is taken by the schedule while a kiosk keeps issuing tickets; the office
 * goes on after it (and head office receives all of it); then its disk "dies", the backup is restored
 * with `talon restore` into a fresh folder and a server starts on it. Numbering continues from the last
 * ticket in the backup, the database verifies, the restored office reconnects to head office, and head
 * office neither loses nor doubles: the old line stays whole (its visits happened), the restored line
 * continues in a new epoch from the first seq that differs, and every visit is counted once.
 */
const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
) as OfficeConfig['officeHours'];
const TUNING = { heartbeatMs: 200, backoffBaseMs: 50, backoffCapMs: 400 };
const ISSUE = { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } as const;

let hq: TestHeadOffice;
const folders: string[] = [];
beforeAll(async () => {
  hq = await startTestHeadOffice();
});
afterAll(async () => {
  await hq?.close();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
}, 60_000);

const folder = (name: string) => {
  const f = mkdtempSync(join(tmpdir(), `talon-drill-${name}-`));
  folders.push(f);
  return f;
};

const q = async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await hq.hq.pool.query<R>(sql, params)).rows;

/** Head office's copy of one office, line by line (epochs). */
async function atHeadOffice(officeId: string) {
  const epochs = await q<{ epoch: number; n: number; seqs: number; first: number; last: number }>(
    `SELECT epoch, count(*)::int AS n, count(DISTINCT seq)::int AS seqs, min(seq)::int AS first, max(seq)::int AS last
       FROM events WHERE office_id = $1 GROUP BY epoch ORDER BY epoch`,
    [officeId],
  );
  const [visits] = await q<{ v: number }>(
    'SELECT coalesce(sum(visits), 0)::int AS v FROM rollup_service WHERE office_id = $1',
    [officeId],
  );
  return { epochs, visits: visits?.v ?? 0 };
}

const digests = (officeId: string, epoch: number) =>
  q<{ seq: number; d: string }>(
    "SELECT seq::int AS seq, encode(digest, 'hex') AS d FROM events WHERE office_id = $1 AND epoch = $2 ORDER BY seq",
    [officeId, epoch],
  );

async function office(dataDir: string, key: string, now: number) {
  return startTestServer({
    dataDir,
    now,
    server: {
      initialConfig: rosatomDemoOffice({ officeHours: ALL_DAY, receptionHours: ALL_DAY }),
      hq: { url: hq.url, key },
      hqTuning: TUNING,
      // the schedule is driven on the office's clock by `backups.tick()`
      backups: { enabled: true, checkEveryMs: 0 },
      // one kiosk issuing as fast as it can while the backup runs: the per-kiosk limit is not what this measures
      rateLimits: { limits: { tickets: null } },
    },
  });
}

type Issued = { ticketId: string; number: string };
const issued = (r: { body: CommandResponse }): Issued | null =>
  r.body.ok && r.body.result?.ticketId && r.body.result.number
    ? { ticketId: r.body.result.ticketId, number: r.body.result.number }
    : null;
/** The number's digits, from a number (`К-007`) or a ticket id (`2026-11-27/К-007`). */
const numberOf = (n: string) => Number(n.split('-').at(-1));
const dayOf = (ticketId: string) => ticketId.split('/')[0];

/** Calls, serves and closes `n` visits at window 1; returns how many visits closed (served or no-show). */
async function serve(s: TestServer, op: string, n: number): Promise<number> {
  let closed = 0;
  for (let i = 0; i < n; i++) {
    if (!(await s.command(op, { type: 'callNext' })).body.ok) break;
    s.clock.advance(20_000);
    if (i % 3 === 2) {
      expect((await s.command(op, { type: 'markNoShow' })).body.ok).toBe(true);
    } else {
      expect((await s.command(op, { type: 'startService' })).body.ok).toBe(true);
      s.clock.advance(90_000);
      expect((await s.command(op, { type: 'finishService', outcomes: [] })).body.ok).toBe(true);
    }
    closed++;
  }
  return closed;
}

async function talon(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), stdin: process.stdin };
  return { code: await main(argv, io), out: out.join('\n'), err: err.join('\n') };
}

async function activeAlarms(s: TestServer): Promise<Alarm[]> {
  const { token } = await s.login('admin', 'admin-talon');
  const r = await fetch(`${s.url}/api/alarms`, { headers: { authorization: `Bearer ${token}` } });
  return ((await r.json()) as { active: Alarm[] }).active;
}

describe('the backup and restore drill', () => {
  it('nightly backup under load, restore into a fresh folder: numbering continues, the database verifies, head office neither loses nor doubles', async () => {
    const seeded = await hq.seedOffice({ code: 'DRILL' });
    const original = folder('office');
    const s = await office(original, seeded.apiKey, Date.now());
    const kiosk = (await s.pair('kiosk')).token;
    const op = (await s.login('operator1', 'talon1')).token;
    expect((await s.command(op, { type: 'operatorLogin', windowId: 'w1' })).body.ok).toBe(true);
    const acked: Issued[] = [];
    const take = async () => {
      const t = issued(await s.command(kiosk, ISSUE));
      if (t) acked.push(t);
    };
    let visits = 0;
    for (let i = 0; i < 8; i++) await take();
    visits += await serve(s, op, 4);

    // The night's backup falls due on the office's clock and is taken while the kiosk keeps issuing.
    const due = s.backups.status().nextAt ?? 0;
    expect(due).toBeGreaterThan(s.clock.now());
    s.clock.set(due);
    let issuing = true;
    const kioskLoop = (async () => {
      while (issuing) await take();
    })();
    while (acked.length < 12) await new Promise((r) => setTimeout(r, 1));
    const run = await s.backups.tick();
    issuing = false;
    await kioskLoop;
    expect(run).toMatchObject({ ok: true, trigger: 'scheduled' });
    const backupFile = run?.file ?? '';
    const backupSeq = run?.seq ?? 0;

    // What the backup holds: every ticket up to its seq, consistent on its own.
    const inBackup = new Database(backupFile, { readonly: true });
    // ticket ids are `<day>/<number>`: the backup was taken after midnight, numbering started again then
    const backupTickets = inBackup
      .prepare<[], string>("SELECT json_extract(payload, '$.ticket.id') FROM events WHERE type = 'TicketIssued'")
      .pluck()
      .all();
    const backupVisits = inBackup.prepare<[], number>('SELECT count(*) FROM visits').pluck().get() ?? 0;
    inBackup.close();
    const today = (id: string) => id.startsWith(`${dayOf(acked.at(-1)?.ticketId ?? '')}/`);
    const lastInBackup = Math.max(...backupTickets.filter(today).map(numberOf));
    expect(backupTickets.length).toBeGreaterThanOrEqual(8);

    // The office works on after the backup: these tickets and visits exist only at head office afterwards.
    for (let i = 0; i < 5; i++) await take();
    visits += await serve(s, op, 4);
    const lastSeqBefore = s.office.seq;
    expect(lastSeqBefore).toBeGreaterThan(backupSeq);
    await eventually(
      async () => (await atHeadOffice(seeded.id)).epochs,
      (e) => e.length === 1 && e[0]?.last === lastSeqBefore,
      30_000,
    );
    const before = await atHeadOffice(seeded.id);
    expect(before).toEqual({
      epochs: [{ epoch: 1, n: lastSeqBefore, seqs: lastSeqBefore, first: 1, last: lastSeqBefore }],
      visits,
    });
    const oldLine = await digests(seeded.id, 1);
    const lastNumberPrinted = Math.max(
      ...acked
        .map((t) => t.ticketId)
        .filter(today)
        .map(numberOf),
    );
    expect(lastNumberPrinted).toBeGreaterThan(lastInBackup);
    const resumeAt = s.clock.now();
    await s.close();

    // The disk died. `talon restore` into a fresh folder (the backup is verified again on the way).
    const restoredDir = join(folder('restored'), 'data');
    const restored = await talon('restore', backupFile, '--into', restoredDir);
    expect(restored.code, restored.err).toBe(0);
    const b = await office(restoredDir, seeded.apiKey, resumeAt + 60_000);
    try {
      // The hall goes on from the backup: the same kiosk (its pairing is in the database), the next number.
      expect(b.office.seq).toBe(backupSeq);
      const next = issued(await b.command(kiosk, ISSUE));
      expect(dayOf(next?.ticketId ?? '')).toBe(dayOf(acked.at(-1)?.ticketId ?? ''));
      expect(numberOf(next?.number ?? '')).toBe(lastInBackup + 1);
      const op2 = (await b.login('operator1', 'talon1')).token;
      const closedAfter = await serve(b, op2, 3);
      expect(closedAfter).toBeGreaterThan(0);
      const report = verifyDatabase(join(restoredDir, 'office.sqlite'));
      expect([report.ok, report.errors, report.gaps]).toEqual([true, [], []]);

      // Head office: the old line untouched, the restored one from the first differing seq, nothing twice.
      const lastSeqAfter = b.office.seq;
      const after = await eventually(
        () => atHeadOffice(seeded.id),
        (x) => x.epochs.length === 2 && x.epochs[1]?.last === lastSeqAfter,
        30_000,
      );
      expect(after.epochs).toEqual([
        { epoch: 1, n: lastSeqBefore, seqs: lastSeqBefore, first: 1, last: lastSeqBefore },
        {
          epoch: 2,
          n: lastSeqAfter - backupSeq,
          seqs: lastSeqAfter - backupSeq,
          first: backupSeq + 1,
          last: lastSeqAfter,
        },
      ]);
      expect(await digests(seeded.id, 1)).toEqual(oldLine);
      // every visit that happened is counted once: both lines', the backup's own not again
      expect(after.visits).toBe(visits + closedAfter);
      expect(backupVisits).toBeLessThanOrEqual(visits);
      const forked = await q<{ details: { fromSeq: number } }>(
        "SELECT details FROM office_incidents WHERE office_id = $1 AND kind = 'forked' AND acked_at IS NULL",
        [seeded.id],
      );
      expect(forked.map((f) => f.details.fromSeq)).toEqual([backupSeq + 1]);

      // The restored office has sent everything and shows why head office wants a person to look.
      await eventually(
        () => b.store.outboxBacklog().count,
        (n) => n === 0,
        30_000,
      );
      b.monitor.evaluate();
      expect((await activeAlarms(b)).map((a) => a.kind)).toContain('hq-attention');
    } finally {
      await b.stop();
    }
  });
});
