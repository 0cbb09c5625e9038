import { HQ_LIVE_NAMESPACE, type OfficeRow } from '@talon/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeOffice } from '../sync/fake-office.js';
import { call, push, signIn } from '../sync/test-helpers.js';
import { startTestHeadOffice, type TestHeadOffice } from '../testing.js';

let t: TestHeadOffice;
beforeAll(async () => {
  t = await startTestHeadOffice();
});
afterAll(async () => {
  await t?.close();
});

const sockets: Socket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});

function connect(token: string | undefined): Socket {
  const s = io(`${t.url}${HQ_LIVE_NAMESPACE}`, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
  });
  sockets.push(s);
  return s;
}

const snapshotOf = (s: Socket) =>
  new Promise<OfficeRow[]>((resolve, reject) => {
    s.once('snapshot', resolve);
    s.once('connect_error', reject);
  });

/** The next `office` row for this office that satisfies `ok`. */
const updateOf = (s: Socket, officeId: string, ok: (r: OfficeRow) => boolean) =>
  new Promise<OfficeRow>((resolve) => {
    const seen = (row: OfficeRow) => {
      if (row.id !== officeId || !ok(row)) return;
      s.off('office', seen);
      resolve(row);
    };
    s.on('office', seen);
  });

describe('the live channel', () => {
  it('refuses a connection without a valid session', async () => {
    await expect(snapshotOf(connect(undefined))).rejects.toThrow('UNAUTHORIZED');
    await expect(snapshotOf(connect('not-a-session'))).rejects.toThrow('UNAUTHORIZED');
  });

  it('sends the snapshot, then each office as its batches arrive — only to those who may see it', async () => {
    const mine = await t.seedOffice({ branchCode: 'LIVE-A' });
    const theirs = await t.seedOffice({ branchCode: 'LIVE-B' });
    const created = await call(t.url, 'POST', '/api/hq/users', {
      token: t.adminToken,
      body: {
        login: 'live-manager',
        name: 'Руководитель',
        password: 'live-manager-1',
        role: 'branch_manager',
        branchId: mine.branchId,
      },
    });
    expect(created.status).toBe(200);
    const manager = connect(await signIn(t.url, 'live-manager', 'live-manager-1'));
    const admin = connect(t.adminToken);
    const [managerRows, adminRows] = await Promise.all([snapshotOf(manager), snapshotOf(admin)]);
    expect(managerRows.map((r) => r.id)).toEqual([mine.id]);
    expect(adminRows.map((r) => r.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));

    const other: OfficeRow[] = [];
    manager.on('office', (r: OfficeRow) => {
      if (r.id === theirs.id) other.push(r);
    });
    const fake = new FakeOffice();
    fake.visit({ serviceId: 'cash', waitSec: 90 });
    const theirsSeen = updateOf(admin, theirs.id, (r) => r.sync.ackSeq === fake.lastSeq);
    await push(t.url, theirs.apiKey, fake.batch(1));
    expect((await theirsSeen).sync.connected).toBe(true);

    const mineSeen = updateOf(manager, mine.id, (r) => r.sync.ackSeq === fake.lastSeq);
    await push(t.url, mine.apiKey, fake.batch(1));
    expect((await mineSeen).sync.ackSeq).toBe(fake.lastSeq);
    // By now the manager's socket has had the batch of their own office after the other's: nothing of the other.
    expect(other).toEqual([]);
  });

  it('listens again when its database connection drops, and refreshes the screens', async () => {
    const office = await t.seedOffice();
    const s = connect(t.adminToken);
    await snapshotOf(s);
    const refreshed = snapshotOf(s);
    const { rows } = await t.hq.pool.query(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query = 'LISTEN hq_office'",
    );
    expect(rows).toEqual([{ ok: true }]);
    await refreshed;
    const fake = new FakeOffice();
    fake.visit({ serviceId: 'cash', waitSec: 90 });
    const seen = updateOf(s, office.id, (r) => r.sync.ackSeq === fake.lastSeq);
    await push(t.url, office.apiKey, fake.batch(1));
    expect((await seen).id).toBe(office.id);
  });
});
