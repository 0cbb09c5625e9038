import {
  ANNOUNCE_NAMESPACE,
  COMMAND_ROLES,
  type CommandType,
  NAMESPACES,
  type Role,
  type TalonError,
} from '@talon/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../../server/src/auth/crypto.js';
import { NAMESPACE_ROLES } from '../../server/src/edge/identity.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The edge issue's authorization matrix (test/server/route-table.test.ts) extended to sockets: every
 * namespace × every identity × every event a client may send. The namespaces come from the protocol and
 * from what the server opened, the events from the server's own guard table (type-checked against the
 * protocol's event maps): a namespace or an event added later fails here until this test says who may
 * use it.
 */
let s: TestServer;

interface Who {
  name: string;
  roles: Role[];
  /** A device's token (heartbeats are a device's). */
  device?: boolean;
  /** A fresh token for each use: some identities are used up by being refused (an expired session). */
  token: () => Promise<string | undefined>;
  /** Refused everywhere, with this code. */
  refused?: 'UNAUTHORIZED' | 'SESSION_EXPIRED';
}

const IDENTITIES: Who[] = [];

/** Who may open each namespace. The realtime ones are the edge's table; a new namespace must be added here. */
const ADMITS: Record<string, readonly Role[]> = {
  ...Object.fromEntries(NAMESPACES.map((n) => [`/${n}`, NAMESPACE_ROLES[n]])),
  [`/${ANNOUNCE_NAMESPACE}`]: ['board'],
};

/** Who may send each event, given what it carries. A new event must be added here. */
const EVENT_RULES: Record<string, { samples: (who: Who) => { payload: unknown; allowed: boolean; label: string }[] }> =
  {
    command: {
      samples: (who) =>
        (Object.keys(COMMAND_ROLES) as CommandType[]).map((type, i) => ({
          // bodies without their fields: nothing runs, but the role check comes first, as on a route
          payload: { commandId: `mx-${who.name}-${i}-${Date.now()}`, command: { type } },
          allowed: who.roles.some((r) => COMMAND_ROLES[type].includes(r)),
          label: `command ${type}`,
        })),
    },
    resync: { samples: () => [{ payload: undefined, allowed: true, label: 'resync' }] },
    heartbeat: { samples: (who) => [{ payload: { status: 'ok' }, allowed: who.device === true, label: 'heartbeat' }] },
    ack: { samples: () => [{ payload: { id: 'no-such-announcement' }, allowed: true, label: 'ack' }] },
  };

beforeAll(async () => {
  s = await startTestServer({ server: { printing: { virtualPrinter: true, printerPollMs: 0 } } });
  const paired = async (role: 'kiosk' | 'board' | 'rating' | 'device' | 'wall') =>
    (await s.pair(role, `matrix ${role}`)).token;
  for (const role of ['kiosk', 'board', 'rating', 'device', 'wall'] as const) {
    const token = await paired(role);
    IDENTITIES.push({ name: role, roles: [role], device: true, token: async () => token });
  }
  s.auth.ensureUser({ login: 'config-only', name: 'Настройки', password: 'config-only-pass', roles: ['config_admin'] });
  for (const [name, login, password, roles] of [
    ['operator', 'operator1', 'talon1', ['operator']],
    ['hall_admin', 'admin', 'admin-talon', ['hall_admin']],
    ['config_admin', 'config-only', 'config-only-pass', ['config_admin']],
  ] as const) {
    const { token } = await s.login(login, password);
    IDENTITIES.push({ name, roles: [...roles], token: async () => token });
  }

  const revoked = await s.pair('kiosk', 'matrix revoked kiosk');
  s.store.revokeDevice(revoked.deviceId, s.clock.now());
  const disabled = s.auth.ensureUser({
    login: 'disabled-op',
    name: 'Отключённый',
    password: 'disabled-pass',
    roles: ['operator'],
    operatorId: 'op2',
  });
  const disabledToken = (await s.login('disabled-op', 'disabled-pass')).token;
  // the account alone is disabled, its session row left: the check must look at the user, not only the session
  s.store.setUserDisabled(disabled.user.id, s.clock.now());
  const operatorId = s.store.findUserByLogin('operator1')?.id as string;
  let expired = 0;
  IDENTITIES.push(
    { name: 'anonymous', roles: [], token: async () => undefined, refused: 'UNAUTHORIZED' },
    { name: 'forged', roles: [], token: async () => 'not-a-token-anyone-issued', refused: 'UNAUTHORIZED' },
    { name: 'revoked kiosk', roles: [], token: async () => revoked.token, refused: 'UNAUTHORIZED' },
    { name: 'disabled operator', roles: [], token: async () => disabledToken, refused: 'UNAUTHORIZED' },
    {
      name: 'expired operator',
      roles: [],
      refused: 'SESSION_EXPIRED',
      // an expired session is deleted when refused, so each use gets its own
      token: async () => {
        const token = `expired-session-${++expired}-${Date.now()}`;
        const now = s.clock.now();
        s.store.createSession({
          tokenHash: tokenHash(token),
          userId: operatorId,
          createdAt: now - 13 * 3_600_000,
          expiresAt: now - 1,
        });
        return token;
      },
    },
  );
});
afterAll(async () => {
  await s?.stop();
});

type Opened = { socket: Socket } | { refused: TalonError | undefined; message: string };

function open(namespace: string, token: string | undefined): Promise<Opened> {
  const socket = io(s.url + namespace, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err: Error & { data?: TalonError }) => {
      socket.close();
      resolve({ refused: err.data, message: err.message });
    });
  });
}

async function send(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  const args = payload === undefined ? [] : [payload];
  try {
    return await socket.timeout(3000).emitWithAck(event, ...args);
  } catch {
    return 'no answer';
  }
}

/**
 * The guard's own refusals: "not you" (a token no longer valid) or "not this event" (FORBIDDEN naming the
 * event). A FORBIDDEN from the office's rules (a hall administrator acting for nobody) got past the guard.
 */
const guardCode = (answer: unknown): string | undefined => {
  const r = answer as { ok?: boolean; error?: { code?: string; details?: { event?: unknown } } } | null;
  if (r?.ok !== false || !r.error) return undefined;
  if (r.error.code === 'UNAUTHORIZED' || r.error.code === 'SESSION_EXPIRED') return r.error.code;
  if (r.error.code === 'FORBIDDEN' && r.error.details?.event !== undefined) return 'FORBIDDEN';
  return undefined;
};

describe('the socket table', () => {
  it('every namespace the server opened is in the protocol, guarded, and has its rules here', () => {
    const opened = s.socketNamespaces().filter((n) => n !== '/');
    const protocol = [...NAMESPACES, ANNOUNCE_NAMESPACE].map((n) => `/${n}`);
    const guarded = s.auth.sockets.table().map((t) => t.namespace);
    expect([...opened].sort()).toEqual([...protocol].sort());
    expect([...guarded].sort()).toEqual([...protocol].sort());
    expect(Object.keys(ADMITS).sort()).toEqual([...protocol].sort());
    for (const t of s.auth.sockets.table())
      for (const e of t.events) expect(EVENT_RULES[e], `${t.namespace} ${e}`).toBeDefined();
  });

  it('keeps personal data where it belongs: no device opens the operators’ or administrators’ namespaces', () => {
    for (const ns of ['/operator', '/admin'])
      for (const device of ['kiosk', 'board', 'rating', 'device', 'wall'] as const)
        expect(ADMITS[ns]?.includes(device), `${device} on ${ns}`).toBe(false);
  });
});

/** The HTTP matrix's nine identities, then three whose right has ended and two that never had one. */
const NAMES = [
  'kiosk',
  'board',
  'rating',
  'device',
  'wall',
  'operator',
  'hall_admin',
  'config_admin',
  'anonymous',
  'forged',
  'revoked kiosk',
  'disabled operator',
  'expired operator',
];

describe('socket authorization matrix: every namespace × identity × event', () => {
  it('sets up every identity of the list', () => {
    expect(IDENTITIES.map((i) => i.name)).toEqual(NAMES);
  });

  it.each(NAMES.map((name) => [name]))('as %s', async (name) => {
    const who = IDENTITIES.find((i) => i.name === name) as Who;
    const cells: string[] = [];
    let through = 0;
    for (const { namespace, events } of s.auth.sockets.table()) {
      const admitted = !who.refused && who.roles.some((r) => ADMITS[namespace]?.includes(r));
      const opened = await open(namespace, await who.token());
      if (!('socket' in opened)) {
        const expected = who.refused ?? 'FORBIDDEN';
        if (admitted) cells.push(`${namespace}: refused (${opened.refused?.code}), expected to connect`);
        else if (opened.message !== 'unauthorized' || opened.refused?.code !== expected)
          cells.push(`${namespace}: refused with ${opened.message}/${opened.refused?.code}, expected ${expected}`);
        continue;
      }
      if (!admitted) cells.push(`${namespace}: connected, expected a refusal`);
      for (const event of events)
        for (const sample of EVENT_RULES[event]?.samples(who) ?? []) {
          const answer = await send(opened.socket, event, sample.payload);
          const code = guardCode(answer);
          if (sample.allowed && (code || answer === 'no answer'))
            cells.push(`${namespace} ${sample.label}: ${code ?? 'no answer'}, expected to get through`);
          if (!sample.allowed && code !== 'FORBIDDEN')
            cells.push(`${namespace} ${sample.label}: ${JSON.stringify(answer).slice(0, 80)}, expected FORBIDDEN`);
          if (sample.allowed && !code) through++;
        }
      // an event no namespace accepts reaches no handler
      const unknown = await send(opened.socket, 'no-such-event', {});
      if (guardCode(unknown) !== 'FORBIDDEN') cells.push(`${namespace} no-such-event: ${JSON.stringify(unknown)}`);
      expect(opened.socket.connected, `${namespace} still open`).toBe(true);
      opened.socket.close();
    }
    expect(cells).toEqual([]);
    // every identity that may connect somewhere got at least one event through, so the cells above ran
    if (!who.refused) expect(through).toBeGreaterThan(0);
  });
});
