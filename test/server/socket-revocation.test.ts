import { join } from 'node:path';
import { ACCESS_ENDED_EVENT, type CommandResponse, type TalonError } from '@talon/protocol';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type LiveClient, startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 17, point 1: an open socket never outlives its right to exist. Each case opens a real socket,
 * takes the right away the way an office does it, and checks that the socket is told why, closed, and
 * that nothing it sends afterwards is acted on or answered with visitors' data.
 */
let s: TestServer;
afterEach(async () => {
  await s?.stop();
});

const PERSONAL = '1234567890';
let n = 0;
const cmd = (command: Record<string, unknown>) => ({ commandId: `cmd-rev-${String(++n).padStart(8, '0')}`, command });
const issue = { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' };
const issueWithData = { ...issue, visitorData: { account: PERSONAL, phone: '+7 900 000-00-00' } };

async function until(pred: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What the server tells the socket when it ends it, and how the socket closed. */
function watch(c: LiveClient) {
  const seen = { ended: [] as TalonError[], closed: [] as string[] };
  c.socket.on(ACCESS_ENDED_EVENT, (e: TalonError) => seen.ended.push(e));
  c.socket.on('disconnect', (reason: string) => seen.closed.push(reason));
  return seen;
}

async function droppedWith(c: LiveClient, seen: ReturnType<typeof watch>, code: string, reason: string) {
  await until(() => seen.closed.length > 0, 'the server to close the socket');
  expect(seen.closed).toEqual(['io server disconnect']);
  expect(seen.ended).toHaveLength(1);
  const [ended] = seen.ended;
  expect(ended).toMatchObject({ code, details: { reason } });
  expect(ended?.message.ru.length).toBeGreaterThan(5);
  expect(ended?.message.en.length).toBeGreaterThan(5);
  expect(c.socket.connected).toBe(false);
}

/** Sends on a socket the server may already have closed: the answer, or null when none came. */
async function attempt(c: LiveClient, event: string, ...args: unknown[]): Promise<unknown> {
  try {
    return await c.socket.timeout(1500).emitWithAck(event, ...args);
  } catch {
    return null;
  }
}

const post = (path: string, token: string, body: unknown = {}, method = 'POST') =>
  fetch(s.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const ticketCount = () => Object.keys(s.office.view().tickets).length;

/** A refusal or silence, never an answer carrying what only a signed-in operator may see. */
function refusedWithoutData(answer: unknown, codes: string[]) {
  expect(JSON.stringify(answer ?? null)).not.toContain(PERSONAL);
  if (answer !== null) expect(answer).toMatchObject({ ok: false, error: { code: expect.toBeOneOf(codes) } });
}

describe('sockets never outlive their right', () => {
  it('a revoked kiosk’s open socket is dropped at once and cannot issue a ticket', async () => {
    s = await startTestServer();
    const config = await s.login('config', 'config-talon');
    const pair = await s.pair('kiosk', 'Киоск у входа');
    const kiosk = await s.connect('kiosk', pair.token);
    const seen = watch(kiosk);
    expect((await kiosk.emitWithAck<CommandResponse>('command', cmd(issue))).ok).toBe(true);
    expect(ticketCount()).toBe(1);

    expect((await post(`/api/devices/${pair.deviceId}/revoke`, config.token)).status).toBe(200);
    await droppedWith(kiosk, seen, 'UNAUTHORIZED', 'device-unpaired');
    refusedWithoutData(await attempt(kiosk, 'command', cmd(issue)), ['UNAUTHORIZED']);
    expect(ticketCount()).toBe(1);
    await expect(s.connect('kiosk', pair.token)).rejects.toThrow('unauthorized');
    expect(s.auth.sockets.held().sockets).toBe(0);
  });

  it('a device revoked behind the server’s back (the talon command) is refused at its very next event', async () => {
    // no timer: only the check before each event can catch a write made by another process
    s = await startTestServer({ server: { auth: { sockets: { sweepMs: 0 } } } });
    const pair = await s.pair('kiosk');
    const kiosk = await s.connect('kiosk', pair.token);
    const seen = watch(kiosk);
    const other = new Database(join(s.dataDir, 'office.sqlite'));
    other.prepare('UPDATE devices SET revoked_at = ? WHERE id = ?').run(Date.now(), pair.deviceId);
    other.close();
    const refused = await kiosk.emitWithAck<CommandResponse>('command', cmd(issue));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', details: { reason: 'device-unpaired' } },
    });
    await droppedWith(kiosk, seen, 'UNAUTHORIZED', 'device-unpaired');
    expect(ticketCount()).toBe(0);
  });

  it('an idle socket whose device was revoked behind the server’s back is dropped by the periodic check', async () => {
    s = await startTestServer({ server: { auth: { sockets: { sweepMs: 50, fullCheckMs: 200 } } } });
    const pair = await s.pair('board');
    const board = await s.connect('board', pair.token);
    const seen = watch(board);
    const other = new Database(join(s.dataDir, 'office.sqlite'));
    other.prepare('UPDATE devices SET revoked_at = ? WHERE id = ?').run(Date.now(), pair.deviceId);
    other.close();
    await droppedWith(board, seen, 'UNAUTHORIZED', 'device-unpaired');
  });

  it('pairing a screen again drops the socket of its old pairing; both namespaces of a board go together', async () => {
    s = await startTestServer();
    const first = await s.pair('board', 'Табло зала');
    const board = await s.connect('board', first.token);
    const announce = await openAnnounce(first.token);
    const seen = watch(board);
    const seenAnnounce = watch(announce);
    // the same browser pairs again with a new code, proving its old token
    const admin = await s.login('admin', 'admin-talon');
    const code = (await (
      await post('/api/devices/pairing-codes', admin.token, { role: 'board', name: 'Табло' })
    ).json()) as {
      code: string;
    };
    const again = await fetch(`${s.url}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.code, previous: { deviceId: first.deviceId, token: first.token } }),
    });
    expect(again.status).toBe(200);
    await droppedWith(board, seen, 'UNAUTHORIZED', 'device-unpaired');
    await droppedWith(announce, seenAnnounce, 'UNAUTHORIZED', 'device-unpaired');
  });

  it('a logged-out operator’s socket is dropped; a command after the logout is refused, resync says nothing', async () => {
    s = await startTestServer();
    const kiosk = await s.pair('kiosk');
    const op = await s.login('operator1', 'talon1');
    const console_ = await s.connect('operator', op.token);
    const seen = watch(console_);
    expect(
      (await console_.emitWithAck<CommandResponse>('command', cmd({ type: 'operatorLogin', windowId: 'w1' }))).ok,
    ).toBe(true);
    await s.command(kiosk.token, issueWithData);
    await console_.until(() => JSON.stringify(console_.events).includes(PERSONAL));

    expect((await post('/api/auth/logout', op.token)).status).toBe(200);
    const sentAfter = attempt(console_, 'command', cmd({ type: 'callNext' }));
    const resync = attempt(console_, 'resync');
    await droppedWith(console_, seen, 'UNAUTHORIZED', 'signed-out');
    refusedWithoutData(await sentAfter, ['UNAUTHORIZED']);
    refusedWithoutData(await resync, ['UNAUTHORIZED']);
    expect(Object.values(s.office.view().tickets).map((t) => t.status)).toEqual(['waiting']);
  });

  it('an expired session is refused at its next event, and an idle one is dropped when the clock passes its end', async () => {
    s = await startTestServer();
    const busy = await s.login('operator1', 'talon1');
    const idle = await s.login('operator2', 'talon2');
    const busyConsole = await s.connect('operator', busy.token);
    const idleConsole = await s.connect('operator', idle.token);
    const seenBusy = watch(busyConsole);
    const seenIdle = watch(idleConsole);
    expect(idle.expiresAt).toBe(busy.expiresAt);
    await s.command((await s.pair('kiosk')).token, issueWithData);
    await busyConsole.until(() => JSON.stringify(busyConsole.events).includes(PERSONAL));

    // the test clock route moves the server's clock; nothing is sent on the idle socket
    const res = await fetch(`${s.url}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: busy.expiresAt }),
    });
    expect(res.status).toBe(200);
    const sent = attempt(busyConsole, 'command', cmd({ type: 'operatorLogin', windowId: 'w1' }));
    const resync = attempt(busyConsole, 'resync');
    refusedWithoutData(await sent, ['SESSION_EXPIRED']);
    refusedWithoutData(await resync, ['SESSION_EXPIRED']);
    await droppedWith(busyConsole, seenBusy, 'SESSION_EXPIRED', 'session-expired');
    await droppedWith(idleConsole, seenIdle, 'SESSION_EXPIRED', 'session-expired');
    expect(s.office.view().operators.op1?.status).toBe('logged-out');
  });

  it('a disabled operator is dropped mid-shift: no call, no visitors’ data on resync, no way back in', async () => {
    s = await startTestServer();
    const config = await s.login('config', 'config-talon');
    const kiosk = await s.pair('kiosk');
    const op = await s.login('operator1', 'talon1');
    const console_ = await s.connect('operator', op.token);
    const seen = watch(console_);
    await console_.emitWithAck('command', cmd({ type: 'operatorLogin', windowId: 'w1' }));
    await s.command(kiosk.token, issueWithData);
    await s.command(kiosk.token, issueWithData);
    const called = await console_.emitWithAck<CommandResponse>('command', cmd({ type: 'callNext' }));
    expect(called.ok).toBe(true);
    expect(JSON.stringify(await console_.emitWithAck('resync'))).toContain(PERSONAL);

    const patched = await post(`/api/users/${op.user.id}`, config.token, { disabled: true }, 'PATCH');
    expect(patched.status).toBe(200);
    const callAgain = attempt(console_, 'command', cmd({ type: 'finishService' }));
    const resync = attempt(console_, 'resync');
    await droppedWith(console_, seen, 'UNAUTHORIZED', 'account-disabled');
    refusedWithoutData(await callAgain, ['UNAUTHORIZED']);
    refusedWithoutData(await resync, ['UNAUTHORIZED']);
    const statuses = Object.values(s.office.view().tickets).map((t) => t.status);
    expect(statuses.sort()).toEqual(['called', 'waiting']);
    await expect(s.connect('operator', op.token)).rejects.toThrow('unauthorized');
  });

  it('new roles take effect on open sockets: a namespace the new roles do not admit is closed at once', async () => {
    s = await startTestServer();
    const config = await s.login('config', 'config-talon');
    const created = await post('/api/users', config.token, {
      login: 'smena',
      name: 'Старший смены',
      password: 'smena-pass-1',
      roles: ['hall_admin'],
    });
    const user = (await created.json()) as { id: string };
    const session = await s.login('smena', 'smena-pass-1');
    const adminSocket = await s.connect('admin', session.token);
    const kioskView = await s.connect('kiosk', session.token);
    const seenAdmin = watch(adminSocket);
    const seenKiosk = watch(kioskView);
    expect((await kioskView.emitWithAck<CommandResponse>('command', cmd(issue))).ok).toBe(true);

    // a hall administrator made a plain operator: neither namespace admits operators
    await post(`/api/users/${user.id}`, config.token, { roles: ['operator'], operatorId: 'op2' }, 'PATCH');
    await droppedWith(adminSocket, seenAdmin, 'FORBIDDEN', 'roles-changed');
    await droppedWith(kioskView, seenKiosk, 'FORBIDDEN', 'roles-changed');
  });

  it('a role taken away is refused on a namespace that stays open', async () => {
    s = await startTestServer({ server: { auth: { sockets: { sweepMs: 0 } } } });
    const config = await s.login('config', 'config-talon');
    const created = await post('/api/users', config.token, {
      login: 'dual',
      name: 'Оператор и администратор',
      password: 'dual-pass-12',
      roles: ['operator', 'hall_admin'],
      operatorId: 'op3',
    });
    const user = (await created.json()) as { id: string };
    const session = await s.login('dual', 'dual-pass-12');
    const console_ = await s.connect('operator', session.token);
    const seen = watch(console_);
    await post(`/api/users/${user.id}`, config.token, { roles: ['hall_admin'] }, 'PATCH');
    // /operator admits hall administrators: the socket stays, but a call is an operator's
    const refused = await console_.emitWithAck<CommandResponse>('command', cmd({ type: 'callNext' }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(console_.socket.connected).toBe(true);
    expect(seen.ended).toEqual([]);
  });
});

async function openAnnounce(token: string): Promise<LiveClient> {
  const { io } = await import('socket.io-client');
  const socket = io(`${s.url}/announce`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('init', () => resolve());
    socket.once('connect_error', reject);
  });
  // only `socket` of a LiveClient is used here
  return { socket } as LiveClient;
}
