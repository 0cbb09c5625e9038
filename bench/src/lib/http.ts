import type { CommandInput, CommandResponse, LoginResponse, PairResponse } from '@talon/protocol';
import { Pool } from 'undici';

export interface Answer<T> {
  status: number;
  body: T;
}

export type CommandAnswer = Answer<CommandResponse>;

/** Keep-alive HTTP to one server: at most `connections` requests in flight, one per connection. */
export class TalonHttp {
  private readonly pool: Pool;
  private adminToken: string | undefined;

  constructor(
    readonly url: string,
    connections: number,
  ) {
    this.pool = new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  async post<T>(path: string, body: unknown, token?: string): Promise<Answer<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await this.pool.request({ path, method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.statusCode, body: (await res.body.json()) as T };
  }

  async get<T>(path: string, token: string): Promise<T> {
    const res = await this.pool.request({ path, method: 'GET', headers: { authorization: `Bearer ${token}` } });
    const body = (await res.body.json()) as T;
    if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${JSON.stringify(body)}`);
    return body;
  }

  command(token: string, command: CommandInput): Promise<CommandAnswer> {
    return this.post<CommandResponse>('/api/commands', { command }, token);
  }

  async login(login: string, password: string): Promise<LoginResponse> {
    const r = await this.post<LoginResponse>('/api/auth/login', { login, password });
    if (r.status !== 200) throw new Error(`login ${login}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** Pairs a new device the way an installer does: an administrator's code, then the device redeems it. */
  async pair(role: 'kiosk' | 'board', name: string): Promise<PairResponse> {
    this.adminToken ??= (await this.login('admin', 'admin-talon')).token;
    const code = await this.post<{ code: string }>('/api/devices/pairing-codes', { role, name }, this.adminToken);
    if (code.status !== 200) throw new Error(`pairing code: ${code.status} ${JSON.stringify(code.body)}`);
    const r = await this.post<PairResponse>('/api/devices/pair', { code: code.body.code });
    if (r.status !== 200) throw new Error(`pair ${name}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** An acknowledged command is a 2xx answer with `ok: true`; anything else was refused. */
export const acked = (a: CommandAnswer): a is Answer<Extract<CommandResponse, { ok: true }>> =>
  a.status >= 200 && a.status < 300 && a.body.ok;

export const refusalCode = (a: CommandAnswer): string => (a.body.ok ? `HTTP_${a.status}` : a.body.error.code);
