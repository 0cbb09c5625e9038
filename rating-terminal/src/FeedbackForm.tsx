import type { FeedbackBody, FeedbackType } from '@talon/protocol';
import { type UiError, useI18n } from '@talon/ui';
import { type FormEvent, useState } from 'react';
import { S } from './strings.js';

interface FeedbackFormProps {
  types: FeedbackType[];
  busy: boolean;
  error: UiError | null;
  onSubmit: (f: FeedbackBody) => void;
  onCancel: () => void;
  /** Any input keeps the form open (it closes by itself when abandoned). */
  onTouch: () => void;
}

/** Seed 004 Гл.6: complaint, proposal or review, with an optional contact for the answer. */
export function FeedbackForm({ types, busy, error, onSubmit, onCancel, onTouch }: FeedbackFormProps) {
  const { t, tr } = useI18n();
  // a neutral default: nobody files a complaint by leaving the preselected choice
  const [type, setType] = useState<FeedbackType>(types.includes('review') ? 'review' : (types[0] ?? 'review'));
  const [text, setText] = useState('');
  const [contact, setContact] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim() || busy) return;
    onSubmit({ type, text: text.trim(), ...(contact.trim() ? { contact: contact.trim() } : {}) });
  };
  return (
    <form className="rating-feedback" data-testid="feedback-form" onSubmit={submit} onInput={onTouch}>
      <h1>{t(S.feedbackTitle)}</h1>
      <div className="rating-chips">
        {types.map((x) => (
          <button
            key={x}
            type="button"
            aria-pressed={type === x}
            className={`btn chip${type === x ? ' chip-on' : ''}`}
            data-testid={`feedback-type-${x}`}
            onClick={() => {
              setType(x);
              onTouch();
            }}
          >
            {t(S[x])}
          </button>
        ))}
      </div>
      <label className="field">
        <span>{t(S.text)}</span>
        <textarea
          data-testid="feedback-text"
          value={text}
          maxLength={2000}
          rows={4}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t(S.contact)}</span>
        <input
          data-testid="feedback-contact"
          value={contact}
          maxLength={120}
          inputMode="email"
          autoComplete="off"
          onChange={(e) => setContact(e.target.value)}
        />
      </label>
      {type === 'complaint' && !contact.trim() && <p className="rating-muted">{t(S.contactHint)}</p>}
      {error && (
        <p className="error" role="alert" data-testid="feedback-error" data-code={error.code}>
          {tr(error.message)}
        </p>
      )}
      <div className="rating-row">
        <button type="button" className="btn" onClick={onCancel}>
          {t(S.cancel)}
        </button>
        <button type="submit" className="btn btn-primary" data-testid="feedback-submit" disabled={busy || !text.trim()}>
          {t(busy ? S.sending : S.send)}
        </button>
      </div>
    </form>
  );
}
