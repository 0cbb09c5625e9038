import { type OfficeConfig, PEOPLE_AHEAD_LIMIT, type Topic, waitWords } from '@talon/protocol';
import { pluralRu, useI18n } from '@talon/ui';
import type { ReactNode } from 'react';
import type { PrintView } from './printing.js';
import { ScrollList } from './scroll-list.js';
import { S } from './strings.js';

interface SegmentsProps {
  config: OfficeConfig;
  onSegment: (id: string) => void;
  onAppointment: () => void;
  onPriority: () => void;
  priorityName: string | undefined;
  onPriorityCancel: () => void;
  printerDown: boolean;
}

export function SegmentsScreen({
  config,
  onSegment,
  onAppointment,
  onPriority,
  priorityName,
  onPriorityCancel,
  printerDown,
}: SegmentsProps) {
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
      <div className="kiosk-actions">
        <button type="button" className="btn kiosk-secondary" data-testid="appointment" onClick={onAppointment}>
          {t(S.haveAppointment)}
        </button>
        {priorityName ? (
          <p className="kiosk-chip" data-testid="priority-chosen">
            <span>{t(S.priorityOn, { name: priorityName })}</span>
            <button
              type="button"
              className="btn kiosk-chip-cancel"
              data-testid="priority-cancel"
              onClick={onPriorityCancel}
            >
              {t(S.priorityCancel)}
            </button>
          </p>
        ) : (
          config.priorityCategories.length > 0 && (
            <button type="button" className="btn kiosk-secondary" data-testid="priority" onClick={onPriority}>
              {t(S.priorityButton)}
            </button>
          )
        )}
      </div>
      {printerDown && (
        <p className="kiosk-warning" data-testid="kiosk-printer-down" role="status">
          {t(S.printerDown)}
        </p>
      )}
    </section>
  );
}

interface TopicsProps {
  config: OfficeConfig;
  segmentId: string;
  busy: boolean;
  /** Services whose daily cap is reached: their topics are shown but cannot be chosen. */
  capped: ReadonlySet<string>;
  onTopic: (topic: Topic) => void;
}

export function TopicsScreen({ config, segmentId, busy, capped, onTopic }: TopicsProps) {
  const { t, tr } = useI18n();
  const segment = config.segments.find((s) => s.id === segmentId);
  const topics = config.topics.filter((tp) => tp.segmentIds.includes(segmentId));
  return (
    <section className="kiosk-step kiosk-topics" aria-busy={busy}>
      <p className="kiosk-crumb">{tr(segment?.name)}</p>
      <h1 className="kiosk-title">{t(S.chooseTopic)}</h1>
      {topics.length === 0 ? (
        <p className="kiosk-message" data-testid="kiosk-message">
          {t(S.noTopics)}
        </p>
      ) : (
        <ScrollList className="choice-grid topic-list" testId="topics-list">
          {topics.map((tp) => (
            <button
              key={tp.id}
              type="button"
              className="choice"
              data-testid={`topic-${tp.id}`}
              disabled={busy || capped.has(tp.serviceId)}
              onClick={() => onTopic(tp)}
            >
              <span className="choice-text">
                {tr(tp.name)}
                {capped.has(tp.serviceId) && <small className="choice-note">{t(S.capReached)}</small>}
              </span>
              <span className="choice-arrow" aria-hidden="true">
                →
              </span>
            </button>
          ))}
        </ScrollList>
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
  /** Called before this ticket; null: nobody at a window serves its service now. */
  peopleAhead: number | null | undefined;
  estimate: { lowMin: number; highMin: number; pointMin?: number } | undefined;
  byAppointment: boolean;
  /** A priority category was chosen: the visitor is served out of turn. */
  priority: boolean;
  print: PrintView;
  onDone: () => void;
}

export function ResultScreen({
  number,
  serviceName,
  peopleAhead,
  estimate,
  byAppointment,
  priority,
  print,
  onDone,
}: ResultProps) {
  const { t, lang } = useI18n();
  let ahead: string | null = null;
  if (peopleAhead === null) ahead = t(S.nobodyServes);
  else if (peopleAhead === 0) ahead = t(S.peopleAheadNone);
  else if (peopleAhead !== undefined)
    ahead = t(peopleAhead >= PEOPLE_AHEAD_LIMIT ? S.peopleAheadAtLeast : S.peopleAhead, {
      n: peopleAhead,
      people: lang === 'ru' ? pluralRu(peopleAhead, 'человек', 'человека', 'человек') : '',
    }).trim();
  // Nobody serves it: any wait would be a guess, so none is shown.
  const wait = peopleAhead === null ? undefined : estimate;
  const words = wait ? waitWords(wait) : undefined;
  const printing = print === 'queued' || print === 'printing';
  const printText = printing ? t(S.printing) : print === 'printed' ? t(S.printed) : t(S.printFailed);
  return (
    <section className="kiosk-step kiosk-result" aria-live="polite">
      <div className="ticket-layout">
        <div className="ticket-card">
          <h1 className="kiosk-title ticket-title">{t(S.yourTicket)}</h1>
          <div className="ticket-number" data-testid="kiosk-ticket-number">
            {number}
          </div>
          {priority && (
            <p className="ticket-priority" data-testid="kiosk-priority">
              {t(S.priorityTicket)}
            </p>
          )}
        </div>
        <div className="ticket-details">
          {serviceName && (
            <p className="ticket-service" data-testid="kiosk-service">
              {serviceName}
              {byAppointment && <span className="ticket-tag"> · {t(S.byAppointment)}</span>}
            </p>
          )}
          {ahead && (
            <p
              className="ticket-ahead"
              data-testid="kiosk-people-ahead"
              data-count={peopleAhead === null ? 'none' : peopleAhead}
            >
              {ahead}
            </p>
          )}
          {wait && (
            <p className="ticket-ahead" data-testid="kiosk-estimate" data-low={wait.lowMin} data-high={wait.highMin}>
              {words?.kind === 'soon'
                ? t(S.estimateSoon)
                : words?.kind === 'about'
                  ? t(S.estimateAbout, { n: words.min })
                  : t(S.estimate, { low: wait.lowMin, high: wait.highMin })}
            </p>
          )}
          <p
            className={`ticket-printing ${printing || print === 'printed' ? '' : 'ticket-printing-failed'}`}
            data-testid="kiosk-print-status"
            data-status={print}
            role="status"
          >
            <PrinterIcon />
            <span>{printText}</span>
          </p>
          <p className="kiosk-hint">{t(S.waitForCall)}</p>
        </div>
      </div>
      <button type="button" className="btn btn-primary kiosk-cta" data-testid="done" onClick={onDone}>
        {t(S.done)}
      </button>
    </section>
  );
}

/** A polite full-screen message (closed, live queue, a refused ticket, no connection). */
export function MessageScreen({
  title,
  text,
  code,
  children,
}: {
  title?: string;
  text: string;
  code?: string;
  children?: ReactNode;
}) {
  return (
    <section className="kiosk-step kiosk-centered">
      <div className="kiosk-message" data-testid="kiosk-message" data-code={code} role="status">
        {title && <h1 className="kiosk-title">{title}</h1>}
        <p>{text}</p>
      </div>
      {children}
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
