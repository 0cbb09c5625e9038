import type { CommandResponse, Snapshot } from '@talon/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeEach(async () => {
  s = await startTestServer();
});
afterEach(async () => {
  await s.stop();
});

/** A ticket with the account and phone typed at the kiosk: what only operators and administrators may see. */
const issueWithPersonalData = (token: string) =>
  s.command(token, {
    type: 'issueTicket',
    topicId: 'billing',
    segmentId: 'individual',
    visitorData: { account: '1234567890', phone: '+7 900 000-00-00' },
  });

describe('realtime: snapshot + deltas', () => {
  it('sends a snapshot on connect, then every committed event with contiguous seq', async () => {
    const kiosk = await s.pair('kiosk');
    const board = await s.connect('board', (await s.pair('board')).token);
    const first = board.snapshots[0] as Snapshot;
    expect(first.state.config?.officeId).toBe('demo-tver');
    expect(first.receptionOpen).toBe(true);
    const seq0 = first.state.seq;

    const r1 = await s.command(kiosk.token, { type: 'issueTicket', topicId: 'payment', segmentId: 'individual' });
    const r2 = await s.command(kiosk.token, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    expect(r1.body.ok && r2.body.ok).toBe(true);
    await board.until(() => board.events.length === 2);
    expect(board.events.map((e) => e.seq)).toEqual([seq0 + 1, seq0 + 2]);
    expect(board.events.map((e) => e.type)).toEqual(['TicketIssued', 'TicketIssued']);
  });

  it('keeps personal data away from boards and kiosks but shows it to operators', async () => {
    const kiosk = await s.pair('kiosk');
    const board = await s.connect('board', (await s.pair('board')).token);
    const op = await s.login('operator1', 'talon1');
    const console_ = await s.connect('operator', op.token);
    await issueWithPersonalData(kiosk.token);
    await board.until(() => board.events.length === 1);
    await console_.until(() => console_.events.length === 1);
    expect(JSON.stringify(board.events)).not.toContain('1234567890');
    expect(JSON.stringify(console_.events)).toContain('1234567890');
    const resync = await board.emitWithAck<Snapshot>('resync');
    expect(JSON.stringify(resync.state)).not.toContain('1234567890');
  });

  it('a client that reconnects gets a fresh snapshot with everything it missed', async () => {
    const kiosk = await s.pair('kiosk');
    const boardToken = (await s.pair('board')).token;
    const board = await s.connect('board', boardToken);
    board.close();
    await s.command(kiosk.token, { type: 'issueTicket', topicId: 'payment', segmentId: 'individual' });
    const again = await s.connect('board', boardToken);
    const snap = again.snapshots[0] as Snapshot;
    expect(snap.state.seq).toBe(s.office.seq);
    expect(Object.values(snap.state.tickets).map((t) => t.number)).toEqual(['О-001']);
  });

  it('answers resync with the current snapshot', async () => {
    const kiosk = await s.pair('kiosk');
    const board = await s.connect('board', (await s.pair('board')).token);
    await s.command(kiosk.token, { type: 'issueTicket', topicId: 'payment', segmentId: 'individual' });
    const snap = await board.emitWithAck<Snapshot>('resync');
    expect(snap.state.seq).toBe(s.office.seq);
  });

  it('accepts commands over the socket with the same validation and idempotency', async () => {
    const kiosk = await s.connect('kiosk', (await s.pair('kiosk')).token);
    const cmd = {
      commandId: 'cmd-0000000001',
      command: { type: 'issueTicket', topicId: 'payment', segmentId: 'individual' },
    };
    const a = await kiosk.emitWithAck<CommandResponse>('command', cmd);
    const b = await kiosk.emitWithAck<CommandResponse>('command', cmd);
    expect(a).toEqual(b);
    expect(Object.keys(s.office.view().tickets)).toHaveLength(1);
    const bad = await kiosk.emitWithAck<CommandResponse>('command', { command: { type: 'issueTicket' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('VALIDATION_FAILED');
  });

  it('a kiosk may issue tickets but not cancel one: the ticket stays in the queue', async () => {
    const kiosk = await s.connect('kiosk', (await s.pair('kiosk')).token);
    const issued = await kiosk.emitWithAck<CommandResponse>('command', {
      commandId: 'cmd-kiosk-000001',
      command: { type: 'issueTicket', topicId: 'payment', segmentId: 'individual' },
    });
    const ticketId = issued.ok ? issued.result?.ticketId : undefined;
    expect(ticketId).toBeTruthy();
    const refused = await kiosk.emitWithAck<CommandResponse>('command', {
      commandId: 'cmd-kiosk-000002',
      command: { type: 'cancelTicket', ticketId },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(s.office.view().tickets[ticketId as string]?.status).toBe('waiting');
  });

  it('refuses a socket without a valid token or with the wrong role', async () => {
    await expect(s.connect('board', 'not-a-token')).rejects.toThrow('unauthorized');
    const kiosk = await s.pair('kiosk');
    await expect(s.connect('admin', kiosk.token)).rejects.toThrow('unauthorized');
    const op = await s.login('operator1', 'talon1');
    await expect(s.connect('admin', op.token)).rejects.toThrow('unauthorized');
  });

  it('a wall screen gets the monitor and alarms, no visitor data, and may not send commands', async () => {
    const kiosk = await s.pair('kiosk');
    await expect(s.connect('wall', kiosk.token)).rejects.toThrow('unauthorized');
    const pair = await s.pair('wall', 'Экран в кабинете');
    const wall = await s.connect('wall', pair.token);
    await issueWithPersonalData(kiosk.token);
    await wall.until(() => wall.events.length === 1);
    expect(JSON.stringify(wall.events)).not.toContain('1234567890');
    const resync = await wall.emitWithAck<Snapshot>('resync');
    expect(JSON.stringify(resync.state)).not.toContain('1234567890');
    // The new ticket changes the figures: the monitor is pushed to the wall as to an administrator.
    const pushed = new Promise<{ services: { waiting: number }[] }>((resolve) => wall.socket.once('monitor', resolve));
    s.monitor.evaluate();
    const monitor = await pushed;
    expect(monitor.services.reduce((n, x) => n + x.waiting, 0)).toBe(1);
    const refused = await wall.emitWithAck<CommandResponse>('command', {
      commandId: 'cmd-wall-000001',
      command: { type: 'cancelTicket', ticketId: 'x' },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('records device heartbeats as device status', async () => {
    const pair = await s.pair('board', 'Табло у входа');
    const board = await s.connect('board', pair.token);
    const ack = await board.emitWithAck<{ ok: boolean }>('heartbeat', {
      status: 'warning',
      details: { audio: 'muted' },
    });
    expect(ack.ok).toBe(true);
    const bad = await board.emitWithAck<{ ok: boolean }>('heartbeat', { status: 'exploded' });
    expect(bad.ok).toBe(false);
    const admin = await s.login('admin', 'admin-talon');
    const res = await fetch(`${s.url}/api/devices`, { headers: { authorization: `Bearer ${admin.token}` } });
    const devices = (await res.json()) as {
      name: string;
      status: string;
      online: boolean;
      details?: Record<string, unknown>;
    }[];
    const me = devices.find((d) => d.name === 'Табло у входа');
    expect(me).toMatchObject({ status: 'warning', online: true, details: { audio: 'muted' } });
  });
});
