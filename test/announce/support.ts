import type { Announcement, BoardInit } from '@talon/protocol';
import { io, type Socket } from 'socket.io-client';
import type { TestServer } from '../support/server.js';
import { Waiters } from '../support/waiters.js';

/** A board's announcement channel as a plain socket.io client that keeps what it receives. */
export class AnnounceClient {
  inits: BoardInit[] = [];
  announcements: Announcement[] = [];
  private readonly waiters = new Waiters('an announcement');

  private constructor(readonly socket: Socket) {
    socket.on('init', (i: BoardInit) => {
      this.inits.push(i);
      this.waiters.wake();
    });
    socket.on('announcement', (a: Announcement) => {
      this.announcements.push(a);
      this.waiters.wake();
    });
  }

  static open(url: string, token: string): Promise<AnnounceClient> {
    const socket = io(`${url}/announce`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const c = new AnnounceClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect_error', reject);
      c.until(() => c.inits.length > 0).then(() => resolve(c), reject);
    });
  }

  until(pred: () => boolean, ms = 5000): Promise<void> {
    return this.waiters.until(pred, ms);
  }

  ack(body: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
    return this.socket.timeout(5000).emitWithAck('ack', body);
  }

  close() {
    this.socket.close();
  }
}

async function http<T>(s: TestServer, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(s.url + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export const getJson = <T>(s: TestServer, path: string, token?: string) => http<T>(s, 'GET', path, undefined, token);
export const putJson = <T>(s: TestServer, path: string, body: unknown, token?: string) =>
  http<T>(s, 'PUT', path, body, token);

/** Operators signed in at windows, and a kiosk to issue tickets: enough to make calls. */
export async function hall(s: TestServer, windows: Record<string, string> = { operator1: 'w1' }) {
  const kiosk = await s.pair('kiosk');
  const ops: Record<string, string> = {};
  for (const [login, windowId] of Object.entries(windows)) {
    const n = login.replace('operator', '');
    const { token } = await s.login(login, `talon${n}`);
    const r = await s.command(token, { type: 'operatorLogin', windowId });
    if (!r.body.ok) throw new Error(`${login} at ${windowId}: ${JSON.stringify(r.body)}`);
    ops[login] = token;
  }
  const admin = (await s.login('admin', 'admin-talon')).token;
  return {
    kiosk,
    ops,
    admin,
    async issue(topicId = 'billing') {
      const r = await s.command(kiosk.token, { type: 'issueTicket', topicId, segmentId: 'individual' });
      if (!r.body.ok) throw new Error(`issue: ${JSON.stringify(r.body)}`);
      return r.body.result?.number as string;
    },
    async call(login = 'operator1') {
      const r = await s.command(ops[login], { type: 'callNext' });
      if (!r.body.ok) throw new Error(`call by ${login}: ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async command(login: string, command: Record<string, unknown>) {
      const r = await s.command(ops[login], command);
      if (!r.body.ok) throw new Error(`${command.type} by ${login}: ${JSON.stringify(r.body)}`);
      return r.body;
    },
  };
}
