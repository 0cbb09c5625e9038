import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMMAND_ROLES,
  type CommandInput,
  type CommandResponse,
  type CommandType,
  type DeviceRole,
  ROUTES,
  type Role,
  type RouteName,
} from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Where each device's own code lives. `ui/src` is left out: it sends only what a screen hands it. The
 * wall screen is the admin bundle in its device mode (`admin/src/wall`); `device` is the printing agent.
 */
const DEVICE_CODE: Record<DeviceRole, string[]> = {
  kiosk: ['kiosk/src'],
  board: ['display-board/src'],
  rating: ['rating-terminal/src'],
  wall: ['admin/src/wall'],
  device: ['hardware/src/agent'],
};

/**
 * Calls a device makes that are not in its screen's bundle: the demo virtual printer's page
 * (server/src/printing/virtual-pages.ts) switches its state with the token of the kiosk paired in the browser.
 */
const CALLED_ELSEWHERE: Partial<Record<DeviceRole, RouteName[]>> = { kiosk: ['virtualPrinterState'] };

function sourceOf(dirs: string[]): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(readFileSync(path, 'utf8'));
    }
  };
  for (const d of dirs) walk(join(REPO_ROOT, d));
  return out.join('\n');
}

const COMMAND_TYPES = Object.keys(COMMAND_ROLES) as CommandType[];
const DEVICE_ROLES = Object.keys(DEVICE_CODE) as DeviceRole[];

/** The command types a device's code builds (`type: 'issueTicket'`), read from its source. */
function commandsSentBy(role: DeviceRole): CommandType[] {
  const src = sourceOf(DEVICE_CODE[role]);
  return COMMAND_TYPES.filter((t) => new RegExp(`type:\\s*'${t}'`).test(src)).sort();
}

/** The routes a device's code calls by name (`call('printJob', …)`). */
function routesCalledBy(role: DeviceRole): RouteName[] {
  const src = sourceOf(DEVICE_CODE[role]);
  const named = [...src.matchAll(/\bcall\(\s*'([A-Za-z]+)'/g)].map((m) => m[1] as string);
  return [...new Set([...named, ...(CALLED_ELSEWHERE[role] ?? [])])].filter((n): n is RouteName => n in ROUTES).sort();
}

describe('a device may send only what its screen sends', () => {
  it.each(DEVICE_ROLES)('%s: the commands COMMAND_ROLES allows are exactly those its code sends', (role) => {
    const allowed = COMMAND_TYPES.filter((t) => COMMAND_ROLES[t].includes(role as Role)).sort();
    expect(allowed).toEqual(commandsSentBy(role));
  });

  it('the source scan finds commands where there are some (the kiosk issues tickets and checks in)', () => {
    expect(commandsSentBy('kiosk')).toEqual(['checkIn', 'issueTicket']);
  });

  it.each(DEVICE_ROLES)('%s: every route that names this device role is one its code calls', (role) => {
    const named = (Object.keys(ROUTES) as RouteName[])
      .filter((n) => {
        const access = ROUTES[n].access;
        return Array.isArray(access) && (access as readonly Role[]).includes(role as Role);
      })
      .sort();
    const called = routesCalledBy(role);
    expect(named.filter((n) => !called.includes(n))).toEqual([]);
  });
});

/** One valid command of every type: the role check comes after validation, so only a valid one reaches it. */
const SAMPLES: Record<CommandType, CommandInput> = {
  issueTicket: { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' },
  checkIn: { type: 'checkIn', code: 'NO-SUCH-CODE' },
  operatorLogin: { type: 'operatorLogin', windowId: 'w1' },
  operatorLogout: { type: 'operatorLogout' },
  startBreak: { type: 'startBreak', reasonId: 'lunch' },
  endBreak: { type: 'endBreak' },
  startWrapUp: { type: 'startWrapUp' },
  callNext: { type: 'callNext' },
  callTicket: { type: 'callTicket', ticketId: 'no-such-ticket' },
  recall: { type: 'recall' },
  startService: { type: 'startService' },
  finishService: { type: 'finishService' },
  markNoShow: { type: 'markNoShow' },
  markDigitalOnboarding: { type: 'markDigitalOnboarding', on: true },
  postpone: { type: 'postpone', reason: 'документы' },
  transfer: { type: 'transfer', toServiceId: 'billing' },
  cancelTicket: { type: 'cancelTicket', ticketId: 'no-such-ticket' },
  serveWalkIn: { type: 'serveWalkIn', serviceId: 'billing' },
  setSkills: { type: 'setSkills', operatorId: 'op1', serviceIds: ['billing'] },
  createAppointment: { type: 'createAppointment', code: 'XA1', serviceId: 'billing', slotAt: 0 },
  importAppointments: {
    type: 'importAppointments',
    items: [{ code: 'XA2', serviceId: 'billing', slotAt: 0 }],
  },
  cancelAppointment: { type: 'cancelAppointment', appointmentId: 'XA1@0' },
  moveAppointment: { type: 'moveAppointment', appointmentId: 'XA1@0', slotAt: 0 },
  setLiveQueueMode: { type: 'setLiveQueueMode', on: false },
  rateVisit: { type: 'rateVisit', ticketId: 'no-such-ticket', score: 5, channel: 'terminal' },
  submitFeedback: { type: 'submitFeedback', channel: 'terminal', feedback: { type: 'review', text: 'Спасибо' } },
  requestPermission: { type: 'requestPermission', action: 'logout' },
  withdrawRequest: { type: 'withdrawRequest' },
  answerRequest: { type: 'answerRequest', operatorId: 'op1', requestId: 'req-1', grant: false },
  assignTicket: { type: 'assignTicket', ticketId: 'no-such-ticket', toOperatorId: 'op1' },
};

describe('the server refuses a device every other command, over HTTP and socket', () => {
  let s: TestServer;
  const tokens = new Map<DeviceRole, string>();
  beforeAll(async () => {
    s = await startTestServer();
    for (const role of DEVICE_ROLES) tokens.set(role, (await s.pair(role, `commands ${role}`)).token);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it.each(DEVICE_ROLES)('%s', async (role) => {
    const token = tokens.get(role) ?? '';
    const forbidden: CommandType[] = [];
    for (const type of COMMAND_TYPES) {
      const r = await s.command(token, SAMPLES[type]);
      // a sample the schema refused would prove nothing about the role check
      expect(r.body.ok || r.body.error.code !== 'VALIDATION_FAILED', `${type}: ${JSON.stringify(r.body)}`).toBe(true);
      if (!r.body.ok && r.body.error.code === 'FORBIDDEN') forbidden.push(type);
    }
    const allowed = COMMAND_TYPES.filter((t) => COMMAND_ROLES[t].includes(role as Role));
    expect(forbidden.sort()).toEqual(COMMAND_TYPES.filter((t) => !allowed.includes(t)).sort());
    // the socket takes the same path
    const ns = role === 'device' ? 'device' : role;
    const live = await s.connect(ns, token);
    const ack = await live.emitWithAck<CommandResponse>('command', { command: SAMPLES.cancelTicket });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    live.close();
  });
});
