import type { PublicBooking, PublicOffice } from '@talon/protocol';
import { useI18n } from '@talon/ui/i18n';
import type { Place } from './api.js';
import { dayKeyOf, dayOf, timeOf } from './format.js';
import { Qr } from './Qr.js';
import { S } from './strings.js';

export const manageUrl = (place: Place, token: string) =>
  `${window.location.origin}${place.prefix}/book/m/${encodeURIComponent(token)}`;

/** When and what: «Консультация, пт, 27 ноября, 09:00». */
export function BookingWhen({ booking }: { booking: PublicBooking }) {
  const { t, tr, lang } = useI18n();
  const tz = booking.office.timeZone;
  return (
    <p className="when" data-testid="booking-when">
      {t(S.summary, {
        service: tr(booking.serviceName ?? undefined),
        day: dayOf(dayKeyOf(booking.slotAt, tz), lang),
        time: timeOf(booking.slotAt, tz, lang),
      })}
    </p>
  );
}

/**
 * What the visitor takes to the office: the code in large type and as a QR (the kiosk's scanner reads it as
 * typed), the address, when to come (seed 003 §8.6.5: 5 minutes late or more loses the slot), the manage link.
 */
export function Confirmation({
  place,
  booking,
  checkIn,
}: {
  place: Place;
  booking: PublicBooking;
  checkIn: PublicOffice['checkIn'];
}) {
  const { t, tr } = useI18n();
  const early = checkIn?.earlyMin ?? 30;
  const late = checkIn?.lateMin ?? 5;
  const link = manageUrl(place, booking.manageToken);
  return (
    <section className="confirmation" data-testid="confirmation">
      <h1>{t(S.done)}</h1>
      <BookingWhen booking={booking} />
      <p className="label">{t(S.yourCode)}</p>
      <p className="code" data-testid="booking-code" translate="no">
        {booking.code}
      </p>
      <Qr text={booking.code} label={`${t(S.yourCode)}: ${booking.code}`} testId="booking-qr" />
      <p className="hint">{t(S.qrHint)}</p>
      <div className="card rules">
        <p>
          <strong>{tr(booking.office.name)}</strong>
        </p>
        {booking.office.address && (
          <p data-testid="office-address">
            {t(S.address)}: {booking.office.address}
          </p>
        )}
        <p data-testid="check-in-rule">{t(S.whenArrive, { early })}</p>
        <p>{t(S.lateRule, { late })}</p>
      </div>
      <p className="label">{t(S.manageLink)}</p>
      <p className="link" translate="no">
        <a href={link} data-testid="manage-link">
          {link}
        </a>
      </p>
      <p className="hint">{t(S.saveLink)}</p>
    </section>
  );
}
