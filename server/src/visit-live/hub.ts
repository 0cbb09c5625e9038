import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Office } from '../office.js';
import type { VisitView } from './view.js';

/**
 * The push behind the visitor's ticket page: one Server-Sent Events stream per open page (`EventSource`
 * is native on phones, reconnects by itself and is plain HTTP through the edge and its CSP). Each commit
 * of the office schedules one pass over the open pages; a page hears only when what it shows changed.
 * A periodic pass carries what time alone changes (the estimate, a postponement running out) and is the
 * keep-alive that lets the page notice a dead link.
 */

/** How often every open page hears from the server, whatever happens: the page's dead-link timer is longer. */
export const KEEP_ALIVE_MS = 15_000;
/** How soon a page that lost the stream asks again (the EventSource's own retry). */
const RETRY_MS = 2000;
/** Open pages at most: over it, the oldest stream ends (its page reconnects later, or is gone). */
const STREAMS_MAX = 2000;
/** Passes over the open pages at most this often (a call still reaches the phone well within a second). */
const PASS_MS = 250;
/** One ticket's open pages at most (a phone that reopened the link, two members of a family). */
const PER_TICKET_MAX = 4;

interface Stream {
  ticketId: string;
  res: ServerResponse;
  /** The page's message for a view (its language and contrast): HTML and the figures the script reads. */
  render: (v: VisitView) => unknown;
  last: string;
}

export interface VisitLiveOptions {
  office: Office;
  view: (ticketId: string) => VisitView;
  keepAliveMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

export class VisitLive {
  private readonly streams = new Set<Stream>();
  private readonly byTicket = new Map<string, Set<Stream>>();
  private scheduled = false;
  private lastPass = Number.NEGATIVE_INFINITY;
  private readonly timer: NodeJS.Timeout;
  private readonly unhook: () => void;

  constructor(private readonly opts: VisitLiveOptions) {
    this.unhook = opts.office.onEvents(() => this.schedule());
    this.timer = setInterval(() => this.pass(true), opts.keepAliveMs ?? KEEP_ALIVE_MS);
    this.timer.unref();
  }

  get open(): number {
    return this.streams.size;
  }

  /** Takes over the reply as the page's stream; the first message is the state now. */
  attach(reply: FastifyReply, ticketId: string, render: Stream['render']): FastifyReply {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      // the edge's security headers were set on the reply before it was taken over
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      // a proxy that buffers would hold the call back until the buffer fills
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    const s: Stream = { ticketId, res, render, last: '' };
    this.add(s);
    res.on('close', () => this.remove(s));
    this.send(s, this.opts.view(ticketId));
    return reply;
  }

  /** Ends every stream (the server stops: an open stream would hold its close). */
  close(): void {
    clearInterval(this.timer);
    this.unhook();
    for (const s of [...this.streams]) s.res.end();
    this.streams.clear();
    this.byTicket.clear();
  }

  private add(s: Stream) {
    if (this.streams.size >= STREAMS_MAX) this.streams.values().next().value?.res.end();
    let set = this.byTicket.get(s.ticketId);
    if (!set) {
      set = new Set();
      this.byTicket.set(s.ticketId, set);
    }
    if (set.size >= PER_TICKET_MAX) set.values().next().value?.res.end();
    set.add(s);
    this.streams.add(s);
  }

  private remove(s: Stream) {
    this.streams.delete(s);
    const set = this.byTicket.get(s.ticketId);
    set?.delete(s);
    if (set?.size === 0) this.byTicket.delete(s.ticketId);
  }

  /**
   * Several commits in a row (a call is often two or three events) make one pass, and passes come at most
   * every PASS_MS: each waiting page's place is a replay of the queue, and the writer's time is the hall's.
   */
  private schedule() {
    if (this.scheduled || this.streams.size === 0) return;
    this.scheduled = true;
    const wait = Math.max(0, this.lastPass + PASS_MS - performance.now());
    const run = () => {
      this.scheduled = false;
      this.pass(false);
    };
    if (wait === 0) setImmediate(run);
    else setTimeout(run, wait).unref();
  }

  private pass(keepAlive: boolean) {
    this.lastPass = performance.now();
    for (const [ticketId, set] of this.byTicket) {
      let view: VisitView;
      try {
        view = this.opts.view(ticketId);
      } catch (err) {
        this.opts.log?.('visit page: the ticket view failed', err);
        continue;
      }
      for (const s of set) if (!this.send(s, view) && keepAlive) s.res.write('event: ping\ndata: {}\n\n');
    }
  }

  /** Sends the view if the page shows something else; whether it sent. */
  private send(s: Stream, view: VisitView): boolean {
    const data = JSON.stringify(s.render(view));
    if (data === s.last) return false;
    s.last = data;
    s.res.write(`event: visit\ndata: ${data}\n\n`);
    return true;
  }
}
