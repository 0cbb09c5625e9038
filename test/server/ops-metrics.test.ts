import { networkInterfaces } from 'node:os';
import type { CommandResponse } from '@talon/protocol';
import { rosatomDemoOffice } from '@talon/server/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

// ---------------------------------------------------------------------------------------------------------
// A strict reader of the Prometheus text exposition format 0.0.4: what a scraper would refuse, this throws on.

interface Family {
  name: string;
  type: string;
  help: string;
  samples: { labels: Record<string, string>; value: number }[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(s: string, line: string): number {
  if (s === 'NaN') return Number.NaN;
  if (s === '+Inf') return Number.POSITIVE_INFINITY;
  if (s === '-Inf') return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) throw new Error(`bad value in: ${line}`);
  return Number(s);
}

function unescapeText(s: string, allowed: string, line: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === undefined || !allowed.includes(n)) throw new Error(`bad escape \\${n} in: ${line}`);
    out += n === 'n' ? '\n' : n;
  }
  return out;
}

/** `{a="x",b="y\"z"}` from position `i` (at the brace); returns the labels and the position after `}`. */
function parseLabels(line: string, start: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = start + 1;
  for (;;) {
    if (line[i] === '}') return [labels, i + 1];
    const eq = line.indexOf('=', i);
    if (eq < 0) throw new Error(`label without value in: ${line}`);
    const name = line.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`bad label name "${name}" in: ${line}`);
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    if (line[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
    let j = eq + 2;
    let raw = '';
    for (; j < line.length; j++) {
      const c = line[j];
      if (c === '\\') {
        raw += c + (line[j + 1] ?? '');
        j++;
      } else if (c === '"') break;
      else raw += c;
    }
    if (j >= line.length) throw new Error(`unterminated label value in: ${line}`);
    labels[name] = unescapeText(raw, '\\"n', line);
    i = j + 1;
    if (line[i] === ',') i++;
    else if (line[i] !== '}') throw new Error(`expected , or } in: ${line}`);
  }
}

function parseExposition(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: string | null = null;
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', help: '', samples: [] };
      families.set(name, f);
    }
    return f;
  };
  const enter = (name: string) => {
    if (current !== name) {
      if (closed.has(name)) throw new Error(`family ${name} is not contiguous`);
      if (current) closed.add(current);
      current = name;
    }
  };
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) continue; // a plain comment
      const [, kind, name = '', rest = ''] = m;
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      enter(name);
      const f = family(name);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type in: ${line}`);
        if (f.samples.length > 0) throw new Error(`TYPE after samples in: ${line}`);
        f.type = rest;
      } else f.help = unescapeText(rest, '\\n', line);
      continue;
    }
    if (line.trim() === '') throw new Error('empty line inside the exposition');
    const nameEnd = line.search(/[{ ]/);
    const name = line.slice(0, nameEnd);
    if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
    let labels: Record<string, string> = {};
    let i = nameEnd;
    if (line[i] === '{') [labels, i] = parseLabels(line, i);
    if (line[i] !== ' ') throw new Error(`expected a space before the value in: ${line}`);
    const parts = line.slice(i + 1).split(' ');
    if (parts.length > 2) throw new Error(`too many fields in: ${line}`);
    const value = parseValue(parts[0] ?? '', line);
    enter(name);
    const f = family(name);
    const key = JSON.stringify(Object.entries(labels).sort());
    if (f.samples.some((x) => JSON.stringify(Object.entries(x.labels).sort()) === key))
      throw new Error(`series written twice: ${line}`);
    if (f.type === 'counter' && !name.endsWith('_total')) throw new Error(`counter without _total: ${name}`);
    f.samples.push({ labels, value });
  }
  return families;
}

/** The one sample of `name` whose labels include `labels`. */
function sample(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const f = families.get(name);
  if (!f) throw new Error(`no family ${name}`);
  const found = f.samples.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length !== 1) throw new Error(`${name} ${JSON.stringify(labels)}: ${found.length} samples`);
  return found[0]?.value ?? Number.NaN;
}

// ---------------------------------------------------------------------------------------------------------

const STRANGE_NAME = 'Консультация "срочно" \\ бухгалтерия\nвторая строка';
let s: TestServer;

beforeAll(async () => {
  const config = rosatomDemoOffice();
  config.services = config.services.map((x) =>
    x.id === 'consult' ? { ...x, name: { ru: STRANGE_NAME, en: 'Consultation' } } : x,
  );
  s = await startTestServer({ server: { initialConfig: config } });
});
afterAll(async () => {
  await s?.stop();
});

async function scrape(url: string, token?: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('/metrics', () => {
  it('answers the Prometheus text format with figures that match the office after tickets, calls and refusals', async () => {
    const ok = (r: { body: CommandResponse }) => {
      if (!r.body.ok) throw new Error(JSON.stringify(r.body));
      return r.body;
    };
    const kiosk = await s.pair('kiosk');
    const op = await s.login('operator1', 'talon1');
    const t0 = s.clock.now();
    const issue = (serviceId: string) => s.command(kiosk.token, { type: 'issueTicket', serviceId });
    ok(await issue('consult'));
    ok(await issue('consult'));
    ok(await issue('cash'));
    ok(await s.command(op.token, { type: 'operatorLogin', windowId: 'w1' }));
    s.clock.advance(10 * 60_000);
    const serve = async (minutes: number) => {
      ok(await s.command(op.token, { type: 'callNext' }));
      ok(await s.command(op.token, { type: 'startService' }));
      s.clock.advance(minutes * 60_000);
      ok(await s.command(op.token, { type: 'finishService', outcomes: ['consultation'] }));
    };
    await serve(3); // waited 10 min against a norm of 8: over
    ok(await issue('consult'));
    await serve(1); // the second, waited 13 min: over
    s.clock.advance(60_000);
    await serve(1); // the last, waited 1 min: within
    // refusals: nothing op1 may call (cash is not op1's), a kiosk calling, a socket sending no command
    const empty = await s.command(op.token, { type: 'callNext' });
    expect(empty.status).toBe(422);
    expect((await s.command(kiosk.token, { type: 'callNext' })).status).toBe(403);
    const board = await s.pair('board');
    const live = await s.connect('board', board.token);
    const bad = await live.emitWithAck<CommandResponse>('command', { command: { type: 'no-such-command' } });
    expect(bad.ok).toBe(false);
    expect((await fetch(`${s.url}/no-such-page`)).status).toBe(404);

    const first = await scrape(s.url);
    expect(first.status).toBe(200);
    expect(first.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const m = parseExposition(first.text);

    // every family says what it is
    for (const f of m.values()) {
      expect(f.help.length, f.name).toBeGreaterThan(5);
      expect(['counter', 'gauge'], f.name).toContain(f.type);
    }
    // a label value with a quote, a backslash and a line feed comes back as it was
    expect(sample(m, 'talon_service_info', { service: 'consult' })).toBe(1);
    expect(m.get('talon_service_info')?.samples.find((x) => x.labels.service === 'consult')?.labels.name).toBe(
      STRANGE_NAME,
    );

    const now = s.clock.now();
    expect(sample(m, 'talon_queue_waiting', { service: 'consult' })).toBe(0);
    expect(sample(m, 'talon_queue_waiting', { service: 'cash' })).toBe(1);
    expect(sample(m, 'talon_wait_longest_seconds', { service: 'cash' })).toBe(Math.round((now - t0) / 1000));
    expect(sample(m, 'talon_wait_longest_seconds', { service: 'consult' })).toBe(0);
    expect(sample(m, 'talon_wait_norm_seconds', { service: 'consult' })).toBe(8 * 60);
    expect(sample(m, 'talon_wait_norm_seconds', { service: 'cash' })).toBe(4 * 60);
    expect(sample(m, 'talon_visits_served_today', { service: 'consult', wait: 'over_norm' })).toBe(2);
    expect(sample(m, 'talon_visits_served_today', { service: 'consult', wait: 'within_norm' })).toBe(1);
    expect(sample(m, 'talon_visits_served_today', { service: 'cash', wait: 'within_norm' })).toBe(0);

    expect(sample(m, 'talon_commands_total', { type: 'issueTicket' })).toBe(4);
    expect(sample(m, 'talon_commands_total', { type: 'callNext' })).toBe(5);
    expect(sample(m, 'talon_commands_total', { type: 'finishService' })).toBe(3);
    expect(sample(m, 'talon_commands_total', { type: 'invalid' })).toBe(1);
    expect(sample(m, 'talon_commands_refused_total', { type: 'callNext', code: 'QUEUE_EMPTY' })).toBe(1);
    expect(sample(m, 'talon_commands_refused_total', { type: 'callNext', code: 'FORBIDDEN' })).toBe(1);
    expect(sample(m, 'talon_commands_refused_total', { type: 'invalid', code: 'VALIDATION_FAILED' })).toBe(1);
    expect(m.get('talon_commands_refused_total')?.samples).toHaveLength(3);
    expect(sample(m, 'talon_http_errors_total', { class: '4xx' })).toBe(3);
    expect(sample(m, 'talon_http_errors_total', { class: '5xx' })).toBe(0);

    expect(sample(m, 'talon_event_seq')).toBe(s.office.seq);
    expect(sample(m, 'talon_outbox_unsent')).toBe(s.store.outboxBacklog().count);
    expect(sample(m, 'talon_outbox_unsent')).toBe(s.office.seq);
    expect(sample(m, 'talon_operators_at_work')).toBe(1);
    expect(sample(m, 'talon_operators', { status: 'ready' })).toBe(1);
    expect(sample(m, 'talon_reception_open')).toBe(1);
    const devices = s.store.listDevices(now);
    for (const role of ['kiosk', 'board'])
      for (const online of [true, false])
        expect(sample(m, 'talon_devices', { role, state: online ? 'online' : 'offline' }), `${role} ${online}`).toBe(
          devices.filter((d) => d.role === role && d.online === online).length,
        );
    expect(sample(m, 'talon_devices', { role: 'board', state: 'online' })).toBe(1);
    expect(sample(m, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(sample(m, 'talon_build_info', { version: '0.1.0' })).toBe(1);

    // counters only grow: the first scrape is itself one more answered request
    const second = parseExposition((await scrape(s.url)).text);
    expect(sample(second, 'talon_http_requests_total')).toBeGreaterThan(sample(m, 'talon_http_requests_total'));
    expect(sample(second, 'talon_commands_total', { type: 'issueTicket' })).toBe(4);
  });

  it('tells the age of the last good backup, and nothing about backups when they are off', async () => {
    // the test office is a demo office: no backups, no backup age
    expect(parseExposition((await scrape(s.url)).text).has('talon_backup_age_seconds')).toBe(false);
    const b = await startTestServer({ server: { backups: { enabled: true } } });
    try {
      const age = async () => sample(parseExposition((await scrape(b.url)).text), 'talon_backup_age_seconds');
      // before the first copy the age runs from when backups began
      b.clock.advance(30 * 60_000);
      expect(await age()).toBe(30 * 60);
      const run = await b.backups.runNow();
      expect(run.ok).toBe(true);
      b.clock.advance(3_600_000);
      expect(await age()).toBe(3600);
    } finally {
      await b.stop();
    }
  });

  it('the strict reader refuses what a scraper would', () => {
    expect(() => parseExposition('a 1')).toThrow(/line feed/);
    expect(() => parseExposition('a{b="x} 1\n')).toThrow(/unterminated/);
    expect(() => parseExposition('a{b="x\\q"} 1\n')).toThrow(/escape/);
    expect(() => parseExposition('a 1\nb 2\na 3\n')).toThrow(/contiguous/);
    expect(() => parseExposition('a one\n')).toThrow(/bad value/);
    expect(() => parseExposition('# TYPE a_total counter\na_total 1\na_total 2\n')).toThrow(/twice/);
  });

  it('with a token: only a scraper that sends it; without one: only this machine', async () => {
    const token = 'metrics-token-for-the-test-0123';
    const guarded = await startTestServer({ server: { metricsToken: token } });
    try {
      expect((await scrape(guarded.url)).status).toBe(401);
      expect((await scrape(guarded.url, 'a-wrong-token-of-the-same-size')).status).toBe(401);
      const session = (await guarded.login('admin', 'admin-talon')).token;
      expect((await scrape(guarded.url, session)).status).toBe(401);
      expect((await scrape(guarded.url, token)).status).toBe(200);
    } finally {
      await guarded.stop();
    }

    // an open server is reached here through a LAN address: not this machine's loopback
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!lan) return; // a machine without a network card: nothing more to try
    const open = await startTestServer({ server: { host: '0.0.0.0' } });
    try {
      expect((await scrape(`http://127.0.0.1:${open.port}`)).status).toBe(200);
      const remote = await scrape(`http://${lan}:${open.port}`);
      expect(remote.status).toBe(401);
      expect(JSON.parse(remote.text).error.code).toBe('UNAUTHORIZED');
    } finally {
      await open.stop();
    }
  });
});
