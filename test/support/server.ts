import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  CommandInput,
  CommandResponse,
  DeviceRole,
  LoginResponse,
  Namespace,
  PairResponse,
  Snapshot,
  StoredEvent,
} from '@talon/protocol';
import { type RunningServer, type ServerOptions, startServer } from '@talon/server';
import { VirtualClock } from '@talon/server/clock';
import { rosatomDemoOffice } from '@talon/server/demo';
import { io, type Socket } from 'socket.io-client';
import { Waiters } from './waiters.js';

/** Wednesday 26 Nov 2026, 10:00 in Moscow: inside the demo office's reception hours. */
export const OFFICE_MORNING = Date.parse('2026-11-26T07:00:00Z');

export interface TestServer extends RunningServer {
  dataDir: string;
  clock: VirtualClock;
  login(login: string, password: string): Promise<LoginResponse>;
  pair(role: DeviceRole, name?: string): Promise<PairResponse>;
  command(
    token: string | undefined,
    command: CommandInput | Record<string, unknown>,
    commandId?: string,
  ): Promise<{ status: number; body: CommandResponse }>;
  connect(ns: Namespace, token: string): Promise<LiveClient>;
  stop(): Promise<void>;
}

export async function startTestServer(
  opts: { dataDir?: string; now?: number; server?: Partial<ServerOptions> } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'talon-test-'));
  const clock = new VirtualClock(opts.now ?? OFFICE_MORNING);
  const server = await startServer({
    dataDir,
    clock,
    demo: true,
    tickMs: 0,
    testClock: true,
    initialConfig: rosatomDemoOffice(),
    ...opts.server,
  });
  const clients: LiveClient[] = [];
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as never };
  };
  let admin: string | undefined;
  const t: TestServer = {
    ...server,
    dataDir,
    clock,
    async login(login, password) {
      const r = await post('/api/auth/login', { login, password });
      if (r.status !== 200) throw new Error(`login ${login}: ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async pair(role, name = `test ${role}`) {
      admin ??= (await t.login('admin', 'admin-talon')).token;
      const code = await post('/api/devices/pairing-codes', { role, name }, admin);
      const r = await post('/api/devices/pair', { code: (code.body as { code: string }).code });
      return r.body;
    },
    command(token, command, commandId) {
      return post('/api/commands', commandId ? { command, commandId } : { command }, token);
    },
    async connect(ns, token) {
      const c = await LiveClient.open(`${server.url}/${ns}`, token);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/** A realtime client that keeps every snapshot and event it receives, for assertions. */
export class LiveClient {
  snapshots: Snapshot[] = [];
  events: StoredEvent[] = [];
  private readonly waiters = new Waiters('realtime data');

  private constructor(readonly socket: Socket) {
    socket.on('snapshot', (s: Snapshot) => {
      this.snapshots.push(s);
      this.waiters.wake();
    });
    socket.on('event', (e: StoredEvent) => {
      this.events.push(e);
      this.waiters.wake();
    });
  }

  static open(url: string, token: string): Promise<LiveClient> {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const c = new LiveClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect_error', (err) => reject(err));
      c.until(() => c.snapshots.length > 0).then(() => resolve(c), reject);
    });
  }

  /** Resolves when the predicate holds; rejects after `ms` so a missing event fails the test. */
  until(pred: () => boolean, ms = 5000): Promise<void> {
    return this.waiters.until(pred, ms);
  }

  lastSeq(): number {
    const fromEvents = this.events.at(-1)?.seq ?? 0;
    const fromSnap = this.snapshots.at(-1)?.state.seq ?? 0;
    return Math.max(fromEvents, fromSnap);
  }

  emitWithAck<T>(event: string, ...args: unknown[]): Promise<T> {
    return this.socket.timeout(5000).emitWithAck(event, ...args) as Promise<T>;
  }

  close() {
    this.socket.close();
  }
}
