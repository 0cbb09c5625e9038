import type { PublicMenu } from '@talon/protocol';
// the error table alone: the package's index would bring every schema (and zod) to the visitor's phone
import { talonError } from '@talon/protocol/errors';
import { toUiError, type UiError } from '@talon/ui/errors';
import { useI18n } from '@talon/ui/i18n';
import { type FormEvent, useEffect, useState } from 'react';
import { api, type Place } from './api.js';
import { ConsentBox, ErrorNote, FormProblems, PhoneField } from './common.js';
import { phoneLooksValid } from './format.js';
import { S } from './strings.js';

type Step =
  | { kind: 'segment' }
  | { kind: 'topic'; segmentId: string }
  | { kind: 'phone'; segmentId: string; topicId: string };

/** The ticket page keeps the visitor's language and contrast (its `?lang=en&contrast=high`). */
function withLook(url: string, lang: string): string {
  const u = new URL(url, window.location.href);
  if (lang === 'en') u.searchParams.set('lang', 'en');
  if (document.documentElement.classList.contains('high-contrast')) u.searchParams.set('contrast', 'high');
  return u.toString();
}

/** `/take`, the entrance QR: the kiosk's menu (who you are → your question) → the phone → the live ticket page. */
export function Take({ place }: { place: Place }) {
  const { t, tr, lang } = useI18n();
  const [menu, setMenu] = useState<PublicMenu | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'segment' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the visitor's «try again»
  useEffect(() => {
    let live = true;
    setError(null);
    api
      .menu(place)
      .then((m) => {
        if (!live) return;
        setMenu(m);
        // one kind of visitor: no need to ask
        if (m.segments.length === 1 && m.segments[0]) setStep({ kind: 'topic', segmentId: m.segments[0].id });
      })
      .catch((e) => live && setError(toUiError(e)));
    return () => {
      live = false;
    };
  }, [attempt, place]);

  if (!menu)
    return error ? (
      <ErrorNote error={error} onRetry={() => setAttempt((n) => n + 1)} />
    ) : (
      <p className="hint">{t(S.loading)}</p>
    );
  const head = (
    <>
      <p className="office-name">{tr(menu.office.name)}</p>
      <h1>{t(S.takeTitle)}</h1>
    </>
  );
  if (!menu.open)
    return (
      <section data-testid="take-closed">
        {head}
        <ErrorNote error={talonError(menu.closedCode ?? 'NOT_CONFIGURED')} onRetry={() => setAttempt((n) => n + 1)} />
      </section>
    );
  const back = (to: Step) => (
    <button type="button" className="btn back" data-testid="back" onClick={() => setStep(to)}>
      ← {t(S.back)}
    </button>
  );
  if (step.kind === 'segment')
    return (
      <section data-testid="take-segment">
        {head}
        <p className="hint">{t(S.takeIntro)}</p>
        <h2>{t(S.chooseSegment)}</h2>
        <div className="choices">
          {menu.segments.map((s) => (
            <button
              key={s.id}
              type="button"
              className="btn choice"
              data-testid={`segment-${s.id}`}
              onClick={() => setStep({ kind: 'topic', segmentId: s.id })}
            >
              {tr(s.name)}
            </button>
          ))}
        </div>
      </section>
    );
  if (step.kind === 'topic') {
    const segment = menu.segments.find((s) => s.id === step.segmentId);
    return (
      <section data-testid="take-topic">
        {menu.segments.length > 1 && back({ kind: 'segment' })}
        <p className="office-name">{tr(segment?.name)}</p>
        <h1>{t(S.chooseTopic)}</h1>
        <div className="choices">
          {menu.topics
            .filter((tp) => tp.segmentIds.includes(step.segmentId))
            .map((tp) => (
              <button
                key={tp.id}
                type="button"
                className="btn choice"
                data-testid={`topic-${tp.id}`}
                onClick={() => setStep({ kind: 'phone', segmentId: step.segmentId, topicId: tp.id })}
              >
                {tr(tp.name)}
              </button>
            ))}
        </div>
      </section>
    );
  }
  const topic = menu.topics.find((tp) => tp.id === step.topicId);
  return (
    <section data-testid="take-phone">
      {back({ kind: 'topic', segmentId: step.segmentId })}
      <p className="office-name">{tr(topic?.name)}</p>
      {topic?.documents && <p className="card docs">{tr(topic.documents)}</p>}
      <PhoneForm
        perDay={menu.perPhonePerDay}
        onTaken={(url) => window.location.assign(withLook(url, lang))}
        take={(phone) => api.ticket(place, { topicId: step.topicId, segmentId: step.segmentId, phone, consent: true })}
      />
    </section>
  );
}

function PhoneForm({
  perDay,
  take,
  onTaken,
}: {
  perDay: number;
  take: (phone: string) => Promise<{ visitUrl: string; number: string }>;
  onTaken: (url: string) => void;
}) {
  const { t } = useI18n();
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [taken, setTaken] = useState<{ visitUrl: string; number: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!phoneLooksValid(phone)) return setProblem(t(S.phoneInvalid));
    if (!consent) return setProblem(t(S.consentMissing));
    setProblem(null);
    setBusy(true);
    try {
      const r = await take(phone.trim());
      setTaken(r);
      onTaken(r.visitUrl);
    } catch (err) {
      setError(toUiError(err));
    } finally {
      setBusy(false);
    }
  };
  if (taken)
    return (
      <div className="confirmation" data-testid="taken">
        <p className="code">{t(S.yourTicket, { number: taken.number })}</p>
        <a className="btn btn-primary wide" href={taken.visitUrl}>
          {t(S.toTicket)}
        </a>
      </div>
    );
  return (
    <form onSubmit={submit} noValidate>
      <PhoneField value={phone} onChange={setPhone} />
      <ConsentBox checked={consent} onChange={setConsent} label={t(S.takeConsent)}>
        <p>{t(S.takePhoneWhy, { n: perDay })}</p>
      </ConsentBox>
      <FormProblems problem={problem} error={error} />
      <button type="submit" className="btn btn-primary wide" data-testid="take" disabled={busy}>
        {t(busy ? S.taking : S.take)}
      </button>
    </form>
  );
}
