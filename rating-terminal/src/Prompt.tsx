import type { RatingLink, RatingReason, RecentVisit } from '@talon/protocol';
import { call, type UiError, useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';
import { S } from './strings.js';

interface PromptProps {
  token: string;
  visit: RecentVisit;
  reasons: RatingReason[];
  lowMarkMax: number;
  /** Set once the visitor chose a low mark: the reasons step. */
  lowScore: number | null;
  busy: boolean;
  error: UiError | null;
  onScore: (score: number) => void;
  /** The low mark with its reasons and an optional comment (kept as a review of the visit). */
  onSend: (score: number, reasons: string[], comment?: string) => void;
}

/** «Оцените, пожалуйста, качество обслуживания»: 1–5, reasons for a low mark, and the QR to rate on a phone. */
export function Prompt({ token, visit, reasons, lowMarkMax, lowScore, busy, error, onScore, onSend }: PromptProps) {
  const { t, tr } = useI18n();
  const [link, setLink] = useState<RatingLink | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const said = picked.length > 0 || comment.trim() !== '';

  useEffect(() => {
    let stop = false;
    setLink(null);
    // no link (refused, no connection): the prompt shows no QR, the buttons still work
    call('ratingLink', { query: { ticketId: visit.ticketId } }, { token, timeoutMs: 8000 }).then(
      (r) => !stop && setLink(r),
      () => undefined,
    );
    return () => {
      stop = true;
    };
  }, [token, visit.ticketId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new mark starts with no reasons ticked
  useEffect(() => {
    setPicked([]);
    setComment('');
  }, [lowScore]);

  return (
    <section
      className={`rating-prompt${lowScore !== null ? ' rating-prompt-reasons' : ''}`}
      data-testid="rating-prompt"
      data-ticket-id={visit.ticketId}
    >
      <div className="rating-main">
        <h1>{t(S.prompt)}</h1>
        <p className="rating-muted">{t(S.ticket, { number: visit.number })}</p>
        <div className="rating-scale">
          {[1, 2, 3, 4, 5].map((n) => (
            <button
              key={n}
              type="button"
              className={`btn rating-score${lowScore === n ? ' btn-primary' : ''}`}
              data-testid={`rate-${n}`}
              data-low={n <= lowMarkMax || undefined}
              aria-pressed={lowScore === n}
              disabled={busy}
              onClick={() => onScore(n)}
            >
              {n}
            </button>
          ))}
        </div>
        <div className="rating-ends">
          <span>1 — {t(S.worst)}</span>
          <span>5 — {t(S.best)}</span>
        </div>
        {lowScore !== null && (
          <div className="rating-reasons" data-testid="rating-reasons">
            <h2>{t(S.whatWrong)}</h2>
            <div className="rating-chips">
              {reasons.map((r) => {
                const on = picked.includes(r.id);
                return (
                  <button
                    key={r.id}
                    type="button"
                    className={`btn chip${on ? ' chip-on' : ''}`}
                    aria-pressed={on}
                    data-testid={`reason-${r.id}`}
                    onClick={() => setPicked(on ? picked.filter((x) => x !== r.id) : [...picked, r.id])}
                  >
                    {tr(r.name)}
                  </button>
                );
              })}
            </div>
            <label className="rating-comment">
              <span>{t(S.comment)}</span>
              <textarea
                data-testid="rating-comment"
                value={comment}
                maxLength={2000}
                rows={1}
                onChange={(e) => setComment(e.target.value)}
              />
            </label>
            {/* the reasons come first: «Отправить» is the big button, «Без причин» the way out */}
            <div className="rating-row rating-send-row">
              <button
                type="button"
                className="btn rating-skip"
                data-testid="rating-skip"
                disabled={busy}
                onClick={() => onSend(lowScore, [])}
              >
                {t(S.skip)}
              </button>
              <button
                type="button"
                className="btn btn-primary rating-send"
                data-testid="rating-send"
                disabled={busy || !said}
                onClick={() => onSend(lowScore, picked, comment.trim() || undefined)}
              >
                {t(busy ? S.sending : S.send)}
              </button>
            </div>
          </div>
        )}
        {error && (
          <p className="error" role="alert" data-testid="rating-error" data-code={error.code}>
            {tr(error.message)}
          </p>
        )}
      </div>
      <aside className="rating-qr-box">
        <h2>{t(S.orPhone)}</h2>
        {link ? (
          <div
            className="rating-qr"
            data-testid="rating-qr"
            data-url={link.url}
            // the SVG is generated by our own server from the signed link
            // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted server-made SVG
            dangerouslySetInnerHTML={{ __html: link.svg }}
          />
        ) : (
          <div className="rating-qr rating-qr-empty" />
        )}
        <p className="rating-muted">{t(S.scan)}</p>
      </aside>
    </section>
  );
}
