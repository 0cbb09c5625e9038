import { type PriorityCategory, VisitorData } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { useState } from 'react';
import { applyKey, Keypad } from './keypad.js';
import { S } from './strings.js';

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
    <section className="kiosk-step kiosk-entry">
      <div className="entry-text">
        <h1 className="kiosk-title">{t(kind === 'account' ? S.accountTitle : S.phoneTitle)}</h1>
        <p className="kiosk-hint">{t(S.visitorDataHint)}</p>
      </div>
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
      <div className="kiosk-actions entry-actions">
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
      <div className="choice-grid choice-grid-priority">
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

/** The week's reception hours, so that "we are closed" also says when to come. */
