import type { NotifyChannel, SmsGatewaySettings, TelegramSettings } from '@talon/protocol';

/** One way to reach a visitor. `to` is a phone number or a Telegram chat id; a throw is a failed attempt. */
export interface Channel {
  readonly name: NotifyChannel;
  send(to: string, text: string, signal: AbortSignal): Promise<void>;
}

/** A failed attempt, with what the administrator may read (never the phone number or the secret). */
export class SendError extends Error {
  override name = 'SendError';
}

type Placeholders = { phone: string; text: string; sender: string };

/** `{phone}`, `{text}`, `{sender}` replaced, each escaped for where it stands. */
export function fill(template: string, values: Placeholders, esc: (v: string) => string): string {
  return template.replace(/\{(phone|text|sender)\}/g, (_, k: keyof Placeholders) => esc(values[k]));
}

const jsonEscape = (v: string) => JSON.stringify(v).slice(1, -1);

/** The digits a gateway expects: `79001234567` (SMS.ru, SMSC and the like take the number without «+»). */
const digits = (phone: string) => {
  const d = phone.replace(/\D/g, '');
  return d.length === 11 && d.startsWith('8') ? `7${d.slice(1)}` : d.length === 10 ? `7${d}` : d;
};

/** The request a provider template makes for one message; exported for the tests of the template. */
export function smsRequest(s: SmsGatewaySettings, phone: string, text: string): { url: string; init: RequestInit } {
  const values = { phone: digits(phone), text, sender: s.sender };
  const url =
    s.baseUrl.replace(/\/+$/, '') + fill(s.path.startsWith('/') ? s.path : `/${s.path}`, values, encodeURIComponent);
  const headers: Record<string, string> = {};
  if (s.authHeader) headers[s.authHeader.name] = s.authHeader.value;
  if (s.method === 'GET') return { url, init: { method: 'GET', headers } };
  headers['content-type'] = s.contentType === 'application/json' ? 'application/json; charset=utf-8' : s.contentType;
  const body = fill(s.body, values, s.contentType === 'application/json' ? jsonEscape : encodeURIComponent);
  return { url, init: { method: 'POST', headers, body } };
}

/** Why an answer is a failure, in a line without the body's possible echo of the number. */
async function check(res: Response, okContains = ''): Promise<void> {
  const body = await res.text().catch(() => '');
  if (!res.ok) throw new SendError(`HTTP ${res.status}`);
  if (okContains && !body.includes(okContains))
    throw new SendError(`HTTP ${res.status}: no «${okContains}» in the answer`);
}

export class SmsChannel implements Channel {
  readonly name = 'sms' as const;
  constructor(private readonly settings: () => SmsGatewaySettings) {}

  async send(phone: string, text: string, signal: AbortSignal): Promise<void> {
    const s = this.settings();
    const { url, init } = smsRequest(s, phone, text);
    await check(await fetch(url, { ...init, signal, redirect: 'error' }), s.okContains);
  }
}

export interface TelegramUpdate {
  update_id: number;
  message?: { chat?: { id?: number | string }; text?: string };
}

/** The Bot API: `sendMessage` for a message, `getUpdates` (long polling) for «/start <link>». */
export class TelegramChannel implements Channel {
  readonly name = 'telegram' as const;
  constructor(private readonly settings: () => TelegramSettings) {}

  private url(method: string): string {
    const s = this.settings();
    return `${s.apiBase.replace(/\/+$/, '')}/bot${s.botToken}/${method}`;
  }

  private async call<T>(method: string, body: object, signal: AbortSignal): Promise<T> {
    const res = await fetch(this.url(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
      redirect: 'error',
    });
    const j = (await res.json().catch(() => null)) as { ok?: boolean; result?: T; description?: unknown } | null;
    if (!res.ok || !j?.ok) throw new SendError(`Telegram ${method}: HTTP ${res.status}`);
    return j.result as T;
  }

  async send(chatId: string, text: string, signal: AbortSignal): Promise<void> {
    await this.call('sendMessage', { chat_id: chatId, text }, signal);
  }

  getUpdates(offset: number, timeoutSec: number, signal: AbortSignal): Promise<TelegramUpdate[]> {
    return this.call<TelegramUpdate[]>(
      'getUpdates',
      { offset, timeout: timeoutSec, allowed_updates: ['message'] },
      signal,
    );
  }
}
