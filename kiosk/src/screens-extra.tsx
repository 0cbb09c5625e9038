import { type OfficeConfig, type PriorityCategory, VisitorData, WEEKDAYS } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { useEffect, useRef, useState } from 'react';
import { S } from './strings.js';

/** Digits on screen: the OS keyboard is unreliable in kiosk sessions, and account numbers are digits. */
export function Keypad({ onKey, extra }: { onKey: (k: string) => void; extra?: string }) {
  const { t } = useI18n();
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', extra ?? '', '0', '⌫'];
  return (
    <div className="keypad" data-testid="keypad">
      {keys.map((k, i) =>
        k === '' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed grid
          <span key={i} />
        ) : (
          <button
            key={k}
            type="button"
            className="keypad-key"
            data-testid={k === '⌫' ? 'keypad-erase' : `keypad-${k === '+' ? 'plus' : k}`}
            aria-label={k === '⌫' ? t(S.erase) : k}
            onClick={() => onKey(k)}
          >
            {k}
          </button>
        ),
      )}
    </div>
  );
}

const applyKey = (value: string, k: string, max: number) =>
  k === '⌫' ? value.slice(0, -1) : value.length >= max ? value : value + k;

export function CheckInScreen({ busy, onSubmit }: { busy: boolean; onSubmit: (code: string) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // keep the focus in the field: a scanner types into whatever has it
  useEffect(() => input.current?.focus(), []);
  const submit = () => code.trim().length >= 3 && !busy && onSubmit(code.trim());
  return (
    <section className="kiosk-step" aria-busy={busy}>
      <h1 className="kiosk-title">{t(S.checkInTitle)}</h1>
      <p className="kiosk-subtitle">{t(S.checkInHint)}</p>
      <form
        className="entry"
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
          inputMode="none"
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          onBlur={() => setTimeout(() => input.current?.focus(), 0)}
        />
      </form>
      <Keypad onKey={(k) => setCode((c) => applyKey(c, k, 32))} />
      <button
        type="button"
        className="btn btn-primary kiosk-cta"
        data-testid="checkin-submit"
        disabled={busy || code.trim().length < 3}
        onClick={submit}
      >
        {t(busy ? S.checkingIn : S.checkInSubmit)}
      </button>
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

export function VisitorDataScreen({
  kind,
  onDone,
}: {
  kind: 'account' | 'phone';
  onDone: (data: VisitorData | undefined) => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = () => {
    const parsed = VisitorData.safeParse({ [kind]: value });
    if (!parsed.success) return setInvalid(true);
    onDone(parsed.data);
  };
  return (
    <section className="kiosk-step">
      <h1 className="kiosk-title">{t(kind === 'account' ? S.accountTitle : S.phoneTitle)}</h1>
      <p className="kiosk-hint">{t(S.visitorDataHint)}</p>
      <output className="entry-field" data-testid="visitor-data-value" aria-live="polite">
        {value || '\u00a0'}
      </output>
      {invalid && (
        <p className="kiosk-warning" data-testid="visitor-data-invalid" role="alert">
          {t(S.visitorDataInvalid)}
        </p>
      )}
      <Keypad
        extra={kind === 'phone' ? '+' : undefined}
        onKey={(k) => {
          setInvalid(false);
          setValue((v) => applyKey(v, k, 20));
        }}
      />
      <div className="kiosk-actions">
        <button
          type="button"
          className="btn kiosk-secondary"
          data-testid="visitor-data-skip"
          onClick={() => onDone(undefined)}
        >
          {t(S.skip)}
        </button>
        <button
          type="button"
          className="btn btn-primary kiosk-secondary"
          data-testid="visitor-data-continue"
          disabled={value.length === 0}
          onClick={submit}
        >
          {t(S.continue)}
        </button>
      </div>
    </section>
  );
}

export function PriorityScreen({
  categories,
  onChoose,
}: {
  categories: PriorityCategory[];
  onChoose: (id: string | undefined) => void;
}) {
  const { t, tr } = useI18n();
  return (
    <section className="kiosk-step">
      <h1 className="kiosk-title">{t(S.priorityTitle)}</h1>
      <p className="kiosk-hint">{t(S.priorityHint)}</p>
      <div className="choice-grid">
        {categories.map((c) => (
          <button
            key={c.id}
            type="button"
            className="choice"
            data-testid={`priority-${c.id}`}
            onClick={() => onChoose(c.id)}
          >
            <span className="choice-text">{tr(c.name)}</span>
            <span className="choice-arrow" aria-hidden="true">
              →
            </span>
          </button>
        ))}
        <button
          type="button"
          className="choice choice-plain"
          data-testid="priority-none"
          onClick={() => onChoose(undefined)}
        >
          <span className="choice-text">{t(S.priorityNone)}</span>
        </button>
      </div>
    </section>
  );
}

export function ConfirmScreen({ onYes, onNo }: { onYes: () => void; onNo: () => void }) {
  const { t } = useI18n();
  return (
    <section className="kiosk-step kiosk-centered">
      <div className="kiosk-message" data-testid="kiosk-confirm" role="alertdialog">
        <h1 className="kiosk-title">{t(S.confirmTitle)}</h1>
        <p>{t(S.confirmText)}</p>
      </div>
      <div className="kiosk-actions">
        <button type="button" className="btn kiosk-secondary" data-testid="confirm-no" onClick={onNo}>
          {t(S.confirmNo)}
        </button>
        <button type="button" className="btn btn-primary kiosk-secondary" data-testid="confirm-yes" onClick={onYes}>
          {t(S.confirmYes)}
        </button>
      </div>
    </section>
  );
}

const DAY_NAMES: Record<(typeof WEEKDAYS)[number], readonly [string, string]> = {
  mon: ['Пн', 'Mon'],
  tue: ['Вт', 'Tue'],
  wed: ['Ср', 'Wed'],
  thu: ['Чт', 'Thu'],
  fri: ['Пт', 'Fri'],
  sat: ['Сб', 'Sat'],
  sun: ['Вс', 'Sun'],
};

/** The week's reception hours, so that "we are closed" also says when to come. */
export function ReceptionHours({ config }: { config: OfficeConfig }) {
  const { t } = useI18n();
  return (
    <div className="reception-hours" data-testid="reception-hours">
      <h2>{t(S.receptionHours)}</h2>
      <dl>
        {WEEKDAYS.map((d) => {
          const ranges = config.receptionHours[d] ?? [];
          return (
            <div key={d}>
              <dt>{t(DAY_NAMES[d])}</dt>
              <dd>{ranges.length ? ranges.map(([a, b]) => `${a}–${b}`).join(', ') : t(S.dayOff)}</dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}
