import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the outside world of notifications, over real HTTP on 127.0.0.1 (no traffic leaves
 * the machine): an SMS gateway shaped like the common Russian providers, and the Telegram Bot API.
 */

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface SmsRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** `to`/`phone` and `text`/`msg` from the JSON body, the form or the query. */
  phone: string;
  text: string;
}

/** `ok`: 200 `{"status":"OK"}`; `fail`: 500; `hang`: never answers (the client's timeout ends it). */
export type SmsMode = 'ok' | 'fail' | 'hang';

export class FakeSmsGateway {
  mode: SmsMode = 'ok';
  /** Every request, answered or not. */
  readonly requests: SmsRequest[] = [];
  /** Requests held open now (mode `hang`). */
  open = 0;
  url = '';
  private readonly server = createServer((req, res) => void this.handle(req, res));

  static async start(): Promise<FakeSmsGateway> {
    const g = new FakeSmsGateway();
    g.url = await listen(g.server);
    return g;
  }

  /** The messages the gateway accepted (answered 200). */
  get delivered(): SmsRequest[] {
    return this.requests.filter((r) => (r as SmsRequest & { answered?: number }).answered === 200);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    let fields: Record<string, string> = Object.fromEntries(url.searchParams);
    const type = req.headers['content-type'] ?? '';
    if (type.includes('json') && body) fields = { ...fields, ...(JSON.parse(body) as Record<string, string>) };
    else if (type.includes('urlencoded')) fields = { ...fields, ...Object.fromEntries(new URLSearchParams(body)) };
    const r: SmsRequest & { answered?: number } = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
      phone: fields.to ?? fields.phone ?? fields.phones ?? '',
      text: fields.text ?? fields.msg ?? fields.mes ?? '',
    };
    this.requests.push(r);
    if (this.mode === 'hang') {
      this.open++;
      req.socket.once('close', () => this.open--);
      return;
    }
    r.answered = this.mode === 'ok' ? 200 : 500;
    res.writeHead(r.answered, { 'content-type': 'application/json' });
    res.end(JSON.stringify(this.mode === 'ok' ? { status: 'OK' } : { status: 'ERROR' }));
  }

  close(): Promise<void> {
    return close(this.server);
  }
}

export interface TelegramSent {
  chatId: string;
  text: string;
}

/** The Bot API's two methods the office uses: `getUpdates` (long polling, honours `timeout`) and `sendMessage`. */
export class FakeTelegram {
  readonly sent: TelegramSent[] = [];
  url = '';
  /** The token the office must use in `/bot<token>/…`. */
  constructor(readonly token: string) {}
  private readonly updates: { update_id: number; message: { chat: { id: number }; text: string } }[] = [];
  private nextId = 100;
  private readonly waiting = new Set<() => void>();
  private readonly server = createServer((req, res) => void this.handle(req, res));

  static async start(token: string): Promise<FakeTelegram> {
    const t = new FakeTelegram(token);
    t.url = await listen(t.server);
    return t;
  }

  /** A visitor pressed «Start» after the deep link: `/start <parameter>` from this chat. */
  pushStart(chatId: number, parameter: string): void {
    this.updates.push({ update_id: this.nextId++, message: { chat: { id: chatId }, text: `/start ${parameter}` } });
    for (const wake of this.waiting) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const reply = (status: number, j: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(j));
    };
    if (!m || m[1] !== this.token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const args = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    if (m[2] === 'sendMessage') {
      this.sent.push({ chatId: String(args.chat_id), text: String(args.text) });
      return reply(200, { ok: true, result: { message_id: this.sent.length } });
    }
    if (m[2] === 'getUpdates') {
      const offset = Number(args.offset ?? 0);
      const pending = () => this.updates.filter((u) => u.update_id >= offset);
      if (pending().length === 0) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.waiting.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, Math.min(Number(args.timeout ?? 0), 5) * 1000);
          this.waiting.add(wake);
          req.socket.once('close', wake);
        });
      }
      if (res.writableEnded || res.destroyed) return;
      return reply(200, { ok: true, result: pending() });
    }
    reply(404, { ok: false, error_code: 404, description: 'Not Found' });
  }

  close(): Promise<void> {
    for (const wake of this.waiting) wake();
    return close(this.server);
  }
}
