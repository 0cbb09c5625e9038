import { COMMAND_ROLES, Command, type CommandType } from '@talon/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Property-based fuzzing of the socket events (issue 17): commands built from the `Command` schema — each
 * type with its declared fields filled with any JSON — and garbage for every event a namespace accepts,
 * sent by identities that may use them. The server answers every one (no dropped ack, no crash), a refusal
 * is a known code with both languages, and a refused command changes nothing.
 */

let s: TestServer;
let admin: string;
let kiosk: string;
let operator: string;

beforeAll(async () => {
  s = await startTestServer({
    // the fuzz sends hundreds of commands a second: the rate limits are tested elsewhere (rate-limits.test.ts)
    server: { rateLimits: { limits: { tickets: null, commands: null, requests: null } } },
  });
  admin = (await s.login('admin', 'admin-talon')).token;
  operator = (await s.login('operator1', 'talon1')).token;
  kiosk = (await s.pair('kiosk', 'fuzz kiosk')).token;
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

/** Every field any command type declares, by type. */
const FIELDS: Record<string, string[]> = Object.fromEntries(
  Command.options.map((o) => [o.shape.type.value, Object.keys(o.shape).filter((k) => k !== 'type')]),
);
const TYPES = Object.keys(COMMAND_ROLES) as CommandType[];

const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\uD800', 'w1', 'op1', 'consult', 'billing', 'individual', 'К-001', 'no-such'),
  fc.constantFrom(-1, 0, 1, 1.5, 1e300, Number.MAX_SAFE_INTEGER),
  fc.string({ maxLength: 2000 }).map((x) => x.repeat(10)),
);

const command = fc
  .constantFrom(...TYPES)
  .chain((type) =>
    fc.record({
      type: fc.constant(type as unknown),
      fields: fc.dictionary(fc.constantFrom(...(FIELDS[type]?.length ? (FIELDS[type] as string[]) : ['x'])), nasty, {
        maxKeys: 4,
      }),
    }),
  )
  .map(({ type, fields }) => ({ ...fields, type }));

const payload = fc.oneof(
  { weight: 6, arbitrary: fc.record({ commandId: fc.uuid(), command }) },
  { weight: 1, arbitrary: fc.record({ commandId: nasty, command: nasty }) },
  { weight: 1, arbitrary: nasty },
);

const fingerprint = () => `${s.store.lastSeq()}|${JSON.stringify(s.office.view())}`;

interface Reply {
  ok?: boolean;
  error?: { code?: string; message?: { ru?: string; en?: string } };
}

describe('socket events, fuzzed from the command schema', () => {
  it.each([
    ['operator', 'a hall administrator', () => admin],
    ['operator', 'an operator', () => operator],
    ['kiosk', 'a kiosk', () => kiosk],
  ] as const)(
    '/%s as %s: every command answered, refusals in both languages change nothing',
    async (ns, _who, token) => {
      const client = await s.connect(ns, token());
      const problems: string[] = [];
      let answered = 0;
      await fc.assert(
        fc.asyncProperty(payload, async (p) => {
          const before = fingerprint();
          const reply = await client.emitWithAck<Reply>('command', p).catch((e: Error) => ({ lost: e.message }));
          const what = JSON.stringify(p).slice(0, 160);
          if ('lost' in reply) {
            problems.push(`${what}: no answer (${reply.lost})`);
            return;
          }
          answered++;
          if (reply.ok === true) return;
          if (!reply.error?.code || !reply.error.message?.ru || !reply.error.message.en)
            problems.push(`${what}: an answer without a code and both texts: ${JSON.stringify(reply).slice(0, 160)}`);
          if (reply.error?.code === 'INTERNAL') problems.push(`${what}: INTERNAL`);
          if (fingerprint() !== before) problems.push(`${what}: refused (${reply.error?.code}) but the office changed`);
        }),
        { numRuns: 150, seed: 20261206 },
      );
      // garbage for every other event the namespace might take, unanswered: the socket and the server live on
      for (const event of ['resync', 'heartbeat', 'ack', 'no-such-event'])
        for (const junk of [undefined, null, 42, 'x'.repeat(100_000), { deep: [[[[[[[[[]]]]]]]]] }])
          client.socket.emit(event, junk);
      const after = await client.emitWithAck<Reply>('command', {
        commandId: 'after-junk',
        command: { type: 'no-such' },
      });
      expect(after.error?.code).toBe('VALIDATION_FAILED');
      expect(problems).toEqual([]);
      expect(answered).toBeGreaterThan(100);
      // the server still answers, and the socket still works
      expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
      client.close();
    },
    120_000,
  );
});
