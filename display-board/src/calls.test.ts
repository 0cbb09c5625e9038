import type { RecentCall } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { type AnnouncementTrack, BLINK_MS, boardSections, callKey, ENDED_KEEP_MS, NEW_MIN_MS } from './calls.js';

const call = (n: number, at: number): RecentCall => ({
  ticketId: `t${n}`,
  number: `К-00${n}`,
  windowId: `w${n}`,
  windowNumber: n,
  windowKind: 'window',
  hallId: 'main',
  at,
  callCount: 1,
});

describe('the board’s sections', () => {
  const burst = [call(4, 900), call(3, 600), call(2, 300), call(1, 0)];
  const arrivals = new Map(burst.map((c) => [callKey(c), c.at]));
  const base = {
    arrivedAt: (k: string) => arrivals.get(k) ?? 0,
    endedAt: () => undefined,
    maxCalls: 8,
  };
  // the hall's queue: one after another, 3 s each, 0.4 s apart
  const played = (now: number): AnnouncementTrack[] =>
    burst
      .slice()
      .reverse()
      .map((c, i) => {
        const playAt = 150 + i * 3400;
        const done = now >= playAt + 3000;
        return {
          ticketId: c.ticketId,
          receivedAt: c.at + 5,
          playAt,
          durationMs: 3000,
          ...(now >= playAt ? { startedAt: playAt } : {}),
          ...(done ? { status: 'played', endedAt: playAt + 3000 } : {}),
        };
      });

  it('a burst of four: all four large together, each until its own announcement has played', () => {
    const at = (now: number) => boardSections(burst, { ...base, now, announcements: played(now) });
    expect(at(1000).now.map((r) => r.call.number)).toEqual(['К-004', 'К-003', 'К-002', 'К-001']);
    expect(
      at(1000)
        .now.filter((r) => r.playing)
        .map((r) => r.call.number),
    ).toEqual(['К-001']);
    expect(at(1000).now.filter((r) => r.blinking)).toHaveLength(4);
    expect(at(1000 + BLINK_MS).now.filter((r) => r.blinking)).toHaveLength(0);
    // К-001 plays 0.15–3.15 s and is new for at least 8 s; К-003 plays 6.95–9.95 s, К-004 10.35–13.35 s
    expect(at(NEW_MIN_MS + 100).earlier.map((r) => r.call.number)).toEqual(['К-001']);
    expect(at(11_000).now.map((r) => r.call.number)).toEqual(['К-004', 'К-003']);
    expect(at(12_000).now.map((r) => r.call.number)).toEqual(['К-004']);
    expect(at(14_000).now.map((r) => r.call.number)).toEqual(['К-004']);
    expect(at(15_000).now).toEqual([]);
    expect(at(15_000).earlier).toHaveLength(4);
  });

  it('without sound a call is new for the minimum time', () => {
    const s = boardSections([call(1, 0)], { ...base, now: NEW_MIN_MS - 1, announcements: [] });
    expect(s.now).toHaveLength(1);
    expect(s.nextChange).toBe(NEW_MIN_MS);
    expect(boardSections([call(1, 0)], { ...base, now: NEW_MIN_MS, announcements: [] }).earlier).toHaveLength(1);
  });

  it('a call whose ticket went back to the queue (postponed, transferred) leaves at once, new or earlier', () => {
    const back = (id: string) => id === 't4' || id === 't1';
    const now = boardSections(burst, { ...base, now: 1000, announcements: [] });
    expect(now.now.map((r) => r.call.number)).toContain('К-004');
    const s = boardSections(burst, { ...base, now: 1000, withdrawn: back, announcements: [] });
    expect([...s.now, ...s.earlier].map((r) => r.call.number).sort()).toEqual(['К-002', 'К-003']);
  });

  it('a call whose visit ended long ago leaves; every new call is shown, earlier ones fill up to maxCalls', () => {
    const s = boardSections(burst, {
      ...base,
      now: 60_000,
      endedAt: (id) => (id === 't1' ? 60_000 - ENDED_KEEP_MS : id === 't2' ? 50_000 : undefined),
      announcements: [],
    });
    expect(s.earlier.map((r) => r.call.number)).toEqual(['К-004', 'К-003', 'К-002']);
    expect(s.nextChange).toBe(50_000 + ENDED_KEEP_MS);
    const few = boardSections(burst, { ...base, now: 1000, maxCalls: 2, announcements: [] });
    expect(few.now).toHaveLength(4);
    expect(few.earlier).toHaveLength(0);
  });
});
