import { useI18n } from '@talon/ui';
import { useEffect, useRef, useState } from 'react';
import { applyKey, CodeKeypad, codeCharOf } from './keypad.js';
import { S } from './strings.js';

export function CheckInScreen({ busy, onSubmit }: { busy: boolean; onSubmit: (code: string) => void }) {
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
