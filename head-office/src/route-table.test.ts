import { randomBytes } from 'node:crypto';
import { HQ_ROUTES, type HqRole, type HqRouteDef, type HqRouteName, routePath } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from './edge.js';
import { hashPassword } from './people/passwords.js';
import { startTestHeadOffice, type TestHeadOffice } from './testing.js';

/** Every route of HQ_ROUTES is served once, and each identity is let in exactly where the table says. */
let t: TestHeadOffice;
const tokens = new Map<string, string | undefined>();
const IDENTITIES: { name: string; role?: HqRole; office?: boolean }[] = [
  { name: 'anonymous' },
  { name: 'office', office: true },
  { name: 'company_admin', role: 'company_admin' },
  { name: 'branch_manager', role: 'branch_manager' },
  { name: 'analyst', role: 'analyst' },
];

beforeAll(async () => {
  t = await startTestHeadOffice();
  const office = await t.seedOffice();
  tokens.set('anonymous', undefined);
  tokens.set('office', office.apiKey);
  tokens.set('company_admin', t.adminToken);
  for (const role of ['branch_manager', 'analyst'] as const) {
    const { rows } = await t.hq.pool.query<{ id: string }>(
      'INSERT INTO hq_users (login, name, role, branch_id, password_hash) VALUES ($1, $1, $2, $3, $4) RETURNING id',
      [`matrix-${role}`, role, role === 'branch_manager' ? office.branchId : null, await hashPassword('x-password-1')],
    );
    const token = randomBytes(24).toString('base64url');
    await t.hq.pool.query(
      "INSERT INTO hq_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')",
      [sha256(token), rows[0]?.id],
    );
    tokens.set(role, token);
  }
});
afterAll(async () => {
  await t?.close();
});

const names = Object.keys(HQ_ROUTES) as HqRouteName[];

function allowed(def: HqRouteDef, who: (typeof IDENTITIES)[number]): boolean {
  if (def.access === 'public') return true;
  if (def.access === 'office') return who.office === true;
  if (!who.role) return false;
  return def.access === 'signed-in' || (def.access as readonly HqRole[]).includes(who.role);
}

describe('head-office route table', () => {
  it('serves every route of the table exactly once and nothing else under /api', () => {
    const served = t.hq.edge
      .registered()
      .filter((r) => r.url.startsWith('/api/') || r.url.startsWith('/o/'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    const table = names.map((n) => `${HQ_ROUTES[n].method} ${HQ_ROUTES[n].path}`).sort();
    expect(served).toEqual(table);
  });

  it.each(IDENTITIES)('lets $name in exactly where the table says', async (who) => {
    for (const name of names) {
      const def: HqRouteDef = HQ_ROUTES[name];
      // Signing out would end the session the rest of the loop uses; the anonymous case still covers it.
      if (def.access === 'public' || (name === 'hqLogout' && who.role)) continue;
      // A body that fails validation: an admitted caller gets 400 and nothing changes; a refused one 401/403.
      const params = Object.fromEntries([...def.path.matchAll(/:([A-Za-z]+)/g)].map((m) => [m[1], 'no-such-id']));
      const token = tokens.get(who.name);
      const r = await fetch(`${t.url}${routePath(def, params)}`, {
        method: def.method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(def.method === 'GET' || def.method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
        },
        ...(def.method === 'GET' || def.method === 'DELETE' ? {} : { body: JSON.stringify({ invalid: true }) }),
      });
      const admitted = r.status !== 401 && r.status !== 403;
      expect({ name, status: r.status, admitted }).toEqual({ name, status: r.status, admitted: allowed(def, who) });
    }
  });
});
