import { randomBytes } from 'node:crypto';
import type { CommandInput, CommandResult, TalonError } from '@talon/protocol';
import { Pool } from 'undici';
import { sleep } from '../lib/stats.js';
import type { LoadServer } from './server.js';
import type { Tally } from './tally.js';

/** A request the server left unanswered this long while up is a timeout, counted as an error. */
const ANSWER_TIMEOUT_MS = 15_000;
/** A command is sent again (same commandId) for this long while the server is unreachable. */
const RETRY_FOR_MS = 60_000;

export type Outcome<T> =
  | { ok: true; status: number; body: T; retried: boolean }
  | { ok: false; status: number; code: string; error?: TalonError; retried: boolean };

export type CommandOutcome = Outcome<{ seq: number; result?: CommandResult }>;

/**
 * One machine of the office talking HTTP to the server: its own source address on the loopback network
 * (127.x.y.z), so that the server's per-address limits see a kiosk, a console or an attacker each as its
 * own PC, as they would be in an office. Network failures while the server was being killed are expected;
 * any other one is an error.
 */
export class Endpoint {
  private readonly pool: Pool;

  constructor(
    readonly server: LoadServer,
    readonly address: string,
    private readonly tally: Tally,
  ) {
    this.pool = new Pool(server.url, {
      connections: 4,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: ANSWER_TIMEOUT_MS,
      bodyTimeout: ANSWER_TIMEOUT_MS,
      localAddress: address,
    });
  }

  /** One HTTP exchange; throws when the server could not be reached or did not answer. */
  async send<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, token?: string): Promise<Outcome<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await this.pool.request({
      path,
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { ok: false, error: { code: `HTTP_${res.statusCode}` } };
    }
    if (res.statusCode >= 200 && res.statusCode < 300)
      return { ok: true, status: res.statusCode, body: parsed as T, retried: false };
    const error = (parsed as { error?: TalonError }).error;
    return {
      ok: false,
      status: res.statusCode,
      code: error?.code ?? `HTTP_${res.statusCode}`,
      ...(error ? { error } : {}),
      retried: false,
    };
  }

  /**
   * A request sent again while the server is unreachable (only for what may be repeated: reads, and
   * writes the server deduplicates). A 5xx is always an error.
   */
  async request<T>(
    what: string,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<Outcome<T>> {
    const started = performance.now();
    let retried = false;
    let delay = 100;
    for (;;) {
      const t = performance.now();
      try {
        const r = await this.send<T>(method, path, body, token);
        if (r.status >= 500) this.tally.error(`${what}: HTTP ${r.status}`, r.ok ? '' : r.code);
        return { ...r, retried };
      } catch (err) {
        retried = true;
        const msg = (err as Error).message;
        if (this.server.overlapsOutage(t, performance.now())) this.tally.expect('request lost to kill -9, sent again');
        else this.tally.error(`${what}: network`, msg);
        if (performance.now() - started > RETRY_FOR_MS) {
          this.tally.error(`${what}: timeout`, msg);
          return { ok: false, status: 0, code: 'TIMEOUT', retried };
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 1000);
      }
    }
  }

  /** A command under one commandId, sent again until answered: acknowledged at most once, as the screens do. */
  command(token: string, command: CommandInput): Promise<CommandOutcome> {
    const commandId = randomBytes(16).toString('hex');
    return this.request(command.type, 'POST', '/api/commands', { commandId, command }, token);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
