import { FOLLOW_UP_SOURCE_NAMES, FOLLOW_UP_STATUS_NAMES, FOLLOW_UP_TYPE_NAMES, type FollowUp } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { type FormEvent, useState } from 'react';
import { dayText, instantText } from './format.js';
import { F } from './strings.js';

export type FollowUpAction =
  | { kind: 'take'; id: number }
  | { kind: 'answer'; id: number; answer: string }
  | { kind: 'close'; id: number };

/** One follow-up of the register: what, when due, who; the next step as large buttons. */
export function FollowUpItem({
  f,
  busy,
  timeZone,
  onAction,
}: {
  f: FollowUp;
  busy: boolean;
  timeZone: string | undefined;
  onAction: (a: FollowUpAction) => Promise<boolean>;
}) {
  const { t, tr, lang } = useI18n();
  const [answering, setAnswering] = useState(false);
  const [answer, setAnswer] = useState('');
  const open = f.status === 'new' || f.status === 'in-progress';
  const urgency = !open
    ? 'done'
    : f.overdue
      ? 'overdue'
      : f.workingDaysLeft !== null && f.workingDaysLeft <= 2
        ? 'soon'
        : 'ok';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!answer.trim()) return;
    if (await onAction({ kind: 'answer', id: f.id, answer })) {
      setAnswering(false);
      setAnswer('');
    }
  };

  let due = t(F.dueBy, { day: dayText(f.dueDay, lang) });
  if (open && f.overdue) due = `${t(F.overdue)} · ${due}`;
  else if (open && f.workingDaysLeft === 0) due = `${t(F.lastDay)} · ${due}`;
  else if (open && f.workingDaysLeft !== null) due = `${due} · ${t(F.daysLeft, { n: f.workingDaysLeft })}`;
  const doneAt = f.answeredAt ?? f.closedAt;
  if (!open && doneAt !== null) due = `${due} · ${t(doneAt < f.dueAt ? F.doneInTime : F.doneLate)}`;

  return (
    <li
      className="fu-item card"
      data-testid="followup-item"
      data-id={f.id}
      data-status={f.status}
      data-type={f.type}
      data-urgency={urgency}
    >
      <div className="fu-main">
        <div className="fu-head">
          <strong>
            №{f.id} · {tr(FOLLOW_UP_TYPE_NAMES[f.type])}
          </strong>
          <span className={`fu-status fu-status-${f.status}`} data-testid="followup-status">
            {tr(FOLLOW_UP_STATUS_NAMES[f.status])}
          </span>
        </div>
        <p className={`fu-due fu-due-${urgency}`} data-testid="followup-due">
          {due}
        </p>
        {/* what people wrote stays as written, in whatever language the screen is */}
        <p className="fu-text" translate="no">
          {f.text}
        </p>
        <p className="muted fu-meta">
          {t(F.received)}: {instantText(f.createdAt, lang, timeZone)} · {tr(FOLLOW_UP_SOURCE_NAMES[f.source])}
          {f.ticketNumber && ` · ${t(F.ticket)} ${f.ticketNumber}`}
          {f.contact && (
            <>
              {' · '}
              <span translate="no">{f.contact}</span>
            </>
          )}
          {' · '}
          {t(F.owner)}: {f.ownerName ? <span translate="no">{f.ownerName}</span> : t(F.nobody)}
        </p>
        {f.answer && (
          <p className="fu-answer" data-testid="followup-answer">
            {f.answeredAt !== null && (
              <span className="muted">{t(F.answeredAt, { at: instantText(f.answeredAt, lang, timeZone) })}: </span>
            )}
            <span translate="no">{f.answer}</span>
          </p>
        )}
        {f.closedAt !== null && (
          <p className="muted">{t(F.closedAt, { at: instantText(f.closedAt, lang, timeZone) })}</p>
        )}
        {answering && (
          <form className="fu-answer-form" onSubmit={submit}>
            <label className="field">
              {t(F.answerText)}
              <textarea
                data-testid="followup-answer-text"
                value={answer}
                maxLength={4000}
                rows={3}
                onChange={(e) => setAnswer(e.target.value)}
              />
            </label>
            <div className="fu-buttons">
              <button
                type="submit"
                className="btn btn-primary"
                data-testid="followup-answer-save"
                disabled={busy || !answer.trim()}
              >
                {t(F.answerSave)}
              </button>
              <button type="button" className="btn" onClick={() => setAnswering(false)}>
                {t(F.cancel)}
              </button>
            </div>
          </form>
        )}
      </div>
      {!answering && f.status !== 'closed' && (
        <div className="fu-buttons fu-actions">
          {f.status === 'new' && (
            <button
              type="button"
              className="btn"
              data-testid="followup-take"
              disabled={busy}
              onClick={() => void onAction({ kind: 'take', id: f.id })}
            >
              {t(F.take)}
            </button>
          )}
          {open && (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="followup-answer"
              disabled={busy}
              onClick={() => setAnswering(true)}
            >
              {t(F.answer)}
            </button>
          )}
          <button
            type="button"
            className="btn"
            data-testid="followup-close"
            disabled={busy}
            onClick={() => void onAction({ kind: 'close', id: f.id })}
          >
            {t(F.close)}
          </button>
        </div>
      )}
    </li>
  );
}
