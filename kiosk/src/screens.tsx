import type { OfficeConfig, Topic } from '@talon/protocol';
import { pluralRu, useI18n } from '@talon/ui';
import { S } from './strings.js';

export function SegmentsScreen({ config, onSegment }: { config: OfficeConfig; onSegment: (id: string) => void }) {
  const { t, tr } = useI18n();
  return (
    <section className="kiosk-step kiosk-start">
      <h1 className="kiosk-title">{t(S.welcome)}</h1>
      <p className="kiosk-subtitle">{t(S.chooseSegment)}</p>
      <div className="choice-grid choice-grid-segments">
        {config.segments.map((s) => (
          <button
            key={s.id}
            type="button"
            className="choice"
            data-testid={`segment-${s.id}`}
            onClick={() => onSegment(s.id)}
          >
            <span className="choice-text">{tr(s.name)}</span>
            <span className="choice-arrow" aria-hidden="true">
              →
            </span>
          </button>
        ))}
      </div>
    </section>
  );
}

interface TopicsProps {
  config: OfficeConfig;
  segmentId: string;
  busy: boolean;
  onTopic: (topic: Topic) => void;
}

export function TopicsScreen({ config, segmentId, busy, onTopic }: TopicsProps) {
  const { t, tr } = useI18n();
  const segment = config.segments.find((s) => s.id === segmentId);
  const topics = config.topics.filter((tp) => tp.segmentIds.includes(segmentId));
  return (
    <section className="kiosk-step" aria-busy={busy}>
      <p className="kiosk-crumb">{tr(segment?.name)}</p>
      <h1 className="kiosk-title">{t(S.chooseTopic)}</h1>
      {topics.length === 0 ? (
        <p className="kiosk-message" data-testid="kiosk-message">
          {t(S.noTopics)}
        </p>
      ) : (
        <div className="choice-grid">
          {topics.map((tp) => (
            <button
              key={tp.id}
              type="button"
              className="choice"
              data-testid={`topic-${tp.id}`}
              disabled={busy}
              onClick={() => onTopic(tp)}
            >
              <span className="choice-text">{tr(tp.name)}</span>
              <span className="choice-arrow" aria-hidden="true">
                →
              </span>
            </button>
          ))}
        </div>
      )}
      {busy && <p className="kiosk-busy">{t(S.issuing)}</p>}
    </section>
  );
}

export function DocumentsScreen({ topic, busy, onIssue }: { topic: Topic; busy: boolean; onIssue: () => void }) {
  const { t, tr } = useI18n();
  return (
    <section className="kiosk-step" aria-busy={busy}>
      <p className="kiosk-crumb">{tr(topic.name)}</p>
      <h1 className="kiosk-title">{t(S.documentsTitle)}</h1>
      <div className="kiosk-documents" data-testid="kiosk-documents">
        {tr(topic.documents)}
      </div>
      <p className="kiosk-hint">{t(S.documentsHint)}</p>
      <button
        type="button"
        className="btn btn-primary kiosk-cta"
        data-testid="get-ticket"
        disabled={busy}
        onClick={onIssue}
      >
        {t(busy ? S.issuing : S.getTicket)}
      </button>
    </section>
  );
}

interface ResultProps {
  number: string;
  serviceName: string;
  peopleAhead: number | undefined;
  onDone: () => void;
}

export function ResultScreen({ number, serviceName, peopleAhead, onDone }: ResultProps) {
  const { t, lang } = useI18n();
  let ahead: string | null = null;
  if (peopleAhead !== undefined) {
    ahead =
      peopleAhead === 0
        ? t(S.peopleAheadNone)
        : t(S.peopleAhead, {
            n: peopleAhead,
            people: lang === 'ru' ? pluralRu(peopleAhead, 'человек', 'человека', 'человек') : '',
          }).trim();
  }
  return (
    <section className="kiosk-step kiosk-result" aria-live="polite">
      <p className="kiosk-subtitle">{t(S.yourTicket)}</p>
      <div className="ticket-number" data-testid="kiosk-ticket-number">
        {number}
      </div>
      {serviceName && (
        <p className="ticket-service" data-testid="kiosk-service">
          {serviceName}
        </p>
      )}
      {ahead && (
        <p className="ticket-ahead" data-testid="kiosk-people-ahead" data-count={peopleAhead}>
          {ahead}
        </p>
      )}
      <p className="ticket-printing">
        <PrinterIcon />
        {t(S.printing)}
      </p>
      <p className="kiosk-hint">{t(S.waitForCall)}</p>
      <button type="button" className="btn btn-primary kiosk-cta" data-testid="done" onClick={onDone}>
        {t(S.done)}
      </button>
    </section>
  );
}

/** A polite full-screen message (closed, live queue, a refused ticket, no connection). */
export function MessageScreen({ title, text, code }: { title?: string; text: string; code?: string }) {
  return (
    <section className="kiosk-step kiosk-centered">
      <div className="kiosk-message" data-testid="kiosk-message" data-code={code} role="status">
        {title && <h1 className="kiosk-title">{title}</h1>}
        <p>{text}</p>
      </div>
    </section>
  );
}

export function UnavailableScreen() {
  const { t } = useI18n();
  return (
    <div className="kiosk-unavailable" data-testid="kiosk-unavailable">
      <MessageScreen title={t(S.unavailableTitle)} text={t(S.unavailableText)} code="NETWORK" />
    </div>
  );
}

function PrinterIcon() {
  return (
    <svg className="printer-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M6 2h12v5h1a3 3 0 0 1 3 3v7h-4v5H6v-5H2v-7a3 3 0 0 1 3-3h1V2zm2 2v3h8V4H8zm0 11v5h8v-5H8zm10-4a1 1 0 1 0 0 2 1 1 0 0 0 0-2z"
      />
    </svg>
  );
}
