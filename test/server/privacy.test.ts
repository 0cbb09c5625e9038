import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersonalDataErased, PersonalDataExport, ReportResponse, Snapshot } from '@talon/protocol';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServerArgs } from '../../server/src/cli/server-options.js';
import { bytesHolding, columnsHolding } from '../../server/src/privacy/test-support.js';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../support/server.js';

/** What a visitor types at the kiosk (152-ФЗ): it may live only in the personal-data table, and only for a while. */
const ACCOUNT = '7700123456';
const PHONE = '+7 912 345-67-89';
/** The same number as the office compares it (the personal-data table's lookup column). */
const KEY = '79123456789';
const SECRETS = [ACCOUNT, PHONE, KEY];
const DAY = 24 * 3600_000;
const TODAY = '2026-11-26';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});
const start = async (opts: Parameters<typeof startTestServer>[0] = {}) => {
  const s = await startTestServer(opts);
  servers.push(s);
  return s;
};

const http = async <T>(s: TestServer, method: string, path: string, token: string, body?: unknown) => {
  const res = await fetch(s.url + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

/** The office database as another connection reads it: what is on disk, not what the server holds. */
function onDisk(s: TestServer, needles: readonly string[] = SECRETS): string[] {
  const db = new Database(join(s.dataDir, 'office.sqlite'), { readonly: true });
  try {
    return columnsHolding(db, needles);
  } finally {
    db.close();
  }
}

async function issue(s: TestServer, kiosk: string, extra: Record<string, unknown> = {}) {
  const r = await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual', ...extra });
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  return r.body.result as { ticketId: string; number: string };
}

async function serveNext(s: TestServer, op: string) {
  for (const type of ['callNext', 'startService', 'finishService'] as const) {
    const r = await s.command(op, type === 'finishService' ? { type, outcomes: [] } : { type });
    expect(r.body.ok, type).toBe(true);
    s.clock.advance(60_000);
  }
}

async function atWindow(s: TestServer) {
  const op = (await s.login('operator1', 'talon1')).token;
  await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
  return op;
}

describe('personal data apart from the event log (152-ФЗ)', () => {
  it('the log never holds what the visitor typed; the operator sees it during the visit and after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'talon-privacy-'));
    let s = await startTestServer({ dataDir });
    try {
      const kiosk = (await s.pair('kiosk')).token;
      const op = await atWindow(s);
      const console_ = await s.connect('operator', op);
      const { ticketId } = await issue(s, kiosk, { visitorData: { account: ACCOUNT, phone: PHONE } });
      s.office.snapshotNow();

      // raw SQL over every payload of the log, and every other table: only the personal-data table has them
      const db = new Database(join(dataDir, 'office.sqlite'), { readonly: true });
      const payloads = db.prepare<[], string>('SELECT payload FROM events').pluck().all().join('\n');
      db.close();
      expect(payloads).toContain(ticketId);
      for (const v of SECRETS) expect(payloads).not.toContain(v);
      expect(onDisk(s).every((c) => c.startsWith('personal_data.'))).toBe(true);
      expect(onDisk(s)).toHaveLength(3);

      // the operator's console: the event over the socket and the state over HTTP
      await console_.until(() => console_.events.some((e) => e.type === 'TicketIssued'));
      expect(JSON.stringify(console_.events)).toContain(ACCOUNT);
      const state = await http<Snapshot>(s, 'GET', '/api/state', op);
      expect(state.body.state.tickets[ticketId]?.visitorData).toEqual({ account: ACCOUNT, phone: PHONE });

      // a restart folds a log without the values: the operator's card is filled from their table
      console_.close();
      await s.close();
      s = await startTestServer({ dataDir, now: OFFICE_MORNING + 600_000 });
      const op2 = (await s.login('operator1', 'talon1')).token;
      const again = await s.connect('operator', op2);
      expect(again.snapshots[0]?.state.tickets[ticketId]?.visitorData).toEqual({ account: ACCOUNT, phone: PHONE });
      const board = await s.connect('board', (await s.pair('board')).token);
      expect(JSON.stringify(board.snapshots[0]?.state)).not.toContain(ACCOUNT);
    } finally {
      await s.stop();
    }
  });

  it('after the retention the values are gone from every table and from a backup taken then; the day’s report still counts the visit', async () => {
    const s = await start({ server: { backups: { enabled: true, checkEveryMs: 0 } } });
    const kiosk = (await s.pair('kiosk')).token;
    const op = await atWindow(s);
    let admin = (await s.login('admin', 'admin-talon')).token;
    await issue(s, kiosk, { visitorData: { account: ACCOUNT, phone: PHONE } });
    await serveNext(s, op);
    s.office.snapshotNow();
    const report = async () =>
      (await http<ReportResponse>(s, 'GET', `/api/reports?period=day&date=${TODAY}`, admin)).body.summary;
    const before = await report();
    expect(before).toMatchObject({ visits: 1, served: 1 });
    expect(onDisk(s)).toHaveLength(3);

    // still kept on the 30th day; gone after it, once, audited with a count and nothing else
    s.clock.advance(29 * DAY);
    expect(s.privacy.purge()).toEqual({ records: 0, rows: 0 });
    s.clock.advance(2 * DAY);
    expect(s.privacy.purge()).toEqual({ records: 1, rows: 2 });
    expect(s.privacy.purge()).toEqual({ records: 0, rows: 0 });
    expect(onDisk(s)).toEqual([]);

    const run = await s.backups.runNow();
    expect(run.ok).toBe(true);
    const copy = new Database(run.file ?? '', { readonly: true });
    try {
      expect(copy.prepare('SELECT COUNT(*) AS n FROM visits').get()).toEqual({ n: 1 });
      expect(columnsHolding(copy, SECRETS)).toEqual([]);
    } finally {
      copy.close();
    }
    expect(bytesHolding(run.file ?? '', SECRETS)).toEqual([]);

    // a month on, the administrator signs in again: the same figures for that day
    admin = (await s.login('admin', 'admin-talon')).token;
    expect(await report()).toEqual(before);
    const audit = new Database(join(s.dataDir, 'office.sqlite'), { readonly: true });
    try {
      const rows = audit
        .prepare<[], { action: string; changes: string }>(
          "SELECT action, changes FROM admin_audit WHERE action LIKE 'personal-data.%'",
        )
        .all();
      expect(rows.map((r) => r.action)).toEqual(['personal-data.purged']);
      expect(rows[0]?.changes).toContain('1 запись');
    } finally {
      audit.close();
    }
  });

  it('a priority category never reaches a board, kiosk, wall or rating device, over sockets or HTTP', async () => {
    const s = await start();
    const kiosk = (await s.pair('kiosk')).token;
    const op = await atWindow(s);
    const devices = {
      board: (await s.pair('board')).token,
      kiosk,
      wall: (await s.pair('wall')).token,
      rating: (await s.pair('rating')).token,
    };
    const publicSockets = await Promise.all(
      [...Object.entries(devices), ['device', devices.board] as const].map(([ns, token]) =>
        s.connect(ns as 'board', token),
      ),
    );
    const console_ = await s.connect('operator', op);
    await issue(s, kiosk);
    await issue(s, kiosk, { priorityCategoryId: 'disability' });
    await serveNext(s, op);
    await serveNext(s, op);
    const seq = s.office.seq;
    for (const c of [...publicSockets, console_]) await c.until(() => c.lastSeq() === seq);

    // the operator does see it: the category on the ticket and its name in the call's reason
    expect(JSON.stringify(console_.events)).toContain('"priorityCategoryId":"disability"');
    expect(JSON.stringify(console_.events)).toContain('Люди с инвалидностью');

    // the office's list of categories is configuration; what a ticket, a call or a visit says is not shown
    const withoutConfig = (snap: Snapshot) => JSON.stringify({ ...snap.state, config: null });
    const category = /disability|инвалидност|disabilities/i;
    for (const c of publicSockets) {
      expect(JSON.stringify(c.events)).not.toMatch(category);
      expect(JSON.stringify(c.events)).toContain('Приоритетное обслуживание');
      expect(withoutConfig(await c.emitWithAck<Snapshot>('resync'))).not.toMatch(category);
    }
    // the same ticket while it waits, over HTTP and on connect
    await issue(s, kiosk, { priorityCategoryId: 'disability' });
    for (const [role, token] of Object.entries(devices)) {
      const state = await http<Snapshot>(s, 'GET', '/api/state', token);
      expect(state.status, role).toBe(200);
      expect(Object.keys(state.body.state.tickets), role).toHaveLength(1);
      expect(withoutConfig(state.body), role).not.toMatch(category);
      const fresh = await s.connect(role as 'board', token);
      expect(withoutConfig(fresh.snapshots[0] as Snapshot), role).not.toMatch(category);
    }
    const opState = await http<Snapshot>(s, 'GET', '/api/state', op);
    expect(Object.values(opState.body.state.tickets)[0]?.priorityCategoryId).toBe('disability');
  });
});

describe('export and erasure by phone number (a visitor’s request)', () => {
  it('lists the visits kept with a number, erases them on the configuration administrator’s word, audited without the number', async () => {
    const s = await start();
    const kiosk = (await s.pair('kiosk')).token;
    const op = await atWindow(s);
    const hall = (await s.login('admin', 'admin-talon')).token;
    const config = (await s.login('config', 'config-talon')).token;
    const served = await issue(s, kiosk, { visitorData: { account: ACCOUNT, phone: PHONE } });
    await serveNext(s, op);
    const waiting = await issue(s, kiosk, { visitorData: { phone: '8 (912) 345 67 89' } });
    const other = await issue(s, kiosk, { visitorData: { account: '5500000001', phone: '+7 900 000-00-01' } });

    const exportAs = (token: string, phone: unknown) =>
      http<PersonalDataExport>(s, 'POST', '/api/privacy/personal-data/export', token, { phone });
    const eraseAs = (token: string, phone: unknown) =>
      http<PersonalDataErased>(s, 'POST', '/api/privacy/personal-data/erase', token, { phone });

    // who may: administrators read, only the configuration administrator erases
    expect((await exportAs(op, PHONE)).status).toBe(403);
    expect((await eraseAs(hall, PHONE)).status).toBe(403);

    // a bad number is refused in Russian and English and changes nothing
    for (const bad of ['abc', '12', '+7 912 345-67-89-00-00-00', 79123456789]) {
      const r = await eraseAs(config, bad);
      expect(r.status, String(bad)).toBe(400);
      const body = r.body as unknown as { error: { code: string; message: { ru: string }; details: unknown } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(body.error.details)).toMatch(/phone/);
    }
    const refused = (await exportAs(hall, 'abc')).body as unknown as { error: { details: { message: object }[] } };
    expect(refused.error.details[0]?.message).toEqual({
      ru: 'номер телефона: от 6 до 15 цифр, допустимы +, пробелы, скобки и дефисы',
      en: 'a phone number: 6 to 15 digits; +, spaces, brackets and dashes allowed',
    });
    expect(s.store.personal.count()).toBe(5);

    const found = await exportAs(hall, '9123456789');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ phone: KEY, retentionDays: 30 });
    expect(found.body.records.map((r) => [r.kind, r.visit?.ticketId, r.values])).toEqual([
      ['visit', served.ticketId, { account: ACCOUNT, phone: PHONE }],
      ['visit', waiting.ticketId, { phone: '8 (912) 345 67 89' }],
    ]);
    expect(found.body.records[0]).toMatchObject({
      visit: { number: served.number, dayKey: TODAY, outcome: 'served' },
      purgeAt: (found.body.records[0]?.at ?? 0) + 30 * DAY,
    });

    const erased = await eraseAs(config, PHONE);
    expect(erased).toEqual({ status: 200, body: { phone: KEY, erased: 2 } });
    expect(s.store.personal.count()).toBe(2);
    expect((await exportAs(hall, PHONE)).body.records).toEqual([]);
    expect(onDisk(s, [ACCOUNT, PHONE, KEY, '8 (912) 345 67 89'])).toEqual([]);
    // the other visitor's data stays; the waiting visitor's card no longer shows the erased number
    expect((await exportAs(hall, '+79000000001')).body.records).toHaveLength(1);
    const state = (await http<Snapshot>(s, 'GET', '/api/state', op)).body.state;
    expect(state.tickets[waiting.ticketId]?.visitorData).toBeUndefined();
    expect(state.tickets[other.ticketId]?.visitorData?.account).toBe('5500000001');
    // and erasing again finds nothing
    expect((await eraseAs(config, PHONE)).body.erased).toBe(0);

    const audit = new Database(join(s.dataDir, 'office.sqlite'), { readonly: true });
    try {
      const rows = audit
        .prepare<[], { action: string; target: string | null; changes: string }>(
          "SELECT action, target, changes FROM admin_audit WHERE action LIKE 'personal-data.%' ORDER BY id",
        )
        .all();
      expect(rows.map((r) => r.action)).toEqual([
        'personal-data.exported',
        'personal-data.erased',
        'personal-data.exported',
        'personal-data.exported',
        'personal-data.erased',
      ]);
      expect(JSON.stringify(rows)).not.toMatch(/912|7700123456/);
    } finally {
      audit.close();
    }
  });
});

describe('the retention setting', () => {
  it('is a server option beside the backups: --personal-data-days N, a whole number of days', async () => {
    const days = (v: string) => parseServerArgs(['--personal-data-days', v], { allowDemo: false }).options.privacy;
    expect(days('7')).toEqual({ retentionDays: 7 });
    for (const bad of ['0', '2.5', 'month', '100000']) expect(() => days(bad), bad).toThrow(/personal-data-days/);

    const s = await start({ server: { privacy: { retentionDays: 7 } } });
    const kiosk = (await s.pair('kiosk')).token;
    await issue(s, kiosk, { visitorData: { phone: PHONE } });
    s.clock.advance(6 * DAY);
    expect(s.privacy.purge().records).toBe(0);
    s.clock.advance(2 * DAY);
    expect(s.privacy.purge().records).toBe(1);
  });
});
