import { PassThrough } from 'node:stream';
import type { PublicBooking } from '@talon/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { columnsHolding } from '../../server/src/privacy/test-support.js';
import { toSyncEvent } from '../../server/src/sync/redact.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * 152-ФЗ for bookings (issue 15): the name and phone a visitor gives on the booking page live only in the
 * office's personal data — not in the event log, the log lines, the kiosk's or the board's state, the printed
 * ticket, or what goes to head office — and are purged after the retention like every visit's data.
 */
let s: TestServer;
afterEach(async () => {
  await s?.stop();
});

const PHONE = '+7 917 321-65-40';
const NAME = 'Кузнецова Ольга';
const NEEDLES = ['9173216540', '917 321-65-40', '321-65-40', NAME];
const DAY = 24 * 3600_000;

describe('a booking’s name and phone', () => {
  it('live only in personal data, never on the kiosk, the board, the ticket, the log or the sync; purged after the retention', async () => {
    let logText = '';
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => {
      logText += c.toString('utf8');
    });
    s = await startTestServer({
      server: {
        logger: { level: 'info', destination: stream },
        privacy: { retentionDays: 30 },
        printing: { virtualPrinter: true, printerPollMs: 0 },
      },
    });
    const kioskToken = (await s.pair('kiosk')).token;
    const kiosk = await s.connect('kiosk', kioskToken);
    const board = await s.connect('board', (await s.pair('board')).token);
    const slotAt = Date.parse('2026-11-26T07:30:00Z'); // 10:30 Moscow, today
    const res = await fetch(`${s.url}/api/public/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'consult', slotAt, name: NAME, phone: PHONE, consent: true }),
    });
    expect(res.status).toBe(200);
    const booking = (await res.json()) as PublicBooking;
    // the visitor comes and checks in by phone: a printed ticket
    s.clock.advance(20 * 60_000);
    const r = await s.command(kioskToken, { type: 'checkIn', phone: '8 917 321 65 40' });
    expect(r.body.ok).toBe(true);
    await s.virtualPrinter?.waitForTicket((t) =>
      t.lines.some((l) => l.includes(r.body.ok ? (r.body.result?.number ?? '?') : '?')),
    );
    await board.until(() => board.events.some((e) => e.type === 'TicketIssued'));
    await kiosk.until(() => kiosk.events.some((e) => e.type === 'AppointmentCheckedIn'));

    // where it is: personal data only, under the booking's reference
    expect(columnsHolding(s.store.db, NEEDLES).sort()).toEqual([
      'personal_data.phone: 9173216540',
      'personal_data.value: 321-65-40',
      'personal_data.value: 917 321-65-40',
      `personal_data.value: ${NAME}`,
    ]);
    const printed = JSON.stringify(s.virtualPrinter?.tickets ?? []);
    // what head office would receive: the whole log as the sync sends it
    const log = s.store.readEvents(0);
    const wire = JSON.stringify(
      log.map((e) => toSyncEvent(e, () => ({ waitSec: null, serviceSec: null, totalSec: null }))),
    );
    expect(log.some((e) => e.type === 'AppointmentCreated')).toBe(true);
    expect(logText.length).toBeGreaterThan(0);
    for (const n of NEEDLES) {
      expect(logText).not.toContain(n);
      expect(printed).not.toContain(n);
      expect(wire).not.toContain(n);
      for (const screen of [kiosk, board]) {
        expect(JSON.stringify(screen.snapshots)).not.toContain(n);
        expect(JSON.stringify(screen.events)).not.toContain(n);
      }
    }
    // the administrator still sees them (the bookings screen), from the office's memory
    expect(s.office.view().appointments[booking.appointmentId]).toMatchObject({ phone: PHONE, visitorName: NAME });

    // the retention counts from the slot: a day short keeps it, past it deletes it everywhere
    s.clock.advance(29 * DAY);
    expect(s.privacy.purge().records).toBe(0);
    s.clock.advance(2 * DAY);
    expect(s.privacy.purge().records).toBeGreaterThanOrEqual(1);
    expect(columnsHolding(s.store.db, NEEDLES)).toEqual([]);
  });
});
