import type { ServerResponse } from 'node:http';
import type { PublicVisit } from '@talon/protocol';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import { HQ_OFFICE_CHANNEL, type HqDeps } from '../context.js';

/**
 * The push behind the visit page on head office (`/o/:office/v/:token`): Server-Sent Events, one stream per
 * open page. A batch from an office is stored by whichever process took it and notified on HQ_OFFICE_CHANNEL
 * in its transaction (sync ingest), so every process hears it on commit: its open pages of that office read
 * their visit again and hear only when it changed. A pass every KEEP_ALIVE_MS is the keep-alive and
 * catches what no notice announced (a lost LISTEN connection, the «updated … ago» line).
 */

export const KEEP_ALIVE_MS = 15_000;
const RETRY_MS = 2000;
const RELISTEN_MS = 1000;
const STREAMS_MAX = 2000;

interface Stream {
  officeId: string;
  res: ServerResponse;
  read: () => Promise<PublicVisit | null>;
  last: string;
  busy: boolean;
}

export interface VisitStreams {
  attach(reply: FastifyReply, officeId: string, read: Stream['read'], first: PublicVisit): FastifyReply;
  close(): Promise<void>;
}

export function visitStreams(deps: HqDeps, keepAliveMs = KEEP_ALIVE_MS): VisitStreams {
  const streams = new Set<Stream>();
  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const send = (s: Stream, v: PublicVisit): boolean => {
    const data = JSON.stringify(v);
    if (data === s.last) return false;
    s.last = data;
    s.res.write(`event: visit\ndata: ${data}\n\n`);
    return true;
  };
  const refresh = async (s: Stream, ping: boolean) => {
    if (s.busy) return;
    s.busy = true;
    try {
      const v = await s.read();
      if ((!v || !send(s, v)) && ping) s.res.write('event: ping\ndata: {}\n\n');
    } catch (err) {
      deps.log.warn({ err }, 'visit page: reading the visit failed');
    } finally {
      s.busy = false;
    }
  };
  const pass = (officeId: string | null, ping: boolean) => {
    for (const s of streams) if (officeId === null || s.officeId === officeId) void refresh(s, ping);
  };

  const timer = setInterval(() => pass(null, true), keepAliveMs);
  timer.unref();

  // One LISTEN connection per process, opened with the first page and kept; re-established when it drops.
  const listen = async () => {
    if (listener || closed) return;
    const client = new pg.Client({
      connectionString: (deps.pool.options as { connectionString?: string }).connectionString,
    });
    const lost = () => {
      if (listener !== client) return;
      listener = null;
      client.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void listen(), RELISTEN_MS);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (m) => {
      if (m.channel === HQ_OFFICE_CHANNEL && m.payload) pass(m.payload, false);
    });
    listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${HQ_OFFICE_CHANNEL}`);
      // what changed while not listening
      pass(null, false);
    } catch (err) {
      deps.log.warn({ err }, 'visit pages: LISTEN failed, retrying');
      lost();
    }
  };

  return {
    attach(reply, officeId, read, first) {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        'referrer-policy': 'no-referrer',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      res.write(`retry: ${RETRY_MS}\n\n`);
      if (streams.size >= STREAMS_MAX) streams.values().next().value?.res.end();
      const s: Stream = { officeId, res, read, last: '', busy: false };
      streams.add(s);
      res.on('close', () => streams.delete(s));
      send(s, first);
      void listen();
      return reply;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      if (retry) clearTimeout(retry);
      for (const s of streams) s.res.end();
      streams.clear();
      const l = listener;
      listener = null;
      await l?.end().catch(() => {});
    },
  };
}
