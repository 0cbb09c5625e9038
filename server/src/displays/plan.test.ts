import { actors, Harness, testOffice } from '@talon/engine/testing';
import { describe, expect, it } from 'vitest';
import { asDisplayed, busHeartbeat, desiredTexts, recallBlinks, resolveMapping } from './plan.js';
import { DisplayBusSettings, WindowDisplaySettings } from './settings.js';

const anna = actors.operator('anna');
const boris = actors.operator('boris');
const bus = (extra: Record<string, unknown> = {}) => DisplayBusSettings.parse({ port: '/dev/ttyUSB0', ...extra });

describe('window → address mapping', () => {
  const office = testOffice({
    halls: [
      { id: 'main', name: { ru: 'Зал', en: 'Hall' } },
      { id: 'vip', name: { ru: 'Зал 2', en: 'Hall 2' } },
    ],
    windows: [
      { id: 'w1', number: 1, hallId: 'main' },
      { id: 'w2', number: 2, hallId: 'main' },
      { id: 'w3', number: 3, hallId: 'main' },
      { id: 'v1', number: 1, hallId: 'vip' },
      { id: 'big', number: 120, hallId: 'vip' },
    ],
  });

  it('by default the address is the window number, per hall', () => {
    const main = resolveMapping(bus({ hallId: 'main' }), office);
    expect([...main.byWindow]).toEqual([
      ['w1', 1],
      ['w2', 2],
      ['w3', 3],
    ]);
    expect(main.problems).toEqual([]);
    const vip = resolveMapping(bus({ hallId: 'vip' }), office);
    expect([...vip.byWindow]).toEqual([['v1', 1]]);
    expect(vip.problems).toEqual(['window big: number 120 has no address (1..99)']);
  });

  it('one bus for two halls: clashing numbers are reported, not silently shared', () => {
    const m = resolveMapping(bus(), office);
    expect(m.byWindow.get('v1')).toBeUndefined();
    expect(m.problems).toContain('windows w1 and v1 share address 1');
  });

  it('an explicit list wins; unknown windows are reported', () => {
    const m = resolveMapping(
      bus({
        displays: [
          { windowId: 'w3', address: 11 },
          { windowId: 'nope', address: 12 },
        ],
      }),
      office,
    );
    expect([...m.byWindow]).toEqual([['w3', 11]]);
    expect(m.problems).toEqual(['unknown window nope']);
  });

  it('settings refuse two displays at one address and two buses on one port', () => {
    expect(
      DisplayBusSettings.safeParse({
        port: 'COM3',
        displays: [
          { windowId: 'w1', address: 4 },
          { windowId: 'w2', address: 4 },
        ],
      }).success,
    ).toBe(false);
    expect(
      WindowDisplaySettings.safeParse({
        buses: [
          { id: 'a', port: '/dev/ttyUSB0' },
          { id: 'b', port: '/dev/ttyUSB0' },
        ],
      }).success,
    ).toBe(false);
    expect(WindowDisplaySettings.safeParse({ buses: [{ port: '/dev/ttyUSB0', baudRate: 9601 }] }).success).toBe(false);
    expect(WindowDisplaySettings.parse({ buses: [{ port: 'virtual' }] }).buses[0]).toMatchObject({
      id: 'main',
      baudRate: 9600,
      blinkOnRecallSec: 10,
      pollSec: 10,
    });
  });
});

describe('what each display shows, through a real engine', () => {
  const h = new Harness({ config: testOffice() });
  const m = resolveMapping(bus(), h.state.config);
  const texts = () => Object.fromEntries(desiredTexts(h.state, m));
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  for (let i = 0; i < 4; i++) h.ok({ type: 'issueTicket', serviceId: 'consultation' }, actors.kiosk);

  it('call shows the number at that window only; service keeps it; finish clears it', () => {
    expect(texts()).toEqual({ 1: '', 2: '', 3: '' });
    h.ok({ type: 'callNext' }, anna);
    expect(texts()).toEqual({ 1: 'К-001', 2: '', 3: '' });
    h.ok({ type: 'callNext' }, boris);
    expect(texts()).toEqual({ 1: 'К-001', 2: 'К-002', 3: '' });
    h.ok({ type: 'startService' }, anna);
    expect(texts()[1]).toBe('К-001');
    h.ok({ type: 'finishService' }, anna);
    expect(texts()[1]).toBe('');
  });

  it('a recall blinks that window’s display; no-show and transfer clear it', () => {
    h.advanceSec(30);
    const r = h.ok({ type: 'recall' }, boris);
    const stored = r.events.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(recallBlinks(stored, m)).toEqual([2]);
    expect(texts()[2]).toBe('К-002');
    h.ok({ type: 'markNoShow' }, boris);
    expect(texts()[2]).toBe('');
    h.ok({ type: 'callNext' }, anna);
    expect(texts()[1]).toBe('К-003');
    h.ok({ type: 'transfer', toServiceId: 'cash' }, anna);
    expect(texts()[1]).toBe('');
  });
});

describe('display text and bus health', () => {
  it('compares numbers as the display will report them back', () => {
    expect(asDisplayed('К-001')).toBe('К-001');
    expect(asDisplayed('«А» — 7')).toBe('"А" - 7');
  });

  it('ok, warning for silent or faulty displays, error when the line is down or nobody answers', () => {
    const base = { port: '/dev/ttyUSB0', open: true, lastError: null, problems: [] };
    expect(
      busHeartbeat({
        ...base,
        displays: [
          { address: 1, answering: true, health: 'ok' },
          { address: 2, answering: true, health: 'ok' },
        ],
      }),
    ).toEqual({ status: 'ok', details: { port: '/dev/ttyUSB0', open: true, displays: 2, answering: 2 } });
    expect(
      busHeartbeat({
        ...base,
        displays: [
          { address: 1, answering: false },
          { address: 2, answering: true, health: 'led-fault' },
          { address: 3, answering: false },
        ],
      }),
    ).toEqual({
      status: 'warning',
      details: { port: '/dev/ttyUSB0', open: true, displays: 3, answering: 1, silent: '1,3', faulty: '2:led-fault' },
    });
    expect(busHeartbeat({ ...base, displays: [{ address: 1, answering: false }] }).status).toBe('error');
    expect(
      busHeartbeat({ ...base, open: false, lastError: 'Error: No such file or directory', displays: [] }),
    ).toMatchObject({ status: 'error', details: { open: false, lastError: 'Error: No such file or directory' } });
  });
});
