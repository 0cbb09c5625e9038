import type { PublicBooking, PublicOffice } from '@talon/protocol';
import { toUiError, type UiError } from '@talon/ui/errors';
import { useI18n } from '@talon/ui/i18n';
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Place } from './api.js';
import { Confirmation } from './Confirmation.js';
import { ConsentBox, ErrorNote, FormProblems, PhoneField } from './common.js';
import { dayKeyOf, dayOf, phoneLooksValid, timeOf } from './format.js';
import { SlotPicker } from './SlotPicker.js';
import { S } from './strings.js';

type Step =
  | { kind: 'service' }
  | { kind: 'slot'; serviceId: string }
  | { kind: 'details'; serviceId: string; slotAt: number }
  | { kind: 'done'; booking: PublicBooking };

/** The booking page: a service → a day and a free time → name, phone, consent → the code and its QR. */
export function Book({ place }: { place: Place }) {
  const { t, tr } = useI18n();
  const [office, setOffice] = useState<PublicOffice | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'service' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the visitor's «try again»
  useEffect(() => {
    let live = true;
    setError(null);
    api
      .office(place)
      .then((o) => live && setOffice(o))
      .catch((e) => live && setError(toUiError(e)));
    return () => {
      live = false;
    };
  }, [place, attempt]);

  if (!office)
    return error ? (
      <ErrorNote error={error} onRetry={() => setAttempt((n) => n + 1)} />
    ) : (
      <p className="hint">{t(S.loading)}</p>
    );

  const serviceName = (id: string) => tr(office.services.find((s) => s.id === id)?.name);
  const back = (to: Step) => (
    <button type="button" className="btn back" data-testid="back" onClick={() => setStep(to)}>
      ← {t(S.back)}
    </button>
  );

  switch (step.kind) {
    case 'service':
      return (
        <section data-testid="step-service">
          <p className="office-name">{tr(office.name)}</p>
          <h1>{t(S.chooseService)}</h1>
          <div className="choices">
            {office.services.map((s) => (
              <button
                key={s.id}
                type="button"
                className="btn choice"
                data-testid={`service-${s.id}`}
                onClick={() => setStep({ kind: 'slot', serviceId: s.id })}
              >
                {tr(s.name)}
              </button>
            ))}
          </div>
        </section>
      );
    case 'slot':
      return (
        <section data-testid="step-slot">
          {back({ kind: 'service' })}
          <p className="office-name">{serviceName(step.serviceId)}</p>
          <SlotPicker
            place={place}
            office={office}
            serviceId={step.serviceId}
            onPick={(slotAt) => setStep({ kind: 'details', serviceId: step.serviceId, slotAt })}
          />
        </section>
      );
    case 'details':
      return (
        <Details
          place={place}
          office={office}
          serviceId={step.serviceId}
          slotAt={step.slotAt}
          backButton={back({ kind: 'slot', serviceId: step.serviceId })}
          onBooked={(booking) => {
            setStep({ kind: 'done', booking });
            document.querySelector('.visitor-scroll')?.scrollTo(0, 0);
          }}
        />
      );
    case 'done':
      return <Confirmation place={place} booking={step.booking} checkIn={office.checkIn} />;
  }
}

interface DetailsProps {
  place: Place;
  office: PublicOffice;
  serviceId: string;
  slotAt: number;
  backButton: React.ReactNode;
  onBooked: (b: PublicBooking) => void;
}

function Details({ place, office, serviceId, slotAt, backButton, onBooked }: DetailsProps) {
  const { t, tr, lang } = useI18n();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!name.trim()) return setProblem(t(S.nameMissing));
    if (!phoneLooksValid(phone)) return setProblem(t(S.phoneInvalid));
    if (!consent) return setProblem(t(S.consentMissing));
    setProblem(null);
    setBusy(true);
    try {
      onBooked(await api.book(place, { serviceId, slotAt, name: name.trim(), phone: phone.trim(), consent: true }));
    } catch (err) {
      setError(toUiError(err));
    } finally {
      setBusy(false);
    }
  };

  const service = tr(office.services.find((s) => s.id === serviceId)?.name);
  return (
    <section data-testid="step-details">
      {backButton}
      <p className="when">
        {t(S.summary, {
          service,
          day: dayOf(dayKeyOf(slotAt, office.timeZone), lang),
          time: timeOf(slotAt, office.timeZone, lang),
        })}
      </p>
      <h1>{t(S.yourDetails)}</h1>
      <form onSubmit={submit} noValidate>
        <label className="field">
          <span>{t(S.name)}</span>
          <input
            data-testid="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
            maxLength={120}
            placeholder={t(S.nameHint)}
          />
        </label>
        <PhoneField value={phone} onChange={setPhone} />
        <ConsentBox checked={consent} onChange={setConsent} label={t(S.consent)}>
          <p>{t(S.consentWhat)}</p>
          <p>{t(S.consentWhy)}</p>
          <p>{t(S.consentHowLong)}</p>
          <p>{t(S.consentWithdraw)}</p>
        </ConsentBox>
        <FormProblems problem={problem} error={error} />
        <button type="submit" className="btn btn-primary wide" data-testid="book" disabled={busy}>
          {t(busy ? S.booking : S.book)}
        </button>
      </form>
    </section>
  );
}
