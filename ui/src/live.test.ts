import { initialState } from '@talon/engine';
import type { EngineState, StoredEvent } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { LiveFold } from './live.js';

const SYSTEM = { kind: 'system' } as const;
const at = Date.parse('2026-03-02T09:00:00Z');
const liveQueue = (seq: number, on: boolean): StoredEvent => ({
  seq,
  at,
  actor: SYSTEM,
  type: 'LiveQueueModeChanged',
  on,
});
const stateAt = (seq: number): EngineState => ({ ...initialState(), seq });

describe('LiveFold (snapshot + events on a screen)', () => {
  it('folds nothing before the first snapshot', () => {
    const fold = new LiveFold();
    expect(fold.event(liveQueue(1, true))).toBe('ignored');
    expect(fold.state).toBeNull();
  });

  it('folds the next event and skips ones the snapshot already has', () => {
    const fold = new LiveFold();
    fold.snapshot(stateAt(5));
    expect(fold.event(liveQueue(4, true))).toBe('ignored');
    expect(fold.event(liveQueue(5, true))).toBe('ignored');
    expect(fold.state?.liveQueue).toBe(false);
    expect(fold.event(liveQueue(6, true))).toBe('folded');
    expect(fold.state).toMatchObject({ seq: 6, liveQueue: true });
    expect(fold.event(liveQueue(6, false))).toBe('ignored');
    expect(fold.state?.liveQueue).toBe(true);
  });

  it('asks for a snapshot on a gap in seq, and folds nothing until it comes', () => {
    const fold = new LiveFold();
    fold.snapshot(stateAt(5));
    expect(fold.event(liveQueue(7, true))).toBe('resync');
    expect(fold.state).toMatchObject({ seq: 5, liveQueue: false });
    const ask = fold.beginResync();
    expect(ask).not.toBeNull();
    // one ask at a time
    expect(fold.beginResync()).toBeNull();
    // events arriving meanwhile wait for the snapshot, even the one that would fit
    expect(fold.event(liveQueue(6, true))).toBe('ignored');
    expect(fold.wants(ask as number)).toBe(true);
    fold.snapshot({ ...stateAt(7), liveQueue: true });
    expect(fold.event(liveQueue(8, false))).toBe('folded');
    expect(fold.state).toMatchObject({ seq: 8, liveQueue: false });
  });

  it('drops an answer that comes after the link dropped or a newer snapshot arrived', () => {
    const fold = new LiveFold();
    fold.snapshot(stateAt(5));
    const ask = fold.beginResync() as number;
    fold.disconnected();
    expect(fold.wants(ask)).toBe(false);
    // after the drop a new ask may go out
    const again = fold.beginResync() as number;
    fold.snapshot(stateAt(9));
    expect(fold.wants(again)).toBe(false);
  });

  it('asks again after an unanswered ask', () => {
    const fold = new LiveFold();
    fold.snapshot(stateAt(5));
    expect(fold.beginResync()).not.toBeNull();
    fold.resyncFailed();
    expect(fold.beginResync()).not.toBeNull();
  });

  it('asks for a snapshot when the reducer cannot fold an event', () => {
    const fold = new LiveFold();
    fold.snapshot(stateAt(5));
    const broken = { seq: 6, at, actor: SYSTEM, type: 'OfficeConfigured', config: null } as unknown as StoredEvent;
    const error = console.error;
    console.error = () => {};
    try {
      expect(fold.event(broken)).toBe('resync');
    } finally {
      console.error = error;
    }
  });
});
