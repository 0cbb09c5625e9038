import { VisitorPhone } from '@talon/protocol';
import { type Strings, useI18n } from '@talon/ui';
import { useEffect, useRef, useState } from 'react';
import { applyKey, CodeKeypad, codeCharOf, Keypad } from './keypad.js';
import { S } from './strings.js';

/** Check-in by phone number (issue 15): its words, kept beside the only screens that say them. */
export const P = {
  byPhone: ['Нет кода? По номеру телефона', 'No code? By phone number'],
  byCode: ['По коду записи', 'By booking code'],
  title: ['Регистрация по номеру телефона', 'Check in by phone number'],
  hint: ['Введите номер телефона, который вы указали при записи', 'Enter the phone number you gave when booking'],
  invalid: ['Проверьте номер телефона: например, +7 900 123-45-67', 'Please check the number, e.g. +7 900 123-45-67'],
  notFound: [
    'Запись на этот номер на сегодня не найдена. Проверьте номер или обратитесь к администратору',
    'No booking for this number today. Please check the number or ask the administrator',
  ],
} as const satisfies Strings;

export function CheckInScreen({
  busy,
  onSubmit,
  onByPhone,
}: {
  busy: boolean;
  onSubmit: (code: string) => void;
  /** A visitor without the code: the phone number given when booking. */
  onByPhone?: () => void;
}) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // keep the focus in the field: a scanner types into whatever has it (the screen opens at its top)
  useEffect(() => input.current?.focus({ preventScroll: true }), []);
  const submit = () => code.trim().length >= 3 && !busy && onSubmit(code.trim());
  return (
    <section className="kiosk-step kiosk-checkin" aria-busy={busy}>
      <h1 className="kiosk-title">{t(S.checkInTitle)}</h1>
      <p className="kiosk-subtitle">{t(S.checkInHint)}</p>
      {onByPhone && (
        <button
          type="button"
          className="btn kiosk-secondary checkin-switch"
          data-testid="checkin-by-phone"
          disabled={busy}
          onClick={onByPhone}
        >
          {t(P.byPhone)}
        </button>
      )}
      <form
        className="entry entry-row"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <input
          ref={input}
          className="entry-field"
          data-testid="checkin-code"
          aria-label={t(S.checkInCode)}
          value={code}
          maxLength={32}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="none"
          onKeyDown={(e) => {
            // a scanner in the Russian layout types «ф» for A: put the Latin letter where the caret is
            const ch = codeCharOf(e);
            if (!ch || ch === e.key.toUpperCase()) return;
            e.preventDefault();
            const el = e.currentTarget;
            const from = el.selectionStart ?? el.value.length;
            const to = el.selectionEnd ?? from;
            setCode((el.value.slice(0, from) + ch + el.value.slice(to)).slice(0, 32));
          }}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          onBlur={() => setTimeout(() => input.current?.focus({ preventScroll: true }), 0)}
        />
        <button
          type="submit"
          className="btn btn-primary kiosk-cta entry-submit"
          data-testid="checkin-submit"
          disabled={busy || code.trim().length < 3}
        >
          {t(busy ? S.checkingIn : S.checkInSubmit)}
        </button>
      </form>
      <CodeKeypad onKey={(k) => setCode((c) => applyKey(c, k, 32))} />
    </section>
  );
}

export function LateScreen({ lateMin, busy, onTake }: { lateMin: number; busy: boolean; onTake: () => void }) {
  const { t } = useI18n();
  return (
    <section className="kiosk-step kiosk-centered" aria-live="polite">
      <div className="kiosk-message" data-testid="kiosk-late" role="status">
        <h1 className="kiosk-title">{t(S.lateTitle)}</h1>
        <p>{t(S.lateText, { min: lateMin })}</p>
      </div>
      <button
        type="button"
        className="btn btn-primary kiosk-cta"
        data-testid="late-take-ticket"
        disabled={busy}
        onClick={onTake}
      >
        {t(S.lateTake)}
      </button>
    </section>
  );
}

/**
 * Check-in by the phone number given when booking: today's booking of that number nearest its time. The
 * number goes to the server with the command and nowhere else; the kiosk forgets it with the screen.
 */
export function PhoneCheckInScreen({
  busy,
  onSubmit,
  onByCode,
}: {
  busy: boolean;
  onSubmit: (phone: string) => void;
  onByCode: () => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = () => {
    const parsed = VisitorPhone.safeParse(value);
    if (!parsed.success) return setInvalid(true);
    if (!busy) onSubmit(parsed.data);
  };
  return (
    <section className="kiosk-step kiosk-entry" aria-busy={busy}>
      <div className="entry-text">
        <h1 className="kiosk-title">{t(P.title)}</h1>
        <p className="kiosk-hint">{t(P.hint)}</p>
      </div>
      <output className="entry-field" data-testid="checkin-phone" aria-live="polite">
        {value || '\u00a0'}
      </output>
      {invalid && (
        <p className="kiosk-warning" data-testid="checkin-phone-invalid" role="alert">
          {t(P.invalid)}
        </p>
      )}
      <Keypad
        extra="+"
        onKey={(k) => {
          setInvalid(false);
          setValue((v) => applyKey(v, k, 20));
        }}
      />
      <div className="kiosk-actions entry-actions">
        <button type="button" className="btn kiosk-secondary" data-testid="checkin-by-code" onClick={onByCode}>
          {t(P.byCode)}
        </button>
        <button
          type="button"
          className="btn btn-primary kiosk-secondary"
          data-testid="checkin-phone-submit"
          disabled={busy || value.length === 0}
          onClick={submit}
        >
          {t(busy ? S.checkingIn : S.checkInSubmit)}
        </button>
      </div>
    </section>
  );
}
