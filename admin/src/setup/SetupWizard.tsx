import type { FieldIssue, SetupDone, SetupPreset, SetupStatus } from '@talon/protocol';
import { ApiError, call, HighContrastToggle, LangToggle, NETWORK_ERROR, type UiError, useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';
import './setup.css';
import { HqSection } from './HqSection.js';
import { type Draft, emptyDraft, type Issues, STEPS, type Step, stepOfPath, toBody, validate } from './model.js';
import { AdminStep, HallStep, NormsStep, OfficeStep } from './steps.js';
import { W } from './strings.js';

type Phase =
  | { kind: 'checking' }
  | { kind: 'invalid' }
  | { kind: 'already' }
  | { kind: 'offline'; error: UiError }
  | { kind: 'wizard'; presets: SetupPreset[]; passwordRule: { ru: string; en: string } }
  | { kind: 'done'; done: SetupDone };

const STEP_LABEL = { office: W.stepOffice, norms: W.stepNorms, hall: W.stepHall, admin: W.stepAdmin } as const;

/** `/admin/?setup=TOKEN`: the first-run setup of a server with no office yet (server/src/setup). */
export function SetupWizard({ token }: { token: string }) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-checked on "try again"
  useEffect(() => {
    let live = true;
    const check = async () => {
      try {
        const status: SetupStatus = await call('setupStatus');
        if (!status.needed) return setPhase({ kind: 'already' });
        await call('checkSetupToken', { body: { token } });
        setPhase({ kind: 'wizard', presets: status.presets, passwordRule: status.passwordRule });
      } catch (e) {
        const err = e instanceof ApiError ? e.error : NETWORK_ERROR;
        if (!live) return;
        if (err.code === 'ALREADY_SET_UP') setPhase({ kind: 'already' });
        else if (err.code === 'SETUP_TOKEN_INVALID') setPhase({ kind: 'invalid' });
        else setPhase({ kind: 'offline', error: err });
      }
    };
    void check();
    return () => {
      live = false;
    };
  }, [token, attempt]);

  return (
    <main className="setup" data-testid="setup" data-phase={phase.kind}>
      <header className="setup-header">
        <h1>{t(W.title)}</h1>
        <div className="setup-toggles">
          <LangToggle />
          <HighContrastToggle />
        </div>
      </header>
      {phase.kind === 'checking' && <p className="notice">{t(W.checking)}</p>}
      {phase.kind === 'invalid' && (
        <Message testId="setup-invalid" title={W.invalidTitle} text={W.invalidText} tone="error" signIn={false} />
      )}
      {phase.kind === 'already' && (
        <Message testId="setup-already" title={W.alreadyTitle} text={W.alreadyText} tone="notice" signIn />
      )}
      {phase.kind === 'offline' && (
        <section className="card setup-card" data-testid="setup-offline">
          <NetworkError error={phase.error} />
          <button type="button" className="btn" onClick={() => setAttempt((n) => n + 1)}>
            {t(W.retry)}
          </button>
        </section>
      )}
      {phase.kind === 'wizard' && (
        <Wizard
          token={token}
          presets={phase.presets}
          passwordRule={phase.passwordRule}
          onDone={(done) => setPhase({ kind: 'done', done })}
          onRefused={(kind) => setPhase({ kind })}
        />
      )}
      {phase.kind === 'done' && <Done done={phase.done} />}
    </main>
  );
}

function NetworkError({ error }: { error: UiError }) {
  const { tr } = useI18n();
  return (
    <p className="error" role="alert" data-testid="setup-error" data-code={error.code}>
      {tr(error.message)}
    </p>
  );
}

function Message({
  testId,
  title,
  text,
  tone,
  signIn,
}: {
  testId: string;
  /** Only once the office is set up: before that, nobody can sign in. */
  signIn: boolean;
  title: readonly [string, string];
  text: readonly [string, string];
  tone: 'error' | 'notice';
}) {
  const { t } = useI18n();
  return (
    <section className={`card setup-card setup-message ${tone}`} data-testid={testId} role="status">
      <h2>{t(title)}</h2>
      <p>{t(text)}</p>
      {signIn && (
        <a className="btn btn-primary" href="/admin/" data-testid="setup-signin-link">
          {t(W.signIn)}
        </a>
      )}
    </section>
  );
}

function Wizard({
  token,
  presets,
  passwordRule,
  onDone,
  onRefused,
}: {
  token: string;
  presets: SetupPreset[];
  passwordRule: { ru: string; en: string };
  onDone: (d: SetupDone) => void;
  onRefused: (kind: 'invalid' | 'already') => void;
}) {
  const { t, tr } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft('Europe/Moscow'));
  const [step, setStep] = useState<Step>('office');
  const [issues, setIssues] = useState<Issues>(new Map());
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  const index = STEPS.indexOf(step);

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const go = (s: Step) => {
    setIssues(new Map());
    setStep(s);
    window.scrollTo(0, 0);
  };
  const next = () => {
    const found = validate(step, draft);
    setIssues(found);
    if (found.size > 0) return;
    const following = STEPS[index + 1];
    if (following) go(following);
  };

  const finish = async () => {
    const found = validate('admin', draft);
    setIssues(found);
    if (found.size > 0 || busy) return;
    setBusy(true);
    setError(null);
    setServerIssues([]);
    try {
      onDone(await call('completeSetup', { body: toBody(token, draft) }));
    } catch (e) {
      const err = e instanceof ApiError ? e.error : NETWORK_ERROR;
      setBusy(false);
      if (err.code === 'SETUP_TOKEN_INVALID') return onRefused('invalid');
      if (err.code === 'ALREADY_SET_UP') return onRefused('already');
      setError(err);
      if (err.code === 'LOGIN_TAKEN') setIssues(new Map([['login', { pair: [err.message.ru, err.message.en] }]]));
      if (err.code === 'VALIDATION_FAILED' && Array.isArray(err.details)) {
        const list = err.details as FieldIssue[];
        setServerIssues(list);
        const first = list[0];
        if (first) setStep(stepOfPath(first.path));
      }
    }
  };

  return (
    <div className="setup-body">
      <ol className="setup-steps" aria-label={t(W.title)}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            className={i === index ? 'current' : i < index ? 'passed' : ''}
            aria-current={i === index ? 'step' : undefined}
            data-testid={`setup-step-${s}`}
          >
            <span className="setup-step-n">{i + 1}</span>
            {t(STEP_LABEL[s])}
          </li>
        ))}
        <li>
          <span className="setup-step-n">{STEPS.length + 1}</span>
          {t(W.stepDone)}
        </li>
      </ol>
      <form
        className="card setup-card"
        data-testid="setup-wizard"
        data-step={step}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step === 'admin') void finish();
          else next();
        }}
      >
        <p className="muted setup-stepof">{t(W.stepOf, { n: index + 1, of: STEPS.length })}</p>
        {step === 'office' && (
          <>
            <p className="setup-intro">{t(W.intro)}</p>
            <OfficeStep draft={draft} update={update} issues={issues} />
          </>
        )}
        {step === 'norms' && <NormsStep draft={draft} setDraft={setDraft} presets={presets} issues={issues} />}
        {step === 'hall' && <HallStep draft={draft} update={update} issues={issues} />}
        {step === 'admin' && (
          <>
            <AdminStep
              draft={draft}
              update={update}
              issues={issues}
              passwordRule={tr(passwordRule)}
              presets={presets}
            />
            <HqSection token={token} draft={draft} update={update} issues={issues} />
          </>
        )}
        {issues.size > 0 && (
          <p className="error" role="alert" data-testid="setup-issues">
            {t(W.fixBelow)}
          </p>
        )}
        {error && (
          <div className="error" role="alert" data-testid="setup-error" data-code={error.code}>
            {tr(error.message)}
            {serverIssues.length > 0 && (
              <ul>
                {serverIssues.map((i) => (
                  <li key={i.path + i.message.en}>
                    {i.path}: {tr(i.message)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="setup-actions">
          {index > 0 && (
            <button
              type="button"
              className="btn"
              data-testid="setup-back"
              disabled={busy}
              onClick={() => go(STEPS[index - 1] ?? 'office')}
            >
              {t(W.back)}
            </button>
          )}
          {step === 'admin' ? (
            <button type="submit" className="btn btn-primary" data-testid="setup-submit" disabled={busy}>
              {t(busy ? W.finishing : W.finish)}
            </button>
          ) : (
            <button type="submit" className="btn btn-primary" data-testid="setup-next">
              {t(W.next)}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}

function Done({ done }: { done: SetupDone }) {
  const { t, tr } = useI18n();
  const steps: { href: string; text: readonly [string, string]; id: string }[] = [
    { href: '/admin/', text: W.doneSignIn, id: 'signin' },
    { href: '/admin/#config/devices', text: W.doneDevices, id: 'devices' },
    { href: '/admin/#config/users', text: W.doneUsers, id: 'users' },
    { href: '/admin/#config/operators', text: W.doneOperators, id: 'operators' },
  ];
  return (
    <section className="card setup-card setup-done" data-testid="setup-done" role="status">
      <h2>{t(W.doneTitle)}</h2>
      <p>{t(W.doneText, { name: tr(done.name), login: done.admin.login })}</p>
      <ol className="setup-next-list">
        {steps.map((s, i) => (
          <li key={s.id}>
            <span className="setup-step-n">{i + 1}</span>
            <span>{t(s.text)}</span>
            <a className={`btn ${i === 0 ? 'btn-primary' : ''}`} href={s.href} data-testid={`setup-done-${s.id}`}>
              {t(i === 0 ? W.signIn : W.open)}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
