import http from 'node:http';
import https from 'node:https';
import {
  HQ_ROUTES,
  type HqRouteName,
  type LocalText,
  type ProfileResult,
  type PublishedProfile,
  type SyncAck,
  type SyncBatch,
  type SyncHello,
  type SyncWelcome,
  type TicketRequest,
  type TicketRequestResult,
} from '@talon/protocol';

/** Why an exchange with head office failed, as the office's screens say it. */
export interface HqFailure {
  /** Head office's error code, or the office's own for what never got an answer. */
  code: string;
  message: LocalText;
  /** HTTP status; 0 when head office did not answer. */
  status: number;
  /** Worth trying again later (network, 5xx, 429); the rest will fail the same way until someone acts. */
  retryable: boolean;
  /** The least wait head office asked for. */
  retryAfterMs?: number;
  details?: unknown;
}

export type HqAnswer<T> = { ok: true; value: T } | { ok: false; failure: HqFailure };

/** The head-office routes an office calls: the link is written against this, tests may stand in for it. */
export interface HqTransport {
  hello(body: SyncHello): Promise<HqAnswer<SyncWelcome>>;
  events(batch: SyncBatch): Promise<HqAnswer<SyncAck>>;
  profile(): Promise<HqAnswer<PublishedProfile>>;
  profileResult(body: ProfileResult): Promise<HqAnswer<{ ok: true }>>;
  ratingsAck(ids: string[]): Promise<HqAnswer<{ ok: true }>>;
  /** Bookings made or cancelled on head office's page, applied here (issue 15); absent in the bench's stand-in. */
  bookingsAck?(ids: string[]): Promise<HqAnswer<{ ok: true }>>;
  /** Tickets asked for on head office's take page, and what became of them (issue 15, ticket-requests.ts). */
  ticketRequests?(): Promise<HqAnswer<{ requests: TicketRequest[] }>>;
  ticketResults?(results: TicketRequestResult[]): Promise<HqAnswer<{ ok: true }>>;
}

const UNREACHABLE: LocalText = { ru: 'Головной офис недоступен', en: 'Head office cannot be reached' };

/** `Retry-After`: seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** An answer of head office larger than this is not read (a profile is tens of kilobytes). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

class TimedOut extends Error {}

/**
 * Head office over HTTP(S) with the office's key as the bearer token, on this link's own keep-alive
 * connections (node:http): every call has a deadline, and `abort` ends the calls in flight and closes
 * the connections, half-open ones included, when the link stops. Nothing here retries: the link decides when.
 */
export class HttpHqTransport implements HqTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly inFlight = new Set<http.ClientRequest>();
  private aborted = false;

  constructor(
    url: string,
    private readonly key: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.base = new URL(url.replace(/\/+$/, ''));
    const Agent = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    // one batch at a time, plus the profile and ratings calls beside it
    this.agent = new Agent({ keepAlive: true, maxSockets: 4 });
  }

  hello(body: SyncHello) {
    return this.call<SyncWelcome>('syncHello', body);
  }
  events(batch: SyncBatch) {
    return this.call<SyncAck>('syncEvents', batch);
  }
  profile() {
    return this.call<PublishedProfile>('syncProfile');
  }
  profileResult(body: ProfileResult) {
    return this.call<{ ok: true }>('syncProfileResult', body);
  }
  ratingsAck(ids: string[]) {
    return this.call<{ ok: true }>('syncRatingsAck', { ids });
  }
  bookingsAck(ids: string[]) {
    return this.call<{ ok: true }>('syncBookingsAck', { ids });
  }
  ticketRequests() {
    return this.call<{ requests: TicketRequest[] }>('syncTicketRequests');
  }
  ticketResults(results: TicketRequestResult[]) {
    return this.call<{ ok: true }>('syncTicketRequestsResult', { results });
  }

  /** Ends every call in flight and closes the connections: the link stops or moves elsewhere. */
  abort(): void {
    this.aborted = true;
    for (const r of this.inFlight) r.destroy(new Error('aborted'));
    this.agent.destroy();
  }

  private async call<T>(name: HqRouteName, body?: unknown): Promise<HqAnswer<T>> {
    const def = HQ_ROUTES[name];
    try {
      if (this.aborted) throw new Error('aborted');
      const res = await this.request(def.method, def.path, body);
      let json: unknown = null;
      try {
        json = res.text ? JSON.parse(res.text) : null;
      } catch {
        json = null;
      }
      if (res.status >= 200 && res.status < 300 && json !== null) return { ok: true, value: json as T };
      return { ok: false, failure: failureOf(res.status, json, res.retryAfter) };
    } catch (err) {
      const timedOut = err instanceof TimedOut;
      return {
        ok: false,
        failure: {
          code: timedOut ? 'HQ_TIMEOUT' : 'HQ_UNREACHABLE',
          message: timedOut
            ? { ru: 'Головной офис не ответил вовремя', en: 'Head office did not answer in time' }
            : { ru: `${UNREACHABLE.ru}: ${causeOf(err)}`, en: `${UNREACHABLE.en}: ${causeOf(err)}` },
          status: 0,
          retryable: true,
        },
      };
    }
  }

  private request(
    method: string,
    path: string,
    body: unknown,
  ): Promise<{ status: number; text: string; retryAfter: string | null }> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const url = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(url, {
        method,
        agent: this.agent,
        headers: {
          authorization: `Bearer ${this.key}`,
          accept: 'application/json',
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
        },
      });
      this.inFlight.add(req);
      const deadline = setTimeout(() => req.destroy(new TimedOut('timeout')), this.timeoutMs);
      const done = () => {
        clearTimeout(deadline);
        this.inFlight.delete(req);
      };
      req.on('error', (err) => {
        done();
        reject(err);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error('answer too large'));
          else chunks.push(c);
        });
        res.on('end', () => {
          done();
          const h = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfter: typeof h === 'string' ? h : null,
          });
        });
        res.on('error', (err) => {
          done();
          reject(err);
        });
      });
      req.end(data);
    });
  }
}

/** The network's own words for why (refused, unknown host, reset), not the stack. */
function causeOf(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  return (e.code ?? e.cause?.code ?? e.message ?? 'error').slice(0, 120);
}

export function failureOf(status: number, json: unknown, retryAfter: string | null): HqFailure {
  const error = (json as { error?: { code?: string; message?: LocalText; details?: unknown } } | null)?.error;
  const details = error?.details;
  const asked = (details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  const wait = typeof asked === 'number' && asked >= 0 ? asked : retryAfterMs(retryAfter);
  const code = error?.code ?? (status >= 500 ? 'HQ_SERVER_ERROR' : `HTTP_${status}`);
  return {
    code,
    message: error?.message ?? {
      ru: `Головной офис ответил ошибкой ${status}`,
      en: `Head office answered with error ${status}`,
    },
    status,
    retryable: status >= 500 || status === 429 || code === 'HQ_BUSY' || code === 'TOO_MANY_REQUESTS',
    ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    ...(details !== undefined ? { details } : {}),
  };
}
