import { applyEvent, initialState } from '@talon/engine';
import type { DomainEvent, EngineState, StoredEvent } from '@talon/protocol';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesHolding, columnsHolding } from '../privacy/test-support.js';
import { phoneKey } from './personal.js';
import { openStore, type Store } from './store.js';
import { issued, SYSTEM, T0, tempDir, ticket } from './test-support.js';

const ACCOUNT = '7700123456';
const PHONE = '+7 912 345-67-89';
const KEY = '79123456789';
const NAME = 'Иванов Пётр Сергеевич';
const DAY = 24 * 3600_000;
const VALUES = [ACCOUNT, PHONE, KEY, NAME];

let tmp: ReturnType<typeof tempDir>;
let store: Store;
const raw = () => new Database(tmp.file('office.db'), { readonly: true });
const onDisk = (needles = VALUES) => {
  const db = raw();
  try {
    return columnsHolding(db, needles);
  } finally {
    db.close();
  }
};

beforeEach(() => {
  tmp = tempDir();
  store = openStore(tmp.file('office.db'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const withData = (id: string, at: number, phone = PHONE) =>
  issued(ticket({ id, issuedAt: at, visitorData: { account: ACCOUNT, phone } }), at);

const booking = (at: number): DomainEvent => ({
  type: 'AppointmentCreated',
  at,
  actor: SYSTEM,
  appointment: {
    id: `B-1@${at + DAY}`,
    code: 'B-1',
    serviceId: 'svc-pay',
    slotAt: at + DAY,
    status: 'booked',
    visitorName: NAME,
  },
});

const feedback = (at: number, contact: string): DomainEvent => ({
  type: 'FeedbackReceived',
  at,
  actor: SYSTEM,
  feedbackType: 'complaint',
  text: 'Долго ждал',
  contact,
  actionable: true,
  channel: 'terminal',
  dayKey: '2025-03-03',
});

describe('a phone number as the office compares them', () => {
  it('is one number however it is typed', () => {
    for (const typed of ['+7 912 345-67-89', '8 (912) 345 67 89', '9123456789', '79123456789'])
      expect(phoneKey(typed), typed).toBe(KEY);
    expect(phoneKey('sidorova@example.ru')).toBeNull();
    expect(phoneKey('12345')).toBeNull();
    expect(phoneKey('1234567890123456')).toBeNull();
  });
});

describe('personal data apart from the event log (152-ФЗ)', () => {
  it('the log, the ticket row and the hooks get a reference; the office gets the values too', () => {
    const hooked: DomainEvent[] = [];
    store.onAppend((e) => hooked.push(e));
    const [e] = store.append([withData('t-1', T0)]);
    if (e?.type !== 'TicketIssued') throw new Error('expected the ticket');
    expect(e.ticket).toMatchObject({ personalRef: 'ticket:t-1', visitorData: { account: ACCOUNT, phone: PHONE } });
    expect(JSON.stringify(hooked)).not.toContain(ACCOUNT);
    expect(store.ticketRow('t-1')?.data).toMatchObject({ personalRef: 'ticket:t-1' });
    expect(store.ticketRow('t-1')?.data.visitorData).toBeUndefined();
    const [logged] = store.readEvents(0);
    expect(logged).toMatchObject({ ticket: { personalRef: 'ticket:t-1' } });
    expect(JSON.stringify(logged)).not.toMatch(/7700123456|912 345/);
    // on disk: only the personal-data table holds them
    expect(onDisk()).toEqual([
      `personal_data.value: ${ACCOUNT}`,
      `personal_data.value: ${PHONE}`,
      `personal_data.phone: ${KEY}`,
    ]);
  });

  it('a booking’s name and a complaint’s contact likewise; the register still shows the contact', () => {
    store.append([booking(T0), feedback(T0, PHONE)]);
    expect(onDisk().every((c) => c.startsWith('personal_data.'))).toBe(true);
    expect(onDisk()).toContain(`personal_data.value: ${NAME}`);
    const [fb] = store.feedback({});
    expect(fb).toMatchObject({ contact: PHONE, text: 'Долго ждал', actionable: true });
    const event = store.readEvents(0).find((x) => x.type === 'FeedbackReceived');
    expect(event).toMatchObject({ personalRef: `feedback:${fb?.id}` });
    expect(event).not.toHaveProperty('contact');
  });

  it('a snapshot is written without the values; a recovered state gets them back from their table', () => {
    const state: EngineState = initialState();
    for (const e of store.append([withData('t-1', T0), booking(T0)])) applyEvent(state, e);
    store.saveSnapshot(state.seq, state);
    expect(onDisk().every((c) => c.startsWith('personal_data.'))).toBe(true);
    // the live state given to the snapshot is left as it was
    expect(state.tickets['t-1']?.visitorData?.account).toBe(ACCOUNT);

    const loaded = store.loadSnapshot()?.state as EngineState;
    expect(loaded.tickets['t-1']?.visitorData).toBeUndefined();
    store.personal.hydrate(loaded);
    expect(loaded).toEqual(state);
  });

  it('the purge deletes the values of visits older than the cut-off, once; the rest stays', () => {
    store.append([withData('t-old', T0), feedback(T0, '8 912 345 67 89'), booking(T0)]);
    store.append([withData('t-new', T0 + 40 * DAY, '+7 900 000-00-01')]);
    const first = store.personal.purge(T0 + 10 * DAY);
    expect(first.refs.sort()).toEqual(['booking:B-1@1741071600000', 'feedback:2', 'ticket:t-old']);
    expect(store.personal.purge(T0 + 10 * DAY)).toEqual({ refs: [], rows: 0 });
    expect(onDisk()).toEqual([`personal_data.value: ${ACCOUNT}`]);
    expect(store.feedback({})[0]).not.toHaveProperty('contact');
    // what the log and the projections hold is untouched: the visit is still there, only its values went
    expect(store.ticketRow('t-old')?.number).toBe('К-001');
    const state = initialState();
    for (const e of store.readEvents(0)) applyEvent(state, e as StoredEvent);
    store.personal.hydrate(state);
    expect(state.tickets['t-old']?.visitorData).toBeUndefined();
    expect(state.tickets['t-new']?.visitorData?.phone).toBe('+7 900 000-00-01');
  });

  it('finds and erases everything kept with one phone number, however it was typed', () => {
    store.append([withData('t-1', T0), withData('t-2', T0 + DAY, '89123456789'), feedback(T0, '9123456789')]);
    store.append([withData('t-3', T0, '+7 900 000-00-01')]);
    const found = store.personal.byPhone(KEY);
    expect(found.map((r) => r.ref).sort()).toEqual(['feedback:3', 'ticket:t-1', 'ticket:t-2']);
    expect(found.find((r) => r.ref === 'ticket:t-1')?.values).toEqual({ account: ACCOUNT, phone: PHONE });
    expect(store.personal.erase(found.map((r) => r.ref))).toBe(5);
    expect(store.personal.byPhone(KEY)).toEqual([]);
    expect(store.personal.byPhone('79000000001')).toHaveLength(1);
  });

  it('deleted values leave no bytes behind, in the file or in a backup taken after', async () => {
    store.append([withData('t-1', T0), booking(T0)]);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(bytesHolding(tmp.file('office.db'), VALUES)).toEqual(VALUES);
    store.personal.purge(T0 + 30 * DAY);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    await store.backup(tmp.file('backup.db'));
    expect(bytesHolding(tmp.file('backup.db'), VALUES)).toEqual([]);
    expect(bytesHolding(tmp.file('office.db'), VALUES)).toEqual([]);
  });
});
