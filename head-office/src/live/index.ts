import type { Server as HttpServer } from 'node:http';
import { HQ_LIVE_NAMESPACE, type OfficeRow } from '@talon/protocol';
import pg from 'pg';
import { Server, type Socket } from 'socket.io';
import { HQ_OFFICE_CHANNEL, type HqDeps, type HqIdentity } from '../context.js';
import { identify } from '../edge.js';
import { officeRows } from '../structure/rows.js';

export interface Live {
  close(): Promise<void>;
}

/** At most one `office` emit per office per this (a busy office's batches arrive many a second). */
const COALESCE_MS = 100;
const RELISTEN_MS = 1000;

/** Rooms: `all` for those who see every office, `branch:<id>` for a branch manager. */
const roomOf = (id: HqIdentity) =>
  id.kind === 'user' && id.user.role === 'branch_manager' ? `branch:${id.user.branchId}` : 'all';

/**
 * The head-office screens' live channel. Every process LISTENs on HQ_OFFICE_CHANNEL, which the
 * ingest notifies inside its transaction, so a batch stored by any process reaches the screens
 * connected to every process once it commits.
 */
export async function attachLive(server: HttpServer, pool: pg.Pool, deps: HqDeps): Promise<Live> {
  const io = new Server(server, { serveClient: false, cors: { origin: true } });
  const nsp = io.of(HQ_LIVE_NAMESPACE);

  nsp.use(async (socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const id = await identify(pool, 'signed-in', typeof token === 'string' ? token : undefined).catch(() => null);
    if (!id?.ok) return next(new Error(id?.error.code ?? 'UNAUTHORIZED'));
    socket.data.identity = id.identity;
    next();
  });

  const snapshot = async (socket: Socket) => {
    const identity = socket.data.identity as HqIdentity;
    const rows = await officeRows(pool, await deps.visibleOffices(identity), deps.now());
    socket.emit('snapshot', rows);
  };

  nsp.on('connection', (socket) => {
    socket.join(roomOf(socket.data.identity as HqIdentity));
    snapshot(socket).catch((err: unknown) => deps.log.error({ err }, 'live snapshot failed'));
  });

  // Coalescing: an office notified within COALESCE_MS of its last emit waits for the rest of it;
  // offices due together are built in one query.
  const lastEmit = new Map<string, number>();
  const scheduled = new Set<string>();
  const due = new Set<string>();
  let building = false;

  const flush = async () => {
    if (building) return;
    building = true;
    try {
      while (due.size > 0) {
        const ids = [...due];
        due.clear();
        if (nsp.sockets.size === 0) continue;
        const at = Date.now();
        for (const id of ids) lastEmit.set(id, at);
        const rows = await officeRows(pool, ids, deps.now());
        for (const row of rows) emitRow(row);
      }
    } catch (err) {
      deps.log.error({ err }, 'live office update failed');
    } finally {
      building = false;
    }
  };
  const emitRow = (row: OfficeRow) => nsp.to(['all', `branch:${row.branchId}`]).emit('office', row);

  const notified = (officeId: string) => {
    if (scheduled.has(officeId)) return;
    scheduled.add(officeId);
    const wait = Math.max(0, (lastEmit.get(officeId) ?? 0) + COALESCE_MS - Date.now());
    setTimeout(() => {
      scheduled.delete(officeId);
      due.add(officeId);
      void flush();
    }, wait).unref();
  };

  // A dedicated connection for LISTEN (a pooled one would be handed to queries); re-established
  // when it drops, after which every screen gets a fresh snapshot for what it may have missed.
  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const listen = async (again: boolean) => {
    const client = new pg.Client({
      connectionString: (pool.options as { connectionString?: string }).connectionString,
    });
    const lost = () => {
      if (listener !== client) return;
      listener = null;
      client.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void listen(true), RELISTEN_MS);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (m) => {
      if (m.channel === HQ_OFFICE_CHANNEL && m.payload) notified(m.payload);
    });
    listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${HQ_OFFICE_CHANNEL}`);
    } catch (err) {
      deps.log.warn({ err }, 'live channel: LISTEN failed, retrying');
      lost();
      return;
    }
    if (again) for (const socket of nsp.sockets.values()) void snapshot(socket).catch(() => {});
  };
  await listen(false);

  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const l = listener;
      listener = null;
      await l?.end().catch(() => {});
      // Not io.close(): that would close the HTTP server, which belongs to Fastify.
      nsp.disconnectSockets(true);
      io.engine.close();
    },
  };
}
