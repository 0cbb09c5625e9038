import { actors, Harness, testOffice } from '@talon/engine/testing';
import { AlarmSettings, type HqLinkStatus, OfficeStatus } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { evaluateAlarms } from '../monitor/evaluate.js';
import { hqAlarms } from './alarms.js';
import { officeStatus } from './status.js';

describe('the live figures head office sees', () => {
  it('waiting tickets in calling order with their waits and norms, windows by state, staff names, no visitor data', () => {
    const h = new Harness({ config: testOffice() });
    const anna = actors.operator('anna');
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, anna);
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, actors.operator('boris'));
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, actors.operator('boris'));
    const issue = (topicId: string, extra: object = {}) =>
      h.ok({ type: 'issueTicket', topicId, segmentId: 'individual', ...extra }, actors.kiosk);
    issue('readings'); // К-001, consultation: 8 min norm
    h.advanceMin(2);
    issue('payment', { visitorData: { account: '7700123456' } }); // О-001, cash: 4 min norm
    h.advanceMin(1);
    issue('readings', { priorityCategoryId: 'disabled' }); // К-002, priority
    h.advanceMin(1);
    h.ok({ type: 'callNext' }, anna);
    const called = h.eventsOf('TicketCalled')[0]?.number;
    issue('readings', { priorityCategoryId: 'disabled' }); // К-003, priority, just arrived

    const st = officeStatus({
      state: h.state,
      now: h.now,
      alarms: [
        { kind: 'device-offline', message: { ru: 'киоск', en: 'kiosk' }, subject: { deviceId: 'k1' } },
        { kind: 'printer-paper', message: { ru: 'бумага', en: 'paper' }, subject: { deviceId: 'k1' } },
        { kind: 'queue-too-long', message: { ru: 'очередь', en: 'queue' }, subject: {} },
      ],
      today: { served: 3, judged: 4, within: 3 },
      profileVersion: 7,
      softwareVersion: '0.1.0',
    });
    expect(OfficeStatus.safeParse(st).success).toBe(true);
    expect(JSON.stringify(st)).not.toContain('7700123456');
    // anna called the priority К-002; the newly arrived priority ticket goes first, then the nearest norm deadline
    expect(called).toBe('К-002');
    expect(st.waitingNow).toBe(3);
    expect(st.queue.map((q) => [q.number, q.priority])).toEqual([
      ['К-003', true],
      ['О-001', false],
      ['К-001', false],
    ]);
    expect(st.queue.map((q) => q.waitSec)).toEqual([0, 120, 240]);
    for (const q of st.queue) expect(q.normSec).toBe(q.serviceId === 'cash' ? 240 : 480);
    expect(st.longestWaitSec).toBe(Math.max(...st.queue.map((q) => q.waitSec)));
    expect(st.windows.map((w) => [w.windowNumber, w.state, w.operatorName])).toEqual([
      [1, 'break', 'Борис'],
      [2, 'calling', 'Анна'],
      [3, 'closed', null],
    ]);
    expect(st.windows[1]?.ticketNumber).toBe(called);
    expect(st).toMatchObject({
      operatorsAtWork: 1,
      devicesInAlarm: 1,
      servedToday: 3,
      withinNormShareToday: 0.75,
      profileVersion: 7,
      dayKey: '2025-03-03',
    });
    expect(st.services.map((s) => s.prefix)).toEqual(['К', 'О', 'Д']);
    expect(st.alarms).toHaveLength(3);
  });
});

const T = Date.parse('2026-11-26T07:00:00Z');
const MIN = 60_000;
function link(over: Partial<HqLinkStatus> = {}): HqLinkStatus {
  return {
    configured: true,
    connected: false,
    lastAckSeq: 10,
    lastAckAt: T - 30 * MIN,
    backlog: { count: 42, oldestAt: T - 16 * MIN },
    lastError: { at: T - MIN, code: 'HQ_UNREACHABLE', message: { ru: 'недоступен', en: 'unreachable' } },
    url: 'https://hq.example.ru',
    source: 'data-folder',
    office: null,
    lastContactAt: T - 30 * MIN,
    retryAt: null,
    attention: null,
    profileVersion: null,
    profileRefused: null,
    publicBase: null,
    ...over,
  };
}

describe('the head-office alarms on the admin monitor', () => {
  const settings = AlarmSettings.parse({});

  it('the oldest unsent event past the limit (15 min by default) raises one, with the count and the reason', () => {
    const [a, ...rest] = hqAlarms(link(), settings, T, 'Europe/Moscow');
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ key: 'hq-backlog', kind: 'hq-backlog', severity: 'warning' });
    expect(a?.message.ru).toContain('16 мин');
    expect(a?.message.ru).toContain('42');
    expect(a?.message.ru).toContain('недоступен');
    expect(a?.message.ru).toContain('26.11.2026 09:44');
  });

  it('is quiet within the limit, without a backlog, and without a head office; the limit is the office’s setting', () => {
    expect(hqAlarms(link({ backlog: { count: 3, oldestAt: T - 14 * MIN } }), settings, T)).toEqual([]);
    expect(hqAlarms(link({ backlog: { count: 0, oldestAt: null } }), settings, T)).toEqual([]);
    expect(hqAlarms(link({ configured: false }), settings, T)).toEqual([]);
    expect(hqAlarms(null, settings, T)).toEqual([]);
    const strict = AlarmSettings.parse({ hqBacklogMaxMin: 5 });
    expect(hqAlarms(link({ backlog: { count: 3, oldestAt: T - 6 * MIN } }), strict, T)).toHaveLength(1);
  });

  it('a day unseen is critical; head office’s attention is explained; both can be switched off', () => {
    expect(hqAlarms(link({ backlog: { count: 1, oldestAt: T - 9 * 60 * MIN } }), settings, T)[0]?.severity).toBe(
      'critical',
    );
    const forked = hqAlarms(link({ backlog: { count: 0, oldestAt: null }, attention: 'forked' }), settings, T);
    expect(forked).toHaveLength(1);
    expect(forked[0]?.message.ru).toContain('разошёлся');
    const h = new Harness({ config: testOffice() });
    const off = AlarmSettings.parse({ off: ['hq-backlog', 'hq-attention'] });
    const input = { state: h.state, services: [], devices: [], now: T, hq: link({ attention: 'behind' }) };
    const hqKinds = (s: AlarmSettings) =>
      evaluateAlarms({ ...input, settings: s })
        .map((c) => c.kind)
        .filter((k) => k.startsWith('hq-'));
    expect(hqKinds(settings)).toEqual(['hq-backlog', 'hq-attention']);
    expect(hqKinds(off)).toEqual([]);
  });
});
