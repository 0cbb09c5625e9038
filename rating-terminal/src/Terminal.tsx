import { latestVisitAt, ratingSettingsOf } from '@talon/engine';
import type { FeedbackBody, RatingTerminalInfo } from '@talon/protocol';
import {
  ConnectionBanner,
  call,
  HighContrastToggle,
  isAuthError,
  LangToggle,
  toUiError,
  type UiError,
  useI18n,
  useLive,
  useServerNow,
  useWindowLabel,
} from '@talon/ui';
import { useCallback, useEffect, useState } from 'react';
import { FeedbackForm } from './FeedbackForm.js';
import { Idle } from './Idle.js';
import { Prompt } from './Prompt.js';
import { S } from './strings.js';

/** What this terminal is doing beyond what the office state says. */
type Local =
  | { step: 'none' }
  /** the visitor chose a low mark and picks reasons */
  | { step: 'reasons'; ticketId: string; score: number }
  | { step: 'thanks'; until: number; anonymous: boolean; ticketId?: string }
  | { step: 'feedback'; ticketId?: string; since: number };

const FEEDBACK_IDLE_MS = 120_000;

export function Terminal({ token, onUnauthorized }: { token: string; onUnauthorized: (refused: string) => void }) {
  const { t, tr } = useI18n();
  const windowLabel = useWindowLabel();
  const live = useLive('rating', token, { onUnauthorized, refreshMs: 60_000 });
  const now = useServerNow(live.offset, 500);
  const [info, setInfo] = useState<RatingTerminalInfo | null>(null);
  const [local, setLocal] = useState<Local>({ step: 'none' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  // the visit whose rating this terminal has already thanked for (given here or on a phone)
  const [thanked, setThanked] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const r = await call('ratingTerminal', {}, { token, timeoutMs: 8000 });
        if (!stop) setInfo(r);
      } catch (e) {
        if (stop) return;
        if (isAuthError(toUiError(e))) onUnauthorized(token);
        else timer = setTimeout(load, 3000);
      }
    };
    void load();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [token, onUnauthorized]);

  const state = live.state;
  const config = state?.config ?? null;
  const { rating } = ratingSettingsOf(config);
  const windowId = info?.windowId ?? null;

  // Timeouts: «Спасибо» and an abandoned feedback form go back to idle by themselves.
  useEffect(() => {
    if (local.step === 'thanks' && now >= local.until) setLocal({ step: 'none' });
    if (local.step === 'feedback' && now - local.since > FEEDBACK_IDLE_MS) setLocal({ step: 'none' });
  }, [now, local]);

  /** A rating or a feedback to the server; `thanks` once the server has it. */
  const send = useCallback(async (request: () => Promise<unknown>, thanks: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await request();
      thanks();
    } catch (e) {
      const err = toUiError(e);
      // rated meanwhile on the phone: that is a thank-you, not an error
      if (err.code === 'RATING_ALREADY_GIVEN') thanks();
      else setError(err);
    } finally {
      setBusy(false);
    }
  }, []);
  // a comment to a low mark is kept as a review of the visit, as on the phone page
  const rate = (ticketId: string, score: number, reasons?: string[], comment?: string) =>
    void send(
      () =>
        call(
          'rateAtTerminal',
          {
            body: {
              ticketId,
              score,
              ...(reasons ? { reasons } : {}),
              ...(comment ? { feedback: { type: 'review' as const, text: comment } } : {}),
            },
          },
          { token },
        ),
      () => thank(false, ticketId),
    );
  // a complaint without a contact is kept but cannot be answered: the thank-you says so
  const sendFeedback = (feedback: FeedbackBody, ticketId: string | undefined) =>
    void send(
      () => call('feedbackAtTerminal', { body: { ...(ticketId ? { ticketId } : {}), feedback } }, { token }),
      () => thank(feedback.type === 'complaint' && !feedback.contact),
    );

  const thank = (anonymous: boolean, ticketId?: string) => {
    if (ticketId) setThanked(ticketId);
    setLocal({
      step: 'thanks',
      until: Date.now() + live.offset + rating.thanksSec * 1000,
      anonymous,
      ...(ticketId ? { ticketId } : {}),
    });
  };

  // Rated on the phone while the prompt was up: the terminal says «Спасибо» too, once, for a fresh rating.
  const latestRated = state && windowId ? latestVisitAt(state, windowId) : undefined;
  useEffect(() => {
    if (!latestRated || latestRated.ratedAt === undefined || latestRated.ticketId === thanked) return;
    setThanked(latestRated.ticketId);
    const ago = Date.now() + live.offset - latestRated.ratedAt;
    if (ago < rating.thanksSec * 1000 && local.step !== 'thanks') thank(false, latestRated.ticketId);
  });

  const toolbar = (
    <div className="rating-toolbar">
      <LangToggle />
      <HighContrastToggle />
    </div>
  );

  if (info && !windowId) {
    return (
      <main className="app-kiosk rating rating-message" data-testid="rating-unbound">
        <p className="notice">{t(S.unbound)}</p>
        <p className="rating-muted">
          {t(S.device)} <span translate="no">{info.name}</span>
        </p>
        {toolbar}
      </main>
    );
  }
  if (!state || !config || !windowId) {
    return (
      <main className="app-kiosk rating rating-message">
        <ConnectionBanner connected={live.connected} />
        <p>{t(S.connecting)}</p>
      </main>
    );
  }

  const win = config.windows.find((w) => w.id === windowId);
  const label = win ? windowLabel(win.kind, win.number) : windowId;
  const operator = Object.values(state.operators).find((o) => o.windowId === windowId && o.status !== 'logged-out');
  const latest = latestVisitAt(state, windowId);
  const fresh = latest && now - latest.closedAt < rating.promptSec * 1000;

  let body: React.ReactNode;
  if (local.step === 'feedback') {
    body = (
      <FeedbackForm
        types={ratingSettingsOf(config).feedbackTypes}
        busy={busy}
        error={error}
        onCancel={() => setLocal({ step: 'none' })}
        onTouch={() => setLocal({ ...local, since: Date.now() + live.offset })}
        onSubmit={(feedback) => sendFeedback(feedback, local.ticketId)}
      />
    );
  } else if (local.step === 'thanks') {
    const ticketId = local.ticketId;
    body = (
      <section className="rating-thanks" data-testid="rating-thanks">
        <h1>{t(S.thanks)}</h1>
        <p>{t(!local.ticketId ? S.thanksFeedback : S.thanksText)}</p>
        {local.anonymous && (
          <p className="notice" data-testid="feedback-anonymous">
            {t(S.anonymous)}
          </p>
        )}
        <button
          type="button"
          className="btn"
          data-testid="feedback-open"
          onClick={() => setLocal({ step: 'feedback', since: now, ...(ticketId ? { ticketId } : {}) })}
        >
          {t(S.leaveFeedback)}
        </button>
      </section>
    );
  } else if (fresh && latest && latest.ratedAt === undefined) {
    const reasonsFor = local.step === 'reasons' && local.ticketId === latest.ticketId ? local.score : null;
    body = (
      <Prompt
        token={token}
        visit={latest}
        reasons={config.ratingReasons}
        lowMarkMax={rating.lowMarkMax}
        lowScore={reasonsFor}
        busy={busy}
        error={error}
        onScore={(score) => {
          if (score <= rating.lowMarkMax && config.ratingReasons.length > 0)
            setLocal({ step: 'reasons', ticketId: latest.ticketId, score });
          else rate(latest.ticketId, score);
        }}
        onSend={(score, reasons, comment) => rate(latest.ticketId, score, reasons, comment)}
      />
    );
  } else {
    body = (
      <Idle
        label={label}
        operatorName={operator?.name ?? null}
        photoUrl={config.operators.find((o) => o.id === operator?.operatorId)?.photoUrl}
        officeName={tr(config.name)}
        onFeedback={() => setLocal({ step: 'feedback', since: now })}
      />
    );
  }

  return (
    <main className="app-kiosk rating" data-window={windowId}>
      <ConnectionBanner connected={live.connected} />
      {body}
      {toolbar}
    </main>
  );
}
