import { VisitorPhone } from '@talon/protocol';
import { ApiError, call, isAuthError, type Strings, useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';
import { applyKey, Keypad } from './keypad.js';

/** The opt-in's own words (issue 15, docs/notifications.md): kept here, beside the only screen that says them. */
export const N = {
  offer: ['Сообщить по СМС, когда подойдёт очередь', 'Text me when my turn is near'],
  title: ['Сообщить, когда подойдёт очередь?', 'Tell you when your turn is near?'],
  hint: [
    'Пришлём СМС, когда перед вами останется немного людей, и когда вас вызовут. Номер нужен только для этих сообщений',
    'We will text you when only a few people are ahead of you, and when you are called. The number is used only for these messages',
  ],
  no: ['Не нужно', 'No, thanks'],
  yes: ['Сообщить', 'Text me'],
  invalid: ['Проверьте номер телефона: например, +7 900 123-45-67', 'Please check the number, e.g. +7 900 123-45-67'],
  failed: [
    'Не удалось оформить оповещение. Номер талона на экране остаётся в силе',
    'Could not set up the message. Your ticket on the screen is valid',
  ],
  done: ['Пришлём СМС на номер, оканчивающийся на {tail}', 'We will text the number ending in {tail}'],
} as const satisfies Strings;

/** Whether the office sends SMS at all (a gateway is set up); asked once per kiosk start, no offer without it. */
export function useNotifyOffer(token: string): boolean {
  const [sms, setSms] = useState(false);
  useEffect(() => {
    let live = true;
    call('kioskNotifyOffer', {}, { token })
      .then((r) => live && setSms(r.sms))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [token]);
  return sms;
}

/** Under the issued ticket: the offer, or once taken, which number the messages go to (its last digits only). */
export function NotifyOffer({ tail, onOpen }: { tail: string | undefined; onOpen: () => void }) {
  const { t } = useI18n();
  if (tail)
    return (
      <p className="kiosk-chip notify-done" data-testid="notify-done" role="status">
        {t(N.done, { tail })}
      </p>
    );
  return (
    <button type="button" className="btn kiosk-secondary notify-offer" data-testid="notify-offer" onClick={onOpen}>
      {t(N.offer)}
    </button>
  );
}

/**
 * «Сообщить, когда подойдёт очередь?»: the phone number on the kiosk's keypad, sent with the ticket it is for.
 * The number goes to the server's personal data and nowhere else; the kiosk forgets it with the screen.
 */
export function NotifyOptInScreen({
  token,
  ticketId,
  onDone,
  onSkip,
  onUnauthorized,
}: {
  token: string;
  ticketId: string;
  /** Subscribed: the last digits of the number, for the confirmation. */
  onDone: (tail: string) => void;
  onSkip: () => void;
  onUnauthorized: (refused: string) => void;
}) {
  const { t, tr } = useI18n();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const parsed = VisitorPhone.safeParse(value);
    if (!parsed.success) return setProblem(t(N.invalid));
    setBusy(true);
    try {
      await call('kioskNotifySubscribe', { body: { ticketId, phone: parsed.data } }, { token });
      onDone(parsed.data.replace(/\D/g, '').slice(-2));
    } catch (e) {
      if (e instanceof ApiError && isAuthError(e.error)) onUnauthorized(token);
      const code = e instanceof ApiError ? e.error.code : undefined;
      setProblem(
        code === 'VALIDATION_FAILED'
          ? t(N.invalid)
          : e instanceof ApiError && code !== 'INTERNAL'
            ? tr(e.error.message)
            : t(N.failed),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="kiosk-step kiosk-entry notify-optin" data-testid="notify-optin">
      <div className="entry-text">
        <h1 className="kiosk-title">{t(N.title)}</h1>
        <p className="kiosk-hint">{t(N.hint)}</p>
      </div>
      <output className="entry-field" data-testid="notify-phone" aria-live="polite">
        {value || '\u00a0'}
      </output>
      {problem && (
        <p className="kiosk-warning" data-testid="notify-problem" role="alert">
          {problem}
        </p>
      )}
      <Keypad
        extra="+"
        onKey={(k) => {
          setProblem(null);
          setValue((v) => applyKey(v, k, 20));
        }}
      />
      <div className="kiosk-actions entry-actions">
        <button type="button" className="btn kiosk-secondary" data-testid="notify-skip" onClick={onSkip}>
          {t(N.no)}
        </button>
        <button
          type="button"
          className="btn btn-primary kiosk-secondary"
          data-testid="notify-submit"
          disabled={value.length === 0 || busy}
          onClick={() => void submit()}
        >
          {t(N.yes)}
        </button>
      </div>
    </section>
  );
}
