import { bookingDays, calendarOf, dayKeyOf } from '@talon/engine';
import type { Appointment, AppointmentSource, EngineState } from '@talon/protocol';
import { formatTime, type Pair, useCommandRunner, useI18n, useLive, useServerNow } from '@talon/ui';
import { useMemo, useState } from 'react';
import { CreateDialog } from './CreateDialog.js';
import { Dialog } from './Dialog.js';
import { shortDay } from './days.js';
import { ImportDialog } from './ImportDialog.js';
import { type BookingStatus, bookingStatus } from './status.js';
import { B } from './strings.js';
import './bookings.css';

const SOURCE: Record<AppointmentSource, Pair> = {
  office: B.srcOffice,
  public: B.srcPublic,
  hq: B.srcHq,
  import: B.srcImport,
};

/** Days offered as buttons; the rest of the booking window in a list. */
const DAY_BUTTONS = 7;

/**
 * The day's bookings by time (issue 15), for the hall administrator: who is expected, who came, who is late,
 * with names and phones (the administrator's live state carries them, 152-ФЗ: no other screen does).
 * Book for a caller, cancel, import the booking system's CSV.
 */
export default function BookingsPage({ token, onAuthLost }: { token: string; onAuthLost: () => void }) {
  const { t, lang } = useI18n();
  const live = useLive('admin', token, { onUnauthorized: onAuthLost, refreshMs: 60_000 });
  const now = useServerNow(live.offset, 15_000);
  const config = live.state?.config ?? null;
  const zone = config?.timeZone ?? 'UTC';
  const today = dayKeyOf(now, zone);
  const [picked, setPicked] = useState<string | null>(null);
  const day = picked ?? today;
  const [dialog, setDialog] = useState<'create' | 'import' | Appointment | null>(null);
  const runner = useCommandRunner(token, { onUnauthorized: onAuthLost });

  const days = useMemo(() => (config ? bookingDays(calendarOf(config), now) : [today]), [config, now, today]);
  const rows = useMemo(() => {
    if (!live.state) return [];
    return Object.values(live.state.appointments)
      .filter((a) => dayKeyOf(a.slotAt, zone) === day)
      .sort((a, b) => a.slotAt - b.slotAt || a.code.localeCompare(b.code));
  }, [live.state, zone, day]);

  const dayName = (d: string, i: number) =>
    i === 0 && d === today ? t(B.today) : i === 1 ? t(B.tomorrow) : shortDay(d, lang, zone);

  if (!live.state || !config)
    return (
      <div className="page bookings" data-testid="bookings" data-loaded="false">
        <p className="muted">{t(B.loading)}</p>
      </div>
    );

  const state = live.state;
  const lateMin = config.rules.appointmentLateMin;
  const cancelling = dialog !== null && typeof dialog === 'object' ? dialog : null;
  const serviceName = (id: string) => {
    const s = config.services.find((x) => x.id === id);
    return s ? (lang === 'en' ? s.name.en || s.name.ru : s.name.ru) : id;
  };

  return (
    <div className="page bookings" data-testid="bookings" data-loaded="true" data-day={day}>
      <header className="bk-header">
        <h1>{t(B.title)}</h1>
        <div className="bk-actions">
          <button
            type="button"
            className="btn btn-primary"
            data-testid="booking-create"
            onClick={() => setDialog('create')}
          >
            {t(B.create)}
          </button>
          <button type="button" className="btn" data-testid="booking-import" onClick={() => setDialog('import')}>
            {t(B.import)}
          </button>
        </div>
      </header>
      <nav className="bk-days" aria-label={t(B.day)}>
        {days.slice(0, DAY_BUTTONS).map((d, i) => (
          <button
            type="button"
            key={d}
            className="btn chip"
            aria-pressed={d === day}
            data-testid={`booking-day-${d}`}
            onClick={() => setPicked(d)}
          >
            {dayName(d, i)}
          </button>
        ))}
        {days.length > DAY_BUTTONS && (
          <label className="field bk-more" aria-label={t(B.otherDay)}>
            <select
              data-testid="booking-day-more"
              value={days.indexOf(day) >= DAY_BUTTONS ? day : ''}
              onChange={(e) => e.target.value && setPicked(e.target.value)}
            >
              <option value="">{t(B.otherDay)}</option>
              {days.slice(DAY_BUTTONS).map((d) => (
                <option key={d} value={d}>
                  {shortDay(d, lang, zone)}
                </option>
              ))}
            </select>
          </label>
        )}
      </nav>
      <section className="card panel bk-list">
        <h2>
          {shortDay(day, lang, zone)} · {t(B.count, { n: rows.length })}
        </h2>
        {runner.error && (
          <p className="error" role="alert" data-testid="booking-error">
            {lang === 'en' ? runner.error.message.en : runner.error.message.ru}
          </p>
        )}
        {rows.length === 0 ? (
          <p className="muted" data-testid="bookings-none">
            {t(B.none)}
          </p>
        ) : (
          <table className="grid bk-table" data-testid="bookings-table">
            <thead>
              <tr>
                <th>{t(B.time)}</th>
                <th>{t(B.service)}</th>
                <th>{t(B.code)}</th>
                <th>{t(B.name)}</th>
                <th>{t(B.phone)}</th>
                <th>{t(B.source)}</th>
                <th>{t(B.status)}</th>
                <th aria-label={t(B.cancel)} />
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => {
                const st = bookingStatus(a, state, now, lateMin);
                return (
                  <tr key={a.id} data-testid="booking-row" data-code={a.code} data-status={st.kind}>
                    <td className="bk-time">{formatTime(a.slotAt, lang, zone)}</td>
                    <td>{serviceName(a.serviceId)}</td>
                    <td className="bk-code" translate="no">
                      {a.code}
                    </td>
                    <td translate="no">{a.visitorName ?? '—'}</td>
                    <td className="bk-phone" translate="no">
                      {a.phone ?? '—'}
                    </td>
                    <td>{t(SOURCE[a.source ?? 'office'])}</td>
                    <td className="bk-status-cell">
                      <StatusWords status={st} />
                    </td>
                    <td className="bk-row-actions">
                      {a.status === 'booked' && (
                        <button
                          type="button"
                          className="btn bk-row-btn"
                          data-testid="booking-cancel"
                          disabled={runner.busy}
                          onClick={() => setDialog(a)}
                        >
                          {t(B.cancel)}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {dialog === 'create' && (
        <CreateDialog
          token={token}
          config={config}
          now={now}
          days={days}
          initialDay={days.includes(day) ? day : (days[0] ?? today)}
          onAuthLost={onAuthLost}
          onClose={() => setDialog(null)}
          onCreated={(slotAt) => setPicked(dayKeyOf(slotAt, zone))}
        />
      )}
      {dialog === 'import' && (
        <ImportDialog
          token={token}
          serviceId={config.services[0]?.id ?? 'consult'}
          day={days[1] ?? today}
          onAuthLost={onAuthLost}
          onClose={() => setDialog(null)}
        />
      )}
      {cancelling && (
        <CancelDialog
          appointment={cancelling}
          state={state}
          busy={runner.busy}
          onKeep={() => setDialog(null)}
          onCancel={async () => {
            const r = await runner.run({ type: 'cancelAppointment', appointmentId: cancelling.id });
            if (r) setDialog(null);
          }}
        />
      )}
    </div>
  );
}

function StatusWords({ status }: { status: BookingStatus }) {
  const { t } = useI18n();
  const text = (() => {
    switch (status.kind) {
      case 'expected':
        return status.lateMin ? t(B.stExpectedLate, { n: status.lateMin }) : t(B.stExpected);
      case 'late':
        return t(status.checkedIn ? B.stLateCame : B.stLate, { n: status.lateMin });
      case 'checked-in':
        return t(B.stCheckedIn, { number: status.number });
      case 'served':
        return t(B.stServed, { number: status.number });
      case 'no-show':
        return t(B.stNoShow);
      case 'cancelled':
        return t(B.stCancelled);
    }
  })();
  return (
    <span className={`bk-status bk-status-${status.kind}`} data-testid="booking-status">
      {text}
    </span>
  );
}

function CancelDialog({
  appointment,
  state,
  busy,
  onKeep,
  onCancel,
}: {
  appointment: Appointment;
  state: EngineState;
  busy: boolean;
  onKeep: () => void;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const zone = state.config?.timeZone ?? 'UTC';
  return (
    <Dialog title={t(B.cancelTitle, { code: appointment.code })} testId="booking-cancel-dialog" onClose={onKeep}>
      <p>
        {t(B.cancelText, {
          time: `${shortDay(dayKeyOf(appointment.slotAt, zone), lang, zone)} ${formatTime(appointment.slotAt, lang, zone)}`,
        })}
      </p>
      <div className="bk-dialog-buttons">
        <button type="button" className="btn" data-testid="booking-cancel-keep" onClick={onKeep}>
          {t(B.keep)}
        </button>
        <button
          type="button"
          className="btn btn-danger"
          data-testid="booking-cancel-confirm"
          disabled={busy}
          aria-busy={busy}
          onClick={onCancel}
        >
          {t(B.cancelYes)}
        </button>
      </div>
    </Dialog>
  );
}
