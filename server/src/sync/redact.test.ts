import { createHash } from 'node:crypto';
import { actors, Harness, testOffice } from '@talon/engine/testing';
import { canonicalJson, type StoredEvent, SyncEvent } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { separate } from '../store/personal.js';
import { WireNorms } from './norms.js';
import { toSyncEvent } from './redact.js';
import { officeStatus } from './status.js';

/** What visitors and operators typed in the test visits: none of it may leave the office. */
const PERSONAL = {
  account: '7700123456',
  phone: '+7 912 345-67-89',
  bookingName: 'Иванов Пётр Сергеевич',
  transferComment: 'Перезвонить Иванову на 89123456789',
  postponeReason: 'Ждёт паспорт Петровой',
  cancelReason: 'Ушла, Кузнецова Анна',
  feedbackText: 'Жалоба Сидоровой: долго ждала',
  feedbackContact: 'sidorova@example.ru',
  liveQueueReason: 'Смирнов попросил',
};

/** A morning at the fixture office where every free-text field is filled with someone's personal data. */
function dayWithPersonalData(): Harness {
  const h = new Harness({ config: testOffice() });
  const anna = actors.operator('anna');
  const boris = actors.operator('boris');
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  h.ok(
    {
      type: 'createAppointment',
      code: 'B-100',
      serviceId: 'cash',
      slotAt: h.now + 3600_000,
      visitorName: PERSONAL.bookingName,
    },
    actors.admin,
  );
  const issue = (topicId: string, visitorData?: { account: string; phone: string }) =>
    h.ok(
      { type: 'issueTicket', topicId, segmentId: 'individual', ...(visitorData ? { visitorData } : {}) },
      actors.kiosk,
    );
  issue('payment', { account: PERSONAL.account, phone: PERSONAL.phone });
  issue('readings');
  issue('recalc');
  h.advanceMin(3);
  // anna: the payment visit, transferred to a consultation with a comment that names the visitor
  h.ok({ type: 'callNext' }, anna);
  h.ok({ type: 'startService' }, anna);
  h.advanceMin(2);
  h.ok({ type: 'transfer', toServiceId: 'consultation', comment: PERSONAL.transferComment }, anna);
  // boris postpones the next one with a reason that names someone
  h.ok({ type: 'callNext' }, boris);
  h.ok({ type: 'postpone', reason: PERSONAL.postponeReason, returnInMin: 0 }, boris);
  h.advanceMin(1);
  // then every ticket is served
  for (const op of [anna, boris, anna, boris, anna, boris]) {
    if (!h.run({ type: 'callNext' }, op).ok) continue;
    h.ok({ type: 'startService' }, op);
    h.advanceMin(3);
    h.ok({ type: 'finishService', outcomes: ['consulted'] }, op);
  }
  const served = h.eventsOf('ServiceFinished').find((e) => e.visit)?.ticketId ?? '';
  h.ok(
    {
      type: 'rateVisit',
      ticketId: served,
      score: 2,
      channel: 'qr',
      feedback: { type: 'complaint', text: PERSONAL.feedbackText, contact: PERSONAL.feedbackContact },
    },
    actors.system,
  );
  issue('readings');
  const left = Object.values(h.state.tickets).find((t) => t.status === 'waiting');
  h.ok({ type: 'cancelTicket', ticketId: left?.id ?? '', reason: PERSONAL.cancelReason }, actors.admin);
  h.ok({ type: 'setLiveQueueMode', on: true, reason: PERSONAL.liveQueueReason }, actors.admin);
  return h;
}

const wireOf = (log: StoredEvent[]) => {
  const norms = new WireNorms();
  norms.observe(log);
  return log.map((e) => toSyncEvent(e, norms.normsOf));
};

describe('what leaves the office for head office (152-ФЗ)', () => {
  const h = dayWithPersonalData();
  const wire = wireOf(h.log);
  const status = officeStatus({
    state: h.state,
    now: h.now,
    alarms: [],
    today: { served: 1, judged: 1, within: 1 },
    profileVersion: null,
    softwareVersion: 'test',
  });

  it('the test day did carry every piece of personal data in the office log', () => {
    const log = JSON.stringify(h.log);
    for (const [what, text] of Object.entries(PERSONAL)) expect(log, what).toContain(text);
  });

  it('carries none of it: no account, phone, booking name, comment, reason, complaint text or contact', () => {
    const sent = JSON.stringify({ events: wire, status });
    for (const [what, text] of Object.entries(PERSONAL)) expect(sent, what).not.toContain(text);
    // not even a fragment of the phone or the account number
    expect(sent).not.toContain('912 345');
    expect(sent).not.toContain('89123456789');
    expect(sent).not.toMatch(/visitorData|visitorName|"contact"|"comment"|personalRef/);
  });

  it('sends the same thing for the log as written (references instead of values): no value, no reference, same digests', () => {
    const written = h.log.map((e) => {
      const { seq, ...event } = e;
      return { ...separate(event, seq).persisted, seq } as StoredEvent;
    });
    expect(JSON.stringify(written)).toContain('personalRef');
    const again = wireOf(written);
    expect(again.map((e) => e.digest)).toEqual(wire.map((e) => e.digest));
    expect(JSON.stringify(again)).not.toContain('personalRef');
  });

  it('keeps what head office needs: every event in order, valid on the wire, with its type, time and ids', () => {
    expect(wire.map((e) => e.seq)).toEqual(h.log.map((e) => e.seq));
    for (const e of wire) expect(SyncEvent.safeParse(e).success).toBe(true);
    const issued = wire.filter((e) => e.type === 'TicketIssued');
    expect(issued).toHaveLength(4);
    expect(issued[0]?.payload.ticket).toMatchObject({ topicId: 'payment' });
    const feedback = wire.find((e) => e.type === 'FeedbackReceived');
    expect(feedback?.payload).toMatchObject({ feedbackType: 'complaint', actionable: true });
    expect(wire.find((e) => e.type === 'VisitRated')?.payload).toMatchObject({ score: 2 });
  });

  it('gives every closing visit the norms in force when its ticket was issued', () => {
    const closing = wire.filter((e) => (e.payload.visit as object | undefined) !== undefined);
    expect(closing.filter((e) => e.type === 'ServiceFinished').length).toBeGreaterThanOrEqual(2);
    expect(closing.filter((e) => e.type === 'TicketCancelled')).toHaveLength(1);
    // judged on the service the visit first asked for, as the office's reports do (testOffice's norms)
    const expected: Record<string, unknown> = {
      cash: { waitSec: 240, serviceSec: 240, totalSec: null },
      consultation: { waitSec: 480, serviceSec: 480, totalSec: null },
    };
    for (const e of closing) {
      const v = e.payload.visit as { originServiceId: string; norms: unknown };
      expect(v.norms, e.type).toEqual(expected[v.originServiceId]);
    }
    const origins = new Set(closing.map((e) => (e.payload.visit as { originServiceId: string }).originServiceId));
    expect([...origins].sort()).toEqual(['cash', 'consultation']);
  });

  it('a visit with digital onboarding is judged on its service norm plus 4 minutes (seed 001 §3.5), as the office does', () => {
    const day = new Harness({ config: testOffice() });
    const op = actors.operator('anna');
    day.ok({ type: 'operatorLogin', windowId: 'w1' }, op);
    for (const digitalOnboarding of [true, false]) {
      day.ok({ type: 'issueTicket', topicId: 'readings', segmentId: 'individual' }, actors.kiosk);
      day.ok({ type: 'callNext' }, op);
      day.ok({ type: 'startService' }, op);
      day.advanceMin(10);
      day.ok({ type: 'finishService', outcomes: ['consulted'], digitalOnboarding }, op);
    }
    const sent = wireOf(day.log).filter((e) => e.type === 'ServiceFinished');
    expect(sent.map((e) => (e.payload.visit as { norms: { serviceSec: number } }).norms.serviceSec)).toEqual([
      480 + 240,
      480,
    ]);
  });

  it('signs each payload with the SHA-256 of its canonical JSON, whatever the order of its keys', () => {
    for (const e of wire) expect(e.digest).toBe(createHash('sha256').update(canonicalJson(e.payload)).digest('hex'));
    const first = h.log[0] as StoredEvent;
    const shuffled = Object.fromEntries(Object.entries(first).reverse()) as StoredEvent;
    expect(wireOf([shuffled])[0]?.digest).toBe(wire[0]?.digest);
    expect(wire[1]?.digest).not.toBe(wire[0]?.digest);
  });
});
