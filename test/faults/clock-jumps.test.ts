import type { Alarm, CommandResponse, StoredEvent } from '@talon/protocol';
import { CATCH_UP_RATE, type Clock, SteadyClock, VirtualClock } from '@talon/server/clock';
import { afterEach, describe, expect, it } from 'vitest';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../support/server.js';

/**
 * The office computer's clock is set back ten minutes and forward two hours while visits are under way
 * (NTP catching up after a dead battery, someone fixing the time by hand). Nothing the office reports may
 * be negative or absurd: waits, walks, service and visit times are ≥ 0 and no longer than the time the
 * clock went through, in the visit log, the reports, the monitor and the operator's day, and the alarms
 * say sane things. First with a clock that jumps straight into the office (the worst case), then the
 * real path: the server's steady clock, which never lets the office's time go back.
 */

/** The office computer's clock in the worst case: it moves on, and is set back or forward as it is. */
class JumpingClock extends VirtualClock {
  private offset = 0;
  override now(): number {
    return super.now() + this.offset;
  }
  jump(ms: number): void {
    this.offset += ms;
  }
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DATE = '2026-11-26';
const ISSUE = { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } as const;

let s: TestServer | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

type Issued = { ticketId: string; number: string };

async function ok(t: TestServer, token: string, command: Record<string, unknown>) {
  const r = await t.command(token, command);
  if (!r.body.ok) throw new Error(`${String(command.type)}: ${JSON.stringify(r.body)}`);
  return (r.body as Extract<CommandResponse, { ok: true }>).result ?? {};
}

async function get<T>(t: TestServer, path: string, token: string): Promise<T> {
  const r = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

/**
 * Every duration in an answer, by its path: numbers under keys ending in Sec, Min or Ms, less the
 * settings (norms, alarm thresholds) and `remainingMin`, which is below zero by meaning (past the norm).
 */
function durations(x: unknown, path = ''): [string, number][] {
  if (Array.isArray(x)) return x.flatMap((v, i) => durations(v, `${path}[${i}]`));
  if (x === null || typeof x !== 'object') return [];
  return Object.entries(x).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    if (k === 'alarmSettings' || k === 'remainingMin' || /[nN]ormMin$/.test(k)) return [];
    if (typeof v === 'number' && /(Sec|Min|Ms)$/.test(k)) return [[p, v] as [string, number]];
    return durations(v, p);
  });
}

/** The durations that are negative or longer than `spanMs` (the time the office's clock went through). */
function absurd(x: unknown, spanMs: number): [string, number][] {
  const found = durations(x);
  expect(found.length).toBeGreaterThan(0);
  return found.filter(([p, v]) => {
    const ms = p.endsWith('Sec') ? v * 1000 : p.endsWith('Min') ? v * MIN : v;
    return !Number.isFinite(v) || ms < 0 || ms > spanMs;
  });
}

/** What an administrator and an operator read after the day: every figure with a duration in it. */
async function everythingReported(t: TestServer, admin: string, op: string) {
  return {
    log: await get<unknown>(t, `/api/reports/visits?period=day&date=${DATE}&pageSize=500`, admin),
    report: await get<unknown>(t, `/api/reports?period=day&date=${DATE}`, admin),
    monitor: await get<unknown>(t, '/api/admin/monitor', admin),
    operatorDay: await get<unknown>(t, '/api/operator/day', op),
  };
}

async function hall(clock: Clock) {
  s = await startTestServer({ server: { clock } });
  const t = s;
  const kiosk = (await t.pair('kiosk')).token;
  const op = (await t.login('operator1', 'talon1')).token;
  const admin = (await t.login('admin', 'admin-talon')).token;
  const board = await t.connect('board', (await t.pair('board', 'Табло в зале')).token);
  await ok(t, op, { type: 'operatorLogin', windowId: 'w1' });
  const issue = async () => (await ok(t, kiosk, ISSUE)) as Issued;
  /** A board reports every few seconds: after a jump its next heartbeat comes at the new time. */
  const beat = () => board.emitWithAck('heartbeat', { status: 'ok' });
  return { t, op, admin, issue, beat };
}

describe('the office clock set back and forward mid-visit', () => {
  it('a clock that jumps straight into the office: no negative or absurd durations anywhere, alarms sane', async () => {
    const clock = new JumpingClock(OFFICE_MORNING);
    const { t, op, admin, issue, beat } = await hall(clock);
    const [a, b, c] = [await issue(), await issue(), await issue()];
    let lived = 0;
    const advance = (ms: number) => {
      lived += ms;
      clock.advance(ms);
    };

    // A is called; before the visitor reaches the window the clock is set back ten minutes.
    advance(2 * MIN);
    expect(await ok(t, op, { type: 'callNext' })).toMatchObject({ number: a?.number });
    advance(20_000);
    clock.jump(-10 * MIN);
    await beat();
    await ok(t, op, { type: 'startService' });
    advance(3 * MIN);
    await ok(t, op, { type: 'finishService' });
    // a visitor after the step is numbered on
    expect((await issue()).number).toBe('К-004');

    // The next visit is in service when the clock jumps two hours forward; then a no-show.
    await ok(t, op, { type: 'callNext' });
    advance(MIN);
    await ok(t, op, { type: 'startService' });
    advance(2 * MIN);
    clock.jump(2 * HOUR);
    // the monitor looks before the board's next heartbeat (it sees the board silent for two hours), and
    // not again until the board has gone quiet once more
    t.monitor.evaluate();
    await beat();
    advance(MIN);
    await ok(t, op, { type: 'finishService' });
    await ok(t, op, { type: 'callNext' });
    await ok(t, op, { type: 'markNoShow' });

    const spanMs = lived + 2 * HOUR;
    const seen = await everythingReported(t, admin, op);
    for (const [name, answer] of Object.entries(seen)) expect(absurd(answer, spanMs), name).toEqual([]);
    // every closed visit is in the log once; the one still waiting has waited through both jumps
    const waiting = Object.values(t.office.view().tickets).filter((x) => x.status === 'waiting');
    expect(waiting).toHaveLength(1);
    const rows = (seen.log as { rows: { number: string }[] }).rows;
    const all = [a, b, c].map((x) => x?.number).concat('К-004');
    expect(rows.map((r) => r.number).sort()).toEqual(all.filter((n) => n !== waiting[0]?.number).sort());

    t.monitor.evaluate();
    const alarms = (await get<{ active: Alarm[] }>(t, '/api/alarms', admin)).active;
    // no negative figure in any wording (a ticket number's own hyphen aside)
    for (const x of alarms) expect(`${x.message.ru} ${x.message.en}`).not.toMatch(/(^|[\s(:])[-−]\d/);
    // the one still waiting has waited two hours by the clock: past the norm, said so; the board, which
    // kept reporting, is not taken for offline
    expect(alarms.map((x) => [x.kind, x.subject.number ?? x.subject.deviceName])).toEqual([
      ['wait-norm-passed', waiting[0]?.number],
    ]);
  });

  it('the server’s steady clock: office time never goes back, callers keep their order, a recall is not held up, it meets the wall clock again', async () => {
    let wall = OFFICE_MORNING;
    let steady = 1_000;
    const clock = new SteadyClock(
      () => wall,
      () => steady,
    );
    /** Real time passes: both the wall clock and the monotonic one move. */
    const pass = (ms: number) => {
      wall += ms;
      steady += ms;
    };
    const { t, op, admin, issue, beat } = await hall(clock);
    const [a, b, c] = [await issue(), await issue(), await issue()];

    pass(2 * MIN);
    expect(await ok(t, op, { type: 'callNext' })).toMatchObject({ number: a?.number });
    pass(5_000);
    // the wall clock is set back ten minutes mid-visit
    wall -= 10 * MIN;
    // not back to before the call: on, a little slower than real time
    expect(clock.now()).toBeGreaterThan(OFFICE_MORNING + 2 * MIN);
    // twenty seconds later the visitor has not come: the recall is allowed (15 s between calls)
    pass(20_000);
    expect((await t.command(op, { type: 'recall' })).body).toMatchObject({ ok: true });
    await beat();
    await ok(t, op, { type: 'startService' });
    pass(3 * MIN);
    await ok(t, op, { type: 'finishService' });
    // whoever comes after the step queues behind those who were there before it
    const d = await issue();
    expect(await ok(t, op, { type: 'callNext' })).toMatchObject({ number: b?.number });
    pass(MIN);
    await ok(t, op, { type: 'startService' });
    pass(2 * MIN);
    // the wall clock jumps two hours forward: followed
    wall += 2 * HOUR;
    expect(clock.now()).toBe(wall);
    await beat();
    await ok(t, op, { type: 'finishService' });
    expect(await ok(t, op, { type: 'callNext' })).toMatchObject({ number: c?.number });
    await ok(t, op, { type: 'markNoShow' });
    expect(await ok(t, op, { type: 'callNext' })).toMatchObject({ number: d.number });

    // The office's log never goes back in time, whatever the wall clock did.
    const ats = t.store.readEvents(0).map((e: StoredEvent) => e.at);
    expect(ats).toEqual([...ats].sort((x, y) => x - y));
    const seen = await everythingReported(t, admin, op);
    for (const [name, answer] of Object.entries(seen)) expect(absurd(answer, 3 * HOUR), name).toEqual([]);

    // Set back again, then left alone: the office's time runs slower than real time until the wall clock
    // is there again (a ten-minute step within a hundred and some minutes), then follows it exactly.
    wall -= 10 * MIN;
    const before = clock.now();
    pass(MIN);
    expect(Math.abs(clock.now() - before - MIN * CATCH_UP_RATE)).toBeLessThanOrEqual(1);
    pass((10 * MIN) / (1 - CATCH_UP_RATE));
    expect(clock.now()).toBe(wall);
  });
});
