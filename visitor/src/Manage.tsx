import type { PublicBooking, PublicOffice } from '@talon/protocol';
import { toUiError, type UiError } from '@talon/ui/errors';
import { useI18n } from '@talon/ui/i18n';
import { useEffect, useState } from 'react';
import { api, type Place } from './api.js';
import { BookingWhen, Confirmation } from './Confirmation.js';
import { ErrorNote } from './common.js';
import { SlotPicker } from './SlotPicker.js';
import { S } from './strings.js';

type Mode = 'view' | 'confirm-cancel' | 'move';

/** `/book/m/<token>`: the booking its signed link stands for; cancel it (asked twice) or move it. */
export function Manage({ place, token }: { place: Place; token: string }) {
  const { t } = useI18n();
  const [booking, setBooking] = useState<PublicBooking | null>(null);
  const [office, setOffice] = useState<PublicOffice | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .booking(place, token)
      .then((b) => live && setBooking(b))
      .catch((e) => live && setError(toUiError(e)));
    // the office's days and rules: only needed to move; a booking page switched off still shows the booking
    api
      .office(place)
      .then((o) => live && setOffice(o))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [place, token]);

  const act = async (f: () => Promise<PublicBooking>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      const b = await f();
      setBooking(b);
      setMode('view');
      setNote(done);
      // the address now names the booking as it is (a moved booking has a new link)
      window.history.replaceState(null, '', `${place.prefix}/book/m/${encodeURIComponent(b.manageToken)}`);
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!booking) return error ? <ErrorNote error={error} /> : <p className="hint">{t(S.loading)}</p>;
  const open = booking.status === 'booked';
  return (
    <section data-testid="manage" data-status={booking.status}>
      {note && (
        <p className="notice" role="status" data-testid="manage-note">
          {note}
        </p>
      )}
      {open ? (
        <Confirmation place={place} booking={booking} checkIn={office?.checkIn} />
      ) : (
        <>
          <h1>{t(S.yourBooking)}</h1>
          <BookingWhen booking={booking} />
          <p className="code code-small" translate="no">
            {booking.code}
          </p>
        </>
      )}
      <p className="status" data-testid="booking-status">
        {t(S[`status_${booking.status}`])}
      </p>
      {error && <ErrorNote error={error} />}
      {open && mode === 'view' && (
        <div className="actions">
          {office && (
            <button type="button" className="btn wide" data-testid="move" onClick={() => setMode('move')}>
              {t(S.move)}
            </button>
          )}
          <button
            type="button"
            className="btn btn-danger wide"
            data-testid="cancel"
            onClick={() => setMode('confirm-cancel')}
          >
            {t(S.cancel)}
          </button>
        </div>
      )}
      {open && mode === 'confirm-cancel' && (
        <div className="card confirm" role="alertdialog" aria-label={t(S.cancelSure)}>
          <p>{t(S.cancelSure)}</p>
          <div className="actions">
            <button
              type="button"
              className="btn btn-danger wide"
              data-testid="cancel-yes"
              disabled={busy}
              onClick={() => void act(() => api.cancel(place, token), t(S.cancelled))}
            >
              {t(S.cancelYes)}
            </button>
            <button type="button" className="btn wide" data-testid="cancel-no" onClick={() => setMode('view')}>
              {t(S.cancelNo)}
            </button>
          </div>
        </div>
      )}
      {open && mode === 'move' && office && (
        <div data-testid="move-picker">
          <button type="button" className="btn back" onClick={() => setMode('view')}>
            ← {t(S.back)}
          </button>
          <SlotPicker
            place={place}
            office={office}
            serviceId={booking.serviceId}
            current={booking.slotAt}
            onPick={(slotAt) => void act(() => api.move(place, booking.manageToken, slotAt), t(S.moved))}
          />
        </div>
      )}
    </section>
  );
}
