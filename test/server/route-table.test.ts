import { ROUTES, type Role, type RouteDef, type RouteName, routePath } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/** A server with every optional part on, so that every route of the table is served. */
let s: TestServer;
const tokens = new Map<string, string | undefined>();

/** Each identity the matrix calls as, with the roles it holds. */
const IDENTITIES: { name: string; roles: Role[] }[] = [
  { name: 'anonymous', roles: [] },
  { name: 'kiosk', roles: ['kiosk'] },
  { name: 'board', roles: ['board'] },
  { name: 'rating', roles: ['rating'] },
  { name: 'device', roles: ['device'] },
  { name: 'wall', roles: ['wall'] },
  { name: 'operator', roles: ['operator'] },
  { name: 'hall_admin', roles: ['hall_admin'] },
  { name: 'config_admin', roles: ['config_admin'] },
];

beforeAll(async () => {
  s = await startTestServer({
    server: {
      printing: { virtualPrinter: true, printerPollMs: 0 },
      windowDisplays: { buses: [{ id: 'hall', port: 'virtual', replyTimeoutMs: 200 }] },
    },
  });
  for (const role of ['kiosk', 'board', 'rating', 'device', 'wall'] as const)
    tokens.set(role, (await s.pair(role, `matrix ${role}`)).token);
  tokens.set('anonymous', undefined);
  // The demo's configuration administrator is a hall administrator too; the matrix wants the role alone.
  s.auth.ensureUser({ login: 'config-only', name: 'Настройки', password: 'config-only-pass', roles: ['config_admin'] });
});
afterAll(async () => {
  await s?.stop();
});

/** Fresh sessions per call: a route may end the session it is called with (logout). */
async function userToken(name: string): Promise<string> {
  const logins: Record<string, [string, string]> = {
    operator: ['operator1', 'talon1'],
    hall_admin: ['admin', 'admin-talon'],
    config_admin: ['config-only', 'config-only-pass'],
  };
  const [login, password] = logins[name] as [string, string];
  return (await s.login(login, password)).token;
}

const names = Object.keys(ROUTES) as RouteName[];

function allowed(def: RouteDef, roles: Role[]): boolean {
  if (def.access === 'public') return true;
  if (roles.length === 0) return false;
  if (def.access === 'signed-in') return true;
  return roles.some((r) => (def.access as readonly Role[]).includes(r));
}

/** Every `:param` filled with a value no record has: the call reaches the handler and changes nothing. */
function samplePath(def: RouteDef): string {
  const params = Object.fromEntries([...def.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(([, p]) => [p, 'no-such-x']));
  return routePath(def, params);
}

describe('the route table', () => {
  it('is exactly what the server registers: every route in the table, nothing outside it but the screens’ files', () => {
    const screenFile = /^\/(kiosk|board|operator|admin|rating)\/|^\/book\/(?!m\/:token$)/;
    const served = s
      .routes()
      .filter((r) => !screenFile.test(r.url))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const table = names.map((n) => `${ROUTES[n].method} ${ROUTES[n].path}`).sort();
    expect(served).toEqual(table);
    expect(new Set(table).size).toBe(table.length);
  });

  it('declares for every route who may call it, what it answers and a line that says what it is for', () => {
    for (const n of names) {
      const d: RouteDef = ROUTES[n];
      expect(d.summary.length, n).toBeGreaterThan(10);
      if ((d.produces ?? 'json') === 'json') expect(d.response, n).toBeDefined();
      if (Array.isArray(d.access)) expect(d.access.length, n).toBeGreaterThan(0);
    }
  });
});

describe('authorization matrix: every route × anonymous, each device role, operator, hall admin, config admin', () => {
  for (const id of IDENTITIES) {
    it(`as ${id.name}`, async () => {
      const cells: string[] = [];
      for (const n of names) {
        const def: RouteDef = ROUTES[n];
        if (n === 'testClock') continue; // test-only: moves the clock the other cells run on
        const token = id.roles.some((r) => ['operator', 'hall_admin', 'config_admin'].includes(r))
          ? await userToken(id.name)
          : tokens.get(id.name);
        const res = await fetch(s.url + samplePath(def), {
          method: def.method,
          redirect: 'manual',
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(def.method === 'GET' || def.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
          },
          ...(def.method === 'GET' || def.method === 'DELETE' ? {} : { body: '{}' }),
        });
        // The edge's own refusals are JSON with these codes; a page may answer 403 for its own reasons (a bad link).
        const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
        const code = body?.error?.code;
        const blocked =
          (res.status === 401 && (code === 'UNAUTHORIZED' || code === 'SESSION_EXPIRED')) ||
          (res.status === 403 && code === 'FORBIDDEN');
        const may = allowed(def, id.roles);
        const expected = may ? 'through' : id.roles.length === 0 ? 401 : 403;
        const got = blocked ? res.status : 'through';
        if (got !== expected) cells.push(`${n} (${def.method} ${def.path}): expected ${expected}, got ${res.status}`);
      }
      expect(cells).toEqual([]);
    });
  }
});
