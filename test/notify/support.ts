import type { NotifyMessageRow, NotifySettingsInput, OfficeConfig } from '@talon/protocol';
import type { ServerOptions } from '@talon/server';
import { rosatomDemoOffice } from '@talon/server/demo';
import { loadOrCreateSecret, signVisitToken } from '@talon/server/links';
import { startTestServer, type TestServer } from '../support/server.js';

/** The demo office with «Ваша очередь подходит» at 2 people ahead and never by minutes (the figures are the test's). */
export function officeWith(aheadMax = 2, minutesMax = 0): OfficeConfig {
  const c = rosatomDemoOffice();
  return { ...c, booking: { notify: { aheadMax, minutesMax } } } as OfficeConfig;
}

export async function startNotifyServer(server: Partial<ServerOptions> = {}): Promise<TestServer> {
  return startTestServer({
    server: {
      initialConfig: officeWith(),
      notify: {
        pollMs: 40,
        timeoutMs: 400,
        backoffMs: 60_000,
        maxBackoffMs: 600_000,
        telegramPollSec: 1,
        telegramRetryMs: 100,
      },
      ...server,
    },
  });
}

export async function json<T>(
  s: TestServer,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(s.url + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export const smsSettings = (baseUrl: string): NotifySettingsInput => ({
  sms: {
    enabled: true,
    baseUrl,
    method: 'POST',
    path: '/sms/send',
    body: '{"to":"{phone}","text":"{text}","from":"{sender}"}',
    contentType: 'application/json',
    authHeader: { name: 'authorization', value: 'Bearer gateway-key-1234' },
    sender: 'TALON',
  },
});

export async function adminToken(s: TestServer): Promise<string> {
  return (await s.login('config', 'config-talon')).token;
}

export async function messages(s: TestServer, admin: string): Promise<NotifyMessageRow[]> {
  const r = await json<{ messages: NotifyMessageRow[] }>(s, 'GET', '/api/notify/messages', admin);
  return r.body.messages;
}

/** A ticket's signed page link token, as the printed QR carries it. */
export const visitToken = (s: TestServer, ticketId: string) =>
  signVisitToken(loadOrCreateSecret(s.dataDir), { ticketId, exp: s.clock.now() + 24 * 3600_000 });

/** Polls (real time, generously) until `pred` holds: for what happens off the command path. */
export async function until(pred: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function issue(s: TestServer, kiosk: string): Promise<{ ticketId: string; number: string }> {
  const r = await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  return { ticketId: r.body.result?.ticketId ?? '', number: r.body.result?.number ?? '' };
}

/** The operator finishes what they hold and calls the next one. */
export async function serveAndCallNext(s: TestServer, op: string): Promise<void> {
  const me = s.office.view().operators.op1;
  if (me?.ticketId) {
    const held = s.office.view().tickets[me.ticketId];
    if (held?.status === 'called') await s.command(op, { type: 'startService' });
    s.clock.advance(60_000);
    const fin = await s.command(op, { type: 'finishService', outcomes: ['consultation'] });
    if (!fin.body.ok) throw new Error(JSON.stringify(fin.body));
  }
  const call = await s.command(op, { type: 'callNext' });
  if (!call.body.ok) throw new Error(JSON.stringify(call.body));
}
