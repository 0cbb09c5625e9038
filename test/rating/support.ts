import type { DeskLink, PairingCodeResponse, PairResponse, RatingLink } from '@talon/protocol';
import type { TestServer } from '../support/server.js';

/** HTTP with JSON both ways; returns the status and the parsed body (or the text for HTML). */
export async function http<T = unknown>(
  url: string,
  init: { method?: string; token?: string; body?: unknown; form?: Record<string, string | string[]> } = {},
): Promise<{ status: number; body: T; text: string; type: string }> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(init.form)) for (const x of [v].flat()) p.append(k, x);
    body = p.toString();
  } else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, body: (type.includes('json') ? JSON.parse(text) : text) as T, text, type };
}

/** A rating terminal paired through the window-bound code an administrator asks for. */
export async function pairRatingTerminal(s: TestServer, windowId: string): Promise<PairResponse> {
  const admin = await s.login('admin', 'admin-talon');
  const code = await http<PairingCodeResponse & { name: string }>(`${s.url}/api/rating/pairing-codes`, {
    token: admin.token,
    body: { windowId },
  });
  if (code.status !== 200) throw new Error(`pairing code: ${code.text}`);
  const r = await http<PairResponse>(`${s.url}/api/devices/pair`, { body: { code: code.body.code } });
  return r.body;
}

/**
 * Operator `n` (operator1 = op1 …) logs in at window `windowId` and serves one payment ticket
 * from issue to finish. Returns the ticket id and the operator's token.
 */
export async function serveOne(s: TestServer, n: number, windowId: string, minutes = 3) {
  const op = await s.login(`operator${n}`, `talon${n}`);
  const me = s.office.view().operators[`op${n}`];
  if (me?.status === 'logged-out') await s.command(op.token, { type: 'operatorLogin', windowId });
  const kiosk = await s.pair('kiosk');
  const issued = await s.command(kiosk.token, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
  if (!issued.body.ok) throw new Error(JSON.stringify(issued.body));
  const ticketId = issued.body.result?.ticketId ?? '';
  for (const type of ['callNext', 'startService'] as const) {
    const r = await s.command(op.token, { type });
    if (!r.body.ok) throw new Error(`${type}: ${JSON.stringify(r.body)}`);
  }
  s.clock.advance(minutes * 60_000);
  const fin = await s.command(op.token, { type: 'finishService', outcomes: ['consultation'] });
  if (!fin.body.ok) throw new Error(JSON.stringify(fin.body));
  return { ticketId, token: op.token };
}

export async function terminalLink(s: TestServer, deviceToken: string, ticketId?: string) {
  const q = ticketId ? `?ticketId=${encodeURIComponent(ticketId)}` : '';
  return http<RatingLink>(`${s.url}/api/rating/terminal/link${q}`, { token: deviceToken });
}

export async function deskLink(s: TestServer, token: string) {
  return (await http<DeskLink>(`${s.url}/api/rating/desk`, { token })).body;
}
