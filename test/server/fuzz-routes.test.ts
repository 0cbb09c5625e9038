import { ROUTES, type Role, type RouteDef, type RouteName, routeErrors, routePath } from '@talon/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Property-based fuzzing of every route of the table (issue 17): inputs built from each route's own
 * schemas — the fields it declares, filled with any JSON (deep, huge, NaN-like, lone surrogates, wrong
 * types) — and plain garbage, sent by an identity the route admits so that the handler is reached.
 * Whatever comes in: never a 5xx; a refusal is one of the route's declared errors in both languages; and
 * a refused request changes nothing (the office's state and its event log are as they were).
 */

let s: TestServer;
const tokens = new Map<Role | 'user', string>();

/** Routes left out, and why. */
const SKIP: Partial<Record<RouteName, string>> = {
  testClock: 'test-only: moves the clock every other call runs on',
};

beforeAll(async () => {
  s = await startTestServer({
    server: {
      printing: { virtualPrinter: true, printerPollMs: 0 },
      windowDisplays: { buses: [{ id: 'hall', port: 'virtual', replyTimeoutMs: 200 }] },
    },
  });
  for (const role of ['kiosk', 'board', 'rating', 'device', 'wall'] as const)
    tokens.set(role, (await s.pair(role, `fuzz ${role}`)).token);
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

/** A fresh session of a user holding every user role (a route may end the session it is called with). */
const userToken = async () => (await s.login('admin', 'admin-talon')).token;

async function tokenFor(def: RouteDef): Promise<string | undefined> {
  if (def.access === 'public') return undefined;
  if (def.access === 'signed-in') return userToken();
  const device = def.access.find((r) => tokens.has(r));
  if (device && !def.access.some((r) => ['operator', 'hall_admin', 'config_admin'].includes(r)))
    return tokens.get(device);
  return userToken();
}

/** The field names a schema declares (an object's keys, or every branch's keys for a union). */
function fieldsOf(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, unknown>;
      anyOf?: { properties?: Record<string, unknown> }[];
      oneOf?: { properties?: Record<string, unknown> }[];
    };
    const branches = [json, ...(json.anyOf ?? []), ...(json.oneOf ?? [])];
    return [...new Set(branches.flatMap((b) => Object.keys(b.properties ?? {})))];
  } catch {
    return [];
  }
}

const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\uD800', '../../etc/passwd', 'NaN', '-1', '1e309', '<script>', 'К-001'),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1.5, 1e300),
  fc.string({ maxLength: 5000 }).map((x) => x.repeat(20)),
  fc.array(fc.integer(), { maxLength: 50 }),
);

/** An object with some of the declared fields, each any value, and now and then a field nobody declared. */
const shaped = (fields: string[]) =>
  fields.length === 0
    ? fc.jsonValue({ maxDepth: 2 })
    : fc
        .tuple(
          fc.dictionary(fc.constantFrom(...fields), nasty, { maxKeys: fields.length }),
          fc.option(fc.dictionary(fc.string({ maxLength: 8 }), nasty, { maxKeys: 2 })),
        )
        .map(([known, extra]) => ({ ...(extra ?? {}), ...known }));

const paramValue = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constantFrom('no-such', '..', '%2e%2e', 'К-001', '0', '-1', 'x'.repeat(300)),
);

interface Call {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

function callArb(def: RouteDef): fc.Arbitrary<Call> {
  const names = [...def.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, p]) => p as string);
  const params = fc.record(
    Object.fromEntries(names.map((n) => [n, paramValue])) as Record<string, fc.Arbitrary<string>>,
  );
  const query = fc.dictionary(fc.constantFrom(...(fieldsOf(def.query).length ? fieldsOf(def.query) : ['x'])), nasty, {
    maxKeys: 3,
  });
  const body = fc.oneof(shaped(fieldsOf(def.body)), nasty);
  return fc.record({ params, query, body });
}

const fingerprint = () => `${s.store.lastSeq()}|${JSON.stringify(s.office.view())}`;

async function send(def: RouteDef, call: Call, token: string | undefined) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(call.query)) q.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  const url = `${s.url}${routePath(def, call.params)}${q.size ? `?${q}` : ''}`;
  const withBody = def.method !== 'GET' && def.method !== 'DELETE';
  const res = await fetch(url, {
    method: def.method,
    redirect: 'manual',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(withBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(withBody ? { body: JSON.stringify(call.body) ?? 'null' } : {}),
  });
  const text = await res.text();
  let json: { ok?: boolean; error?: { code?: string; message?: { ru?: string; en?: string } } } | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a page, a file or a redirect
  }
  return { status: res.status, json };
}

const names = (Object.keys(ROUTES) as RouteName[]).filter((n) => !SKIP[n]);

describe('every route, fuzzed from its own schemas', () => {
  it.each(names)(
    '%s',
    async (name) => {
      const def: RouteDef = ROUTES[name];
      const allowedCodes = new Set([...routeErrors(def), 'NOT_FOUND']);
      const problems: string[] = [];
      const token = await tokenFor(def);
      await fc.assert(
        fc.asyncProperty(callArb(def), async (call) => {
          const before = fingerprint();
          const { status, json } = await send(def, call, token);
          const what = `${def.method} ${def.path} ${JSON.stringify(call).slice(0, 200)}`;
          if (status >= 500) problems.push(`${what}: ${status} ${JSON.stringify(json).slice(0, 200)}`);
          if (status >= 400 && json) {
            const code = json.error?.code ?? '';
            if (!allowedCodes.has(code)) problems.push(`${what}: undeclared error ${code}`);
            if (!json.error?.message?.ru || !json.error.message.en) problems.push(`${what}: error without ru/en text`);
            if (fingerprint() !== before) problems.push(`${what}: refused (${code}) but the office changed`);
          }
        }),
        { numRuns: 12, seed: 20261206, endOnFailure: true },
      );
      expect(problems).toEqual([]);
    },
    60_000,
  );
});
