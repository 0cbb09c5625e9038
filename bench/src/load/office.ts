import type {
  ConfigResponse,
  ConfigSaveResponse,
  LoginResponse,
  OfficeConfig,
  PairingCodeResponse,
  PairResponse,
} from '@talon/protocol';
import { Endpoint, type Outcome } from './http.js';
import type { LoadServer } from './server.js';
import type { Tally } from './tally.js';

/** The demo office's six operators' skills, repeated over the forty (two of the six serve everything). */
const SKILL_PATTERNS = [
  ['consult', 'consult-cash', 'digital'],
  ['cash', 'consult-cash'],
  ['consult', 'contract', 'digital'],
  ['contract', 'consult'],
  ['consult', 'cash', 'consult-cash', 'contract', 'digital'],
  ['consult', 'cash', 'consult-cash', 'contract', 'digital'],
];

/** Each machine of the office has its own address on the loopback network, as on an office LAN. */
export const ADDRESSES = {
  admin: '127.0.5.1',
  kiosk: (i: number) => `127.0.1.${i + 1}`,
  operator: (i: number) => `127.0.2.${i + 1}`,
  board: (i: number) => `127.0.3.${i + 1}`,
  rating: (i: number) => `127.0.4.${i + 1}`,
  attacker: (i: number) => `127.0.9.${i + 1}`,
};

export interface Device {
  name: string;
  token: string;
  http: Endpoint;
}

export interface Console extends Device {
  login: string;
  operatorId: string;
  windowId: string;
  skills: string[];
}

export interface RatingTerminal extends Device {
  windowId: string;
}

export interface Office {
  config: OfficeConfig;
  admin: { readonly http: Endpoint; token: string };
  consoles: Console[];
  kiosks: Device[];
  boards: Device[];
  ratings: RatingTerminal[];
  /** Service id → share of the visitors (what the operators' skills can serve). */
  demand: Map<string, number>;
}

function must<T>(what: string, r: Outcome<T>): T {
  if (!r.ok) throw new Error(`${what}: ${r.status} ${r.code} ${JSON.stringify(r.error ?? {})}`);
  return r.body;
}

export const passwordOf = (n: number) => (n <= 6 ? `talon${n}` : `load-talon-${n}`);

/**
 * The office for the day, set up through the public API as its administrators would: the demo office
 * grown to `operators` windows and operators (`PUT /api/config`), a login per new operator
 * (`POST /api/users`), then every kiosk, board and rating terminal paired from its own address, and every
 * operator signed in at their window from theirs.
 */
export async function openOffice(
  server: LoadServer,
  tally: Tally,
  n: { operators: number; kiosks: number; boards: number; ratings: number },
): Promise<Office> {
  const http = new Endpoint(server, ADDRESSES.admin, tally);
  const login = async (ep: Endpoint, name: string, password: string) =>
    must(`login ${name}`, await ep.send<LoginResponse>('POST', '/api/auth/login', { login: name, password }));
  const config = (await login(http, 'config', 'config-talon')).token;
  const current = must('GET /api/config', await http.send<ConfigResponse>('GET', '/api/config', undefined, config));
  const next: OfficeConfig = {
    ...current.config,
    windows: Array.from({ length: n.operators }, (_, i) => ({
      id: `w${i + 1}`,
      number: i + 1,
      hallId: current.config.halls[0]?.id ?? 'main',
      kind: 'window' as const,
    })),
    operators: Array.from({ length: n.operators }, (_, i) => ({
      id: `op${i + 1}`,
      name: current.config.operators[i]?.name ?? `Оператор ${i + 1}`,
      skills: SKILL_PATTERNS[i % SKILL_PATTERNS.length] ?? [],
    })),
  };
  must(
    'PUT /api/config',
    await http.send<ConfigSaveResponse>('PUT', '/api/config', { config: next, baseVersion: current.version }, config),
  );
  for (let i = 7; i <= n.operators; i++)
    must(
      `POST /api/users operator${i}`,
      await http.send(
        'POST',
        '/api/users',
        {
          login: `operator${i}`,
          name: `Оператор ${i}`,
          roles: ['operator'],
          operatorId: `op${i}`,
          password: passwordOf(i),
        },
        config,
      ),
    );

  const admin = (await login(http, 'admin', 'admin-talon')).token;
  const pair = async (what: string, code: PairingCodeResponse, address: string): Promise<Device> => {
    const ep = new Endpoint(server, address, tally);
    const r = must(`pair ${what}`, await ep.send<PairResponse>('POST', '/api/devices/pair', { code: code.code }));
    return { name: what, token: r.token, http: ep };
  };
  const code = async (role: 'kiosk' | 'board', name: string) =>
    must(
      `pairing code ${name}`,
      await http.send<PairingCodeResponse>('POST', '/api/devices/pairing-codes', { role, name }, admin),
    );

  const kiosks: Device[] = [];
  for (let i = 0; i < n.kiosks; i++) {
    const name = `Киоск ${i + 1}`;
    kiosks.push(await pair(name, await code('kiosk', name), ADDRESSES.kiosk(i)));
  }
  const boards: Device[] = [];
  for (let i = 0; i < n.boards; i++) {
    const name = `Табло ${i + 1}`;
    boards.push(await pair(name, await code('board', name), ADDRESSES.board(i)));
  }
  const ratings: RatingTerminal[] = [];
  for (let i = 0; i < n.ratings; i++) {
    const windowId = `w${i + 1}`;
    const c = must(
      `rating pairing code ${windowId}`,
      await http.send<PairingCodeResponse>('POST', '/api/rating/pairing-codes', { windowId }, admin),
    );
    ratings.push({ ...(await pair(`Оценка ${windowId}`, c, ADDRESSES.rating(i))), windowId });
  }

  const consoles: Console[] = [];
  for (let i = 0; i < n.operators; i++) {
    const ep = new Endpoint(server, ADDRESSES.operator(i), tally);
    const name = `operator${i + 1}`;
    const session = await login(ep, name, passwordOf(i + 1));
    const windowId = `w${i + 1}`;
    must(`operatorLogin ${name}`, await ep.command(session.token, { type: 'operatorLogin', windowId }));
    consoles.push({
      name,
      login: name,
      token: session.token,
      http: ep,
      operatorId: session.user.operatorId ?? `op${i + 1}`,
      windowId,
      skills: next.operators[i]?.skills ?? [],
    });
  }

  // What the skills can take: each operator shares their time evenly between their services.
  const demand = new Map<string, number>();
  for (const op of next.operators)
    for (const s of op.skills) demand.set(s, (demand.get(s) ?? 0) + 1 / op.skills.length / next.operators.length);
  return { config: next, admin: { http, token: admin }, consoles, kiosks, boards, ratings, demand };
}
