import type { CommandInput } from '@talon/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sendCommand } from './api.js';
import { type CommandRunnerState, createCommandRunner } from './commands.js';
import type { UiError } from './errors.js';

/** What the stubbed server saw: one entry per request. */
interface Sent {
  url: string;
  commandId: string;
  command: CommandInput;
  authorization: string | undefined;
}

type Answer = 'network' | { status: number; body: unknown };

const realFetch = globalThis.fetch;
let sent: Sent[] = [];
let answers: Answer[] = [];
/** Resolves the request in flight when the test says so (null: answer at once). */
let gate: Promise<void> | null = null;

beforeEach(() => {
  sent = [];
  answers = [];
  gate = null;
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { commandId: string; command: CommandInput };
    const headers = init.headers as Record<string, string>;
    sent.push({ url, commandId: body.commandId, command: body.command, authorization: headers.authorization });
    if (gate) await gate;
    const a = answers.shift() ?? 'network';
    if (a === 'network') throw new TypeError('fetch failed');
    return new Response(JSON.stringify(a.body), {
      status: a.status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

const ok = (seq: number, result?: object): Answer => ({ status: 200, body: { ok: true, seq, result } });
const refusal = (status: number, code: string): Answer => ({
  status,
  body: { error: { code, message: { ru: code, en: code } } },
});
const CALL: CommandInput = { type: 'callNext' };
const NO_WAIT = [0, 0];

describe('sendCommand', () => {
  it('retries a network failure under the same commandId until the server answers', async () => {
    answers = ['network', 'network', ok(7)];
    const r = await sendCommand('tok', CALL, undefined, NO_WAIT);
    expect(r).toEqual({ ok: true, seq: 7 });
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.commandId)).size).toBe(1);
    expect(sent[0]?.commandId).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.every((s) => s.url === '/api/commands' && s.authorization === 'Bearer tok')).toBe(true);
  });

  it('gives up with NETWORK after the last delay', async () => {
    const r = await sendCommand('tok', CALL, 'cmd-0001', [0, 0, 0]);
    expect(r).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    // one try plus one per delay, all with the caller's id
    expect(sent.map((s) => s.commandId)).toEqual(['cmd-0001', 'cmd-0001', 'cmd-0001', 'cmd-0001']);
  });

  it('waits the delays between tries', async () => {
    const started = Date.now();
    await sendCommand('tok', CALL, undefined, [30, 60]);
    expect(sent).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(85);
  });

  it('does not retry a refusal: the server has answered', async () => {
    answers = [refusal(422, 'QUEUE_EMPTY')];
    const r = await sendCommand('tok', CALL, undefined, NO_WAIT);
    expect(r).toMatchObject({ ok: false, error: { code: 'QUEUE_EMPTY', status: 422 } });
    expect(sent).toHaveLength(1);
  });

  it('gives each call (each user action) its own id', async () => {
    answers = [ok(1), ok(2)];
    await sendCommand('tok', CALL, undefined, NO_WAIT);
    await sendCommand('tok', CALL, undefined, NO_WAIT);
    expect(sent[0]?.commandId).not.toBe(sent[1]?.commandId);
  });
});

describe('command runner', () => {
  const setup = () => {
    const states: CommandRunnerState[] = [];
    const refused: [UiError, CommandInput][] = [];
    let unauthorized = 0;
    const runner = createCommandRunner(
      'tok',
      {
        onUnauthorized: () => unauthorized++,
        onRefused: (e, c) => refused.push([e, c]),
        retryDelays: NO_WAIT,
      },
      (s) => states.push(s),
    );
    return { runner, states, refused, unauthorized: () => unauthorized, last: () => states.at(-1) };
  };

  it('runs one command at a time: a second tap while one is in flight sends nothing', async () => {
    const { runner, states } = setup();
    let release = () => {};
    gate = new Promise<void>((r) => {
      release = r;
    });
    answers = [ok(3, { ticketId: 't1', number: 'А-001' })];
    const first = runner.run({ type: 'issueTicket', serviceId: 's1' });
    expect(states.at(-1)).toEqual({ pending: 'issueTicket', error: null });
    expect(await runner.run({ type: 'issueTicket', serviceId: 's1' })).toBeNull();
    release();
    expect(await first).toEqual({ ticketId: 't1', number: 'А-001' });
    expect(sent).toHaveLength(1);
    expect(states.at(-1)).toEqual({ pending: null, error: null });
  });

  it('retries a lost answer under the same commandId, so the action happens once', async () => {
    const { runner } = setup();
    answers = ['network', ok(4)];
    expect(await runner.run(CALL)).toEqual({});
    expect(sent).toHaveLength(2);
    expect(sent[0]?.commandId).toBe(sent[1]?.commandId);
  });

  it('keeps a refusal as the error until the next success or clearError', async () => {
    const { runner, refused, last, unauthorized } = setup();
    answers = [refusal(422, 'QUEUE_EMPTY')];
    expect(await runner.run(CALL)).toBeNull();
    expect(last()).toMatchObject({ pending: null, error: { code: 'QUEUE_EMPTY' } });
    expect(refused.map(([e, c]) => [e.code, c.type])).toEqual([['QUEUE_EMPTY', 'callNext']]);
    runner.clearError();
    expect(last()?.error).toBeNull();

    answers = [refusal(422, 'QUEUE_EMPTY'), ok(5)];
    await runner.run(CALL);
    expect(last()?.error).not.toBeNull();
    await runner.run(CALL);
    expect(last()).toEqual({ pending: null, error: null });
    expect(unauthorized()).toBe(0);
  });

  it('hands a refused token to onUnauthorized, not to the error line', async () => {
    const { runner, refused, last, unauthorized } = setup();
    answers = [refusal(401, 'SESSION_EXPIRED')];
    expect(await runner.run(CALL)).toBeNull();
    expect(unauthorized()).toBe(1);
    expect(refused).toEqual([]);
    expect(last()).toEqual({ pending: null, error: null });
  });

  it('reports "no connection" once the retries are spent, and is free again', async () => {
    const { runner, last } = setup();
    expect(await runner.run(CALL)).toBeNull();
    expect(sent).toHaveLength(3);
    expect(last()).toMatchObject({ pending: null, error: { code: 'NETWORK' } });
    answers = [ok(6)];
    expect(await runner.run(CALL)).toEqual({});
  });
});
