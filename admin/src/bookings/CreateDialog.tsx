import { calendarOf } from '@talon/engine';
import { type BookingSlot, type OfficeConfig, phoneKey } from '@talon/protocol';
import { ApiError, call, formatTime, isAuthError, newCommandId, type UiError, useI18n } from '@talon/ui';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Dialog } from './Dialog.js';
import { shortDay } from './days.js';
import { B } from './strings.js';

/**
 * A booking for a caller: service, day, a free slot (the office's own slots and capacity, as the public
 * page offers them), name and phone. The server makes the code; the dialog shows it to read out.
 */
export function CreateDialog({
  token,
  config,
  now,
  days,
  initialDay,
  onAuthLost,
  onClose,
  onCreated,
}: {
  token: string;
  config: OfficeConfig;
  now: number;
  days: string[];
  initialDay: string;
  onAuthLost: () => void;
  onClose: () => void;
  onCreated: (slotAt: number) => void;
}) {
  const { t, tr, lang } = useI18n();
  const zone = config.timeZone;
  const services = useMemo(() => calendarOf(config).services, [config]);
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [day, setDay] = useState(initialDay);
  const [slots, setSlots] = useState<BookingSlot[] | null>(null);
  const [slotAt, setSlotAt] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  // one id per booking being made: a retry after a lost answer returns the same booking
  const commandId = useRef(newCommandId());

  const fail = (e: unknown) => {
    const err = e instanceof ApiError ? e.error : null;
    if (err && isAuthError(err)) onAuthLost();
    else setError(err ?? { code: 'NETWORK', message: { ru: B.noConnection[0], en: B.noConnection[1] } });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the choice changes (and after a booking)
  useEffect(() => {
    if (!serviceId) return;
    let live = true;
    setSlots(null);
    call('bookingSlots', { query: { serviceId, day } }, { token }).then(
      (r) => {
        if (!live) return;
        setSlots(r.slots);
        setSlotAt((at) => (r.slots.some((s) => s.at === at && s.taken < s.capacity) ? at : null));
      },
      (e: unknown) => live && fail(e),
    );
    return () => {
      live = false;
    };
  }, [serviceId, day, token, created]);

  const phoneOk = phone.trim() === '' || phoneKey(phone) !== null;
  const ready = !!serviceId && slotAt !== null && name.trim() !== '' && phoneOk && !busy;

  const submit = async () => {
    if (!ready || slotAt === null) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call(
        'createBooking',
        {
          body: {
            commandId: commandId.current,
            serviceId,
            slotAt,
            visitorName: name.trim(),
            ...(phone.trim() ? { phone: phone.trim() } : {}),
          },
        },
        { token },
      );
      setCreated(r.code);
      onCreated(slotAt);
      commandId.current = newCommandId();
    } catch (e) {
      fail(e);
      // a refusal (the slot was just taken) is final for this id: the next try is a new booking
      if (e instanceof ApiError) commandId.current = newCommandId();
    } finally {
      setBusy(false);
    }
  };

  if (created)
    return (
      <Dialog title={t(B.createTitle)} testId="booking-create-dialog" onClose={onClose}>
        <p className="notice ok bk-created" role="status" data-testid="booking-created" data-code={created}>
          {t(B.created, { code: created })}
        </p>
        <div className="bk-dialog-buttons">
          <button type="button" className="btn btn-primary" data-testid="booking-create-close" onClick={onClose}>
            {t(B.close)}
          </button>
        </div>
      </Dialog>
    );

  return (
    <Dialog title={t(B.createTitle)} testId="booking-create-dialog" wide onClose={onClose}>
      {services.length === 0 ? (
        <p className="notice" data-testid="booking-none-bookable">
          {t(B.noBookable)}
        </p>
      ) : (
        <form
          className="bk-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="bk-form-row">
            <label className="field">
              {t(B.service)}
              <select data-testid="booking-service" value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {tr(s.name)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t(B.day)}
              <select data-testid="booking-day" value={day} onChange={(e) => setDay(e.target.value)}>
                {days.map((d) => (
                  <option key={d} value={d}>
                    {shortDay(d, lang, zone)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <fieldset className="bk-slots">
            <legend>{t(B.slot)}</legend>
            {slots === null ? (
              <p className="muted">{t(B.loading)}</p>
            ) : slots.filter((s) => s.at > now).length === 0 ? (
              <p className="muted" data-testid="booking-slots-none">
                {t(B.slotsNone)}
              </p>
            ) : (
              <div className="bk-slot-grid" data-testid="booking-slots">
                {slots.map((s) => {
                  const free = s.capacity - s.taken;
                  return (
                    <button
                      type="button"
                      key={s.at}
                      className="btn chip bk-slot"
                      aria-pressed={slotAt === s.at}
                      disabled={free <= 0}
                      data-testid="booking-slot"
                      data-at={s.at}
                      title={t(B.slotFree, { n: free, c: s.capacity })}
                      onClick={() => setSlotAt(s.at)}
                    >
                      {formatTime(s.at, lang, zone)}
                      <small>{t(B.slotFreeShort, { n: free })}</small>
                    </button>
                  );
                })}
              </div>
            )}
          </fieldset>
          <div className="bk-form-row">
            <label className="field">
              {t(B.visitorName)}
              <input
                data-testid="booking-name"
                value={name}
                maxLength={120}
                autoComplete="off"
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <label className="field">
              {t(B.visitorPhone)}
              <input
                data-testid="booking-phone"
                value={phone}
                maxLength={32}
                inputMode="tel"
                autoComplete="off"
                aria-invalid={!phoneOk}
                onChange={(e) => setPhone(e.target.value)}
              />
              {!phoneOk && (
                <span className="bk-field-error" data-testid="booking-phone-invalid">
                  {t(B.phoneInvalid)}
                </span>
              )}
            </label>
          </div>
          {error && (
            <p className="error" role="alert" data-testid="booking-create-error" data-code={error.code}>
              {tr(error.message)}
            </p>
          )}
          <div className="bk-dialog-buttons">
            <button type="button" className="btn" data-testid="booking-create-cancel" onClick={onClose}>
              {t(B.back)}
            </button>
            <button
              type="submit"
              className="btn btn-primary"
              data-testid="booking-create-submit"
              disabled={!ready}
              aria-busy={busy}
            >
              {t(B.book)}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
