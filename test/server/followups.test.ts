import type { Alarm, FollowUp, FollowUpList, FollowUpReport, OfficeConfig, PersonalDataExport } from '@talon/protocol';
import { rosatomDemoOffice } from '@talon/server/demo';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { http, pairRatingTerminal, serveOne, terminalLink } from '../rating/support.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Moscow midnight of a local day: where a working day begins for the office. */
const msk = (day: string, hhmm = '00:00') => Date.parse(`${day}T${hhmm}:00+03:00`);

function officeWithContracts(holidays: string[] = []): OfficeConfig {
  const c = rosatomDemoOffice();
  return {
    ...c,
    holidays,
    topics: c.topics.map((t) => (t.id === 'new-contract' ? { ...t, followUp: 'contract-individual' as const } : t)),
  };
}

let s: TestServer;
let admin: string;
beforeEach(async () => {
  s = await startTestServer({ server: { initialConfig: officeWithContracts(['2026-12-08']) } });
  admin = (await s.login('admin', 'admin-talon')).token;
});
afterEach(async () => {
  await s.stop();
});

const api = <T>(path: string, body?: unknown, token = admin) =>
  http<T & { error?: { code: string; message: { ru: string; en: string } } }>(`${s.url}${path}`, {
    token,
    ...(body !== undefined ? { body } : {}),
  });
const list = async (q = '') => (await api<FollowUpList>(`/api/followups${q}`)).body;
/** Moves the virtual clock; the session would have expired meanwhile, so the administrator signs in again. */
const moveTo = async (at: number) => {
  s.clock.set(at);
  admin = (await s.login('admin', 'admin-talon')).token;
};
const followUpAlarms = (): Alarm[] => {
  s.monitor.evaluate();
  return s.monitor.alarms.active().filter((a) => a.kind === 'follow-up-deadline');
};

describe('follow-ups from feedback', () => {
  it('a complaint with contact from the phone page becomes a follow-up due in 10 working days (past a holiday)', async () => {
    const terminal = await pairRatingTerminal(s, 'w1');
    const { ticketId } = await serveOne(s, 1, 'w1');
    const { url } = (await terminalLink(s, terminal.token, ticketId)).body;
    const sent = await http(url, {
      form: {
        score: '2',
        reason: 'long-wait',
        type: 'complaint',
        text: 'Ждал сорок минут',
        contact: '+7 900 123-45-67',
      },
    });
    expect(sent.status).toBe(200);

    const { items } = await list();
    expect(items).toHaveLength(1);
    const f = items[0] as FollowUp;
    // filed Thu 26 Nov; ten working days with the office's holiday on 8 Dec end on Fri 11 Dec
    expect(f).toMatchObject({
      type: 'complaint',
      status: 'new',
      source: 'phone',
      text: 'Ждал сорок минут',
      contact: '+7 900 123-45-67',
      ticketId,
      createdDay: '2026-11-26',
      dueDay: '2026-12-11',
      dueAt: msk('2026-12-12'),
      deadline: 10,
      unit: 'working-days',
    });
    expect(f.ticketNumber).toMatch(/^[А-Я]-\d+$/);
  });

  it('an anonymous complaint is kept but opens nothing; a review from the terminal does', async () => {
    const terminal = await pairRatingTerminal(s, 'w1');
    const send = (body: unknown) => http(`${s.url}/api/rating/terminal/feedback`, { token: terminal.token, body });
    expect((await send({ feedback: { type: 'complaint', text: 'Без контакта' } })).status).toBe(200);
    expect((await list()).items).toEqual([]);
    expect((await send({ feedback: { type: 'review', text: 'Спасибо, всё быстро' } })).status).toBe(200);
    expect((await list()).items).toEqual([
      expect.objectContaining({ type: 'review', source: 'terminal', contact: null, dueDay: '2026-12-11' }),
    ]);
  });

  it('forgets the contact with the rest of the personal data after the retention', async () => {
    const created = await api<FollowUp>('/api/followups', {
      type: 'review',
      text: 'Запись в книге',
      contact: '8 (900) 765-43-21',
    });
    expect(created.body.contact).toBe('8 (900) 765-43-21');
    // a visitor's 152-ФЗ request by phone finds it
    const found = await api<PersonalDataExport>('/api/privacy/personal-data/export', { phone: '+79007654321' });
    expect(found.body.records).toEqual([
      expect.objectContaining({
        kind: 'follow-up',
        followUp: { id: created.body.id },
        values: { contact: '8 (900) 765-43-21' },
      }),
    ]);
    await moveTo(s.clock.now() + 31 * 86_400_000);
    s.privacy.purge();
    const after = (await list()).items[0];
    expect(after).toMatchObject({ id: created.body.id, text: 'Запись в книге', contact: null });
  });
});

describe('deadline alarms on the virtual clock', () => {
  it('warns two working days before the last day, turns critical once it is missed, clears on the answer', async () => {
    const { body: f } = await api<FollowUp>('/api/followups', { type: 'complaint', text: 'Письмо о перерасчёте' });
    expect(f.dueDay).toBe('2026-12-11');
    expect(followUpAlarms()).toEqual([]);

    // Mon 7 Dec: Wed 9, Thu 10, Fri 11 left (the 8th is a holiday) — three, no alarm yet
    s.clock.set(msk('2026-12-07', '10:00'));
    expect(followUpAlarms()).toEqual([]);
    // Wed 9 Dec: two working days left
    s.clock.set(msk('2026-12-09', '09:00'));
    const [warning] = followUpAlarms();
    expect(warning).toMatchObject({ severity: 'warning', subject: { followUpId: f.id } });
    expect(warning?.message.ru).toContain(`обращение №${f.id}`);
    expect(warning?.message.ru).toContain('11.12.2026');
    // the last minute of the last day is still in time
    s.clock.set(msk('2026-12-12') - 60_000);
    expect(followUpAlarms()[0]?.severity).toBe('warning');
    // missed: the same alarm, escalated
    await moveTo(msk('2026-12-12') + 1000);
    const [critical] = followUpAlarms();
    expect(critical).toMatchObject({ id: warning?.id, severity: 'critical' });
    expect(critical?.message.ru).toContain('Просрочен');
    expect((await list('?overdue=1')).items.map((x) => x.id)).toEqual([f.id]);

    const answered = await api<FollowUp>(`/api/followups/${f.id}/answer`, { answer: 'Ответ направлен письмом' });
    expect(answered.body).toMatchObject({ status: 'answered', answer: 'Ответ направлен письмом' });
    expect(followUpAlarms()).toEqual([]);
    expect((await list('?overdue=1')).items).toEqual([]);
  });
});

describe('the register', () => {
  it('takes in work, answers, closes and reports on-time answers per type', async () => {
    const create = async (type: string, text: string) => (await api<FollowUp>('/api/followups', { type, text })).body;
    const a = await create('complaint', 'Ответим вовремя'); // due 11 Dec
    const b = await create('complaint', 'Ответим поздно');
    await create('proposal', 'Останется просроченным');
    const d = await create('contract-legal', 'Договор ЮЛ'); // 30 calendar days: Sat 26 Dec → Mon 28 Dec
    expect(d).toMatchObject({ dueDay: '2026-12-28', unit: 'calendar-days', deadline: 30 });

    const me = s.auth.authenticateUser(admin);
    const taken = await api<FollowUp>(`/api/followups/${a.id}/take`, {});
    expect(taken.body).toMatchObject({ status: 'in-progress', ownerId: me.ok ? me.value.id : '' });
    expect((await list(`?status=in-progress`)).items.map((x) => x.id)).toEqual([a.id]);
    expect((await api<FollowUp>(`/api/followups/${a.id}/answer`, { answer: 'Ответ дан' })).status).toBe(200);

    await moveTo(msk('2026-12-14', '10:00'));
    expect((await api<FollowUp>(`/api/followups/${b.id}/answer`, { answer: 'С опозданием' })).status).toBe(200);
    expect((await api<FollowUp>(`/api/followups/${b.id}/close`, {})).body.status).toBe('closed');

    const r = (await api<FollowUpReport>('/api/followups/report?from=2026-11-01&to=2026-11-30')).body;
    const row = (type: string) => r.rows.find((x) => x.type === type);
    expect(row('complaint')).toEqual({
      type: 'complaint',
      count: 2,
      onTime: 1,
      late: 1,
      openOverdue: 0,
      openInTime: 0,
    });
    expect(row('proposal')).toMatchObject({ count: 1, openOverdue: 1 });
    expect(row('contract-legal')).toMatchObject({ count: 1, openInTime: 1 });
    expect(row('total')).toEqual({ type: 'total', count: 4, onTime: 1, late: 1, openOverdue: 1, openInTime: 1 });
    expect(row('review')).toBeUndefined();
    // nothing was created in December
    expect((await api<FollowUpReport>('/api/followups/report?from=2026-12-01&to=2026-12-31')).body.rows).toEqual([
      { type: 'total', count: 0, onTime: 0, late: 0, openOverdue: 0, openInTime: 0 },
    ]);

    const file = await fetch(`${s.url}/api/followups/report/export?from=2026-11-01&to=2026-11-30&lang=ru`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await file.arrayBuffer());
    const sheet = wb.getWorksheet('В срок');
    const total = sheet?.getRow((sheet?.rowCount ?? 0) as number).values as unknown[];
    expect(total.slice(1, 7)).toEqual(['Итого', 4, 1, 1, 1, 1]);
    expect(wb.getWorksheet('Реестр')?.rowCount).toBe(5);
  });

  it('the operator puts a draft contract on record when finishing a visit whose topic has a deadline', async () => {
    const op = await s.login('operator3', 'talon3');
    await s.command(op.token, { type: 'operatorLogin', windowId: 'w3' });
    const kiosk = await s.pair('kiosk');
    const issued = await s.command(kiosk.token, {
      type: 'issueTicket',
      topicId: 'new-contract',
      segmentId: 'individual',
    });
    if (!issued.body.ok) throw new Error(JSON.stringify(issued.body));
    const ticketId = issued.body.result?.ticketId ?? '';
    for (const type of ['callNext', 'startService'] as const) await s.command(op.token, { type });
    await s.command(op.token, { type: 'finishService', outcomes: ['docs-accepted'] });

    const made = await api<FollowUp>('/api/followups/from-visit', { ticketId }, op.token);
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({
      type: 'contract-individual',
      source: 'visit',
      ticketId,
      ownerName: 'Смирнова Елена Викторовна',
      dueDay: '2026-12-11',
    });
    const again = await api('/api/followups/from-visit', { ticketId }, op.token);
    expect([again.status, again.body.error?.code]).toEqual([409, 'FOLLOW_UP_EXISTS']);
    // the operator sees no register
    expect((await api('/api/followups', undefined, op.token)).status).toBe(403);

    // a topic without a deadline offers nothing, and another operator's visit is not theirs to record
    const other = await serveOne(s, 1, 'w1');
    const none = await api('/api/followups/from-visit', { ticketId: other.ticketId }, other.token);
    expect([none.status, none.body.error?.code]).toEqual([422, 'FOLLOW_UP_NO_DEADLINE']);
    const notMine = await api('/api/followups/from-visit', { ticketId: other.ticketId, type: 'other' }, op.token);
    expect([notMine.status, notMine.body.error?.code]).toEqual([422, 'UNKNOWN_TICKET']);
    expect((await list()).items).toHaveLength(1);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const { body: f } = await api<FollowUp>('/api/followups', { type: 'other', text: 'Звонок' });
    const cases: [string, unknown, number, string][] = [
      ['/api/followups', { type: 'nonsense', text: 'x' }, 400, 'VALIDATION_FAILED'],
      ['/api/followups', { type: 'complaint', text: '   ' }, 400, 'VALIDATION_FAILED'],
      ['/api/followups', { type: 'complaint', text: 'x', ownerId: 'nobody' }, 422, 'FOLLOW_UP_UNKNOWN_OWNER'],
      ['/api/followups', { type: 'complaint', text: 'x', extra: 1 }, 400, 'VALIDATION_FAILED'],
      [`/api/followups/${f.id}/answer`, { answer: '' }, 400, 'VALIDATION_FAILED'],
      ['/api/followups/999/answer', { answer: 'Ответ' }, 404, 'NOT_FOUND'],
      ['/api/followups/abc/answer', { answer: 'Ответ' }, 400, 'VALIDATION_FAILED'],
      [`/api/followups/${f.id}/take`, { ownerId: 'nobody' }, 422, 'FOLLOW_UP_UNKNOWN_OWNER'],
      ['/api/followups/from-visit', { ticketId: 'no-such' }, 422, 'UNKNOWN_TICKET'],
    ];
    for (const [path, body, status, code] of cases) {
      const r = await api(path, body);
      expect([path, r.status, r.body.error?.code]).toEqual([path, status, code]);
      expect(r.body.error?.message.ru).toMatch(/[А-Яа-я]/);
    }
    const badPeriod = await api('/api/followups/report?from=2026-12-01&to=2026-11-01');
    expect([badPeriod.status, badPeriod.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await api('/api/followups?status=lost')).status).toBe(400);
    // an answered follow-up cannot be answered again or taken back in work
    await api(`/api/followups/${f.id}/answer`, { answer: 'Перезвонили' });
    for (const [path, body] of [
      [`/api/followups/${f.id}/answer`, { answer: 'Ещё раз' }],
      [`/api/followups/${f.id}/take`, {}],
    ] as const) {
      const r = await api(path, body);
      expect([r.status, r.body.error?.code]).toEqual([409, 'FOLLOW_UP_WRONG_STATUS']);
    }
    expect((await list()).items).toEqual([expect.objectContaining({ id: f.id, answer: 'Перезвонили' })]);
  });
});
