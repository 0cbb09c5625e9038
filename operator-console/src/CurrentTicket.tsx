import { previewNext } from '@talon/engine';
import type { EngineState, OfficeConfig, OperatorSession, Ticket } from '@talon/protocol';
import { formatElapsed, useI18n } from '@talon/ui';
import { useEffect, useRef } from 'react';
import { normState, serviceNormMin } from './norms.js';
import { S } from './strings.js';

/** What `finishService` reports about the visit. */
export interface FinishForm {
  outcomes: string[];
  digitalOnboarding: boolean;
  extraSale: boolean;
}

interface CurrentTicketProps {
  state: EngineState;
  config: OfficeConfig;
  me: OperatorSession;
  ticket: Ticket | undefined;
  now: number;
  form: FinishForm;
  /** «Завершить» was pressed without an outcome: 0 = no, otherwise a count that changes with each press. */
  askOutcome: number;
  onForm: (f: FinishForm) => void;
  /** The topic has a deadline (a draft contract): finishing puts it on record unless unticked (issue 16). */
  followUp?: { text: string; on: boolean; onChange: (on: boolean) => void } | undefined;
}

export function CurrentTicket(props: CurrentTicketProps) {
  const { state, config, me, ticket, now, form, askOutcome, onForm, followUp } = props;
  const { t, tr } = useI18n();
  const outcomesRef = useRef<HTMLFieldSetElement>(null);
  // each press of «Завершить» without an outcome brings the choice into view and focuses its first box
  useEffect(() => {
    if (!askOutcome) return;
    const box = outcomesRef.current;
    box?.scrollIntoView({ block: 'nearest' });
    box?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus();
  }, [askOutcome]);
  if (!ticket) {
    const next = previewNext(state, me.operatorId, now);
    const nextNumber = next ? state.tickets[next.ticketId]?.number : undefined;
    return (
      <section className="current card" data-testid="current-ticket" data-status="none">
        <h2>{t(S.currentTicket)}</h2>
        <p className="current-none">{t(S.noCurrent)}</p>
        {next && nextNumber && (
          <p className="current-next" data-testid="next-preview" data-rule={next.reason.rule}>
            {t(S.nextUp, { number: nextNumber })} — {tr(next.reason.text)}
          </p>
        )}
      </section>
    );
  }

  const serving = ticket.status === 'serving';
  const since = serving ? ticket.startedAt : ticket.lastCalledAt;
  const service = config.services.find((s) => s.id === ticket.serviceId);
  const category = config.priorityCategories.find((c) => c.id === ticket.priorityCategoryId);
  const maxCalls = config.rules.recallMaxCount + 1;
  const topic = config.topics.find((x) => x.id === ticket.topicId);
  const norm = serviceNormMin(config, ticket);
  // service time of this visit so far, earlier segments (before a transfer) included
  const servedMs = serving && ticket.startedAt !== undefined ? ticket.servedSec * 1000 + (now - ticket.startedAt) : 0;
  const totalMs = now - ticket.issuedAt;
  const totalNorm = config.rules.totalNormMin;
  const toggle = (id: string, on: boolean) =>
    onForm({ ...form, outcomes: on ? [...form.outcomes, id] : form.outcomes.filter((o) => o !== id) });

  return (
    <section
      className="current card"
      data-testid="current-ticket"
      data-status={ticket.status}
      data-number={ticket.number}
    >
      <h2>{t(S.currentTicket)}</h2>
      <div className="current-head">
        <span className="current-number" data-testid="current-ticket-number">
          {ticket.number}
        </span>
        <span className={`current-status current-status-${ticket.status}`} data-testid="current-ticket-status">
          {t(serving ? S.ticketServing : S.ticketCalled)}
        </span>
        {since !== undefined && (
          <span className="current-elapsed" data-testid="current-ticket-elapsed">
            {formatElapsed(now - since)}
          </span>
        )}
      </div>
      {serving && (
        <div className="norms">
          <NormBar
            testId="current-service-norm"
            label={t(S.serviceTime)}
            elapsedMs={servedMs}
            normMin={norm}
            normText={norm !== undefined ? t(S.ofNorm, { n: norm }) : ''}
          />
          {totalNorm !== undefined && !ticket.walkIn && (
            <NormBar
              testId="current-total-norm"
              label={t(S.totalTime)}
              elapsedMs={totalMs}
              normMin={totalNorm}
              normText={t(S.ofNorm, { n: totalNorm })}
            />
          )}
        </div>
      )}
      <dl className="current-facts">
        <dt>{t(S.service)}</dt>
        <dd className="current-service">{tr(service?.name)}</dd>
        {topic && (
          <>
            <dt>{t(S.topic)}</dt>
            <dd className="current-topic">{tr(topic.name)}</dd>
          </>
        )}
        {!serving && (
          <>
            <dt>{t(S.recall)}</dt>
            <dd data-testid="current-calls" data-count={ticket.callCount} data-max={maxCalls}>
              {t(S.callOf, { n: ticket.callCount, max: maxCalls })}
              {ticket.callCount >= maxCalls && <span className="current-hint"> · {t(S.recallLast)}</span>}
            </dd>
          </>
        )}
        {category && (
          <>
            <dt>{t(S.priority)}</dt>
            <dd>{tr(category.name)}</dd>
          </>
        )}
        {ticket.appointmentId && (
          <>
            <dt>{t(S.priority)}</dt>
            <dd>{t(S.booking)}</dd>
          </>
        )}
        {ticket.visitorData?.account && (
          <>
            <dt>{t(S.account)}</dt>
            <dd data-testid="visitor-account">{ticket.visitorData.account}</dd>
          </>
        )}
        {ticket.visitorData?.phone && (
          <>
            <dt>{t(S.phone)}</dt>
            <dd data-testid="visitor-phone">{ticket.visitorData.phone}</dd>
          </>
        )}
        {ticket.comment && (
          <>
            <dt>{t(S.comment)}</dt>
            <dd>{ticket.comment}</dd>
          </>
        )}
      </dl>
      {serving && (
        <fieldset
          ref={outcomesRef}
          className={`outcomes${askOutcome ? ' outcomes-missing' : ''}`}
          data-testid="outcomes"
          data-missing={askOutcome ? true : undefined}
          aria-describedby={askOutcome ? 'outcome-required' : undefined}
        >
          <legend>{t(S.outcomes)}</legend>
          {askOutcome > 0 && (
            <p className="outcomes-ask" id="outcome-required" role="alert" data-testid="outcome-required">
              {t(S.outcomeRequired)}
            </p>
          )}
          {config.outcomeCodes.map((o) => (
            <label key={o.id} className="check">
              <input
                type="checkbox"
                data-testid={`outcome-${o.id}`}
                checked={form.outcomes.includes(o.id)}
                onChange={(e) => toggle(o.id, e.target.checked)}
              />
              {tr(o.name)}
            </label>
          ))}
          <hr className="outcomes-split" />
          <label className="check">
            <input
              type="checkbox"
              data-testid="digital-onboarding"
              checked={form.digitalOnboarding}
              onChange={(e) => onForm({ ...form, digitalOnboarding: e.target.checked })}
            />
            {t(S.digitalOnboarding)}
          </label>
          <label className="check">
            <input
              type="checkbox"
              data-testid="extra-sale"
              checked={form.extraSale}
              onChange={(e) => onForm({ ...form, extraSale: e.target.checked })}
            />
            {t(S.extraSale)}
          </label>
          {followUp && (
            <label className="check">
              <input
                type="checkbox"
                data-testid="follow-up-offer"
                checked={followUp.on}
                onChange={(e) => followUp.onChange(e.target.checked)}
              />
              {followUp.text}
            </label>
          )}
        </fieldset>
      )}
    </section>
  );
}

function NormBar(props: {
  testId: string;
  label: string;
  elapsedMs: number;
  normMin: number | undefined;
  normText: string;
}) {
  const { testId, label, elapsedMs, normMin, normText } = props;
  const state = normState(elapsedMs, normMin);
  const share = normMin ? Math.min(1, elapsedMs / (normMin * 60_000)) : 0;
  return (
    <div className={`norm norm-${state}`} data-testid={testId} data-norm={state}>
      <span className="norm-label">{label}</span>
      <span className="norm-elapsed">{formatElapsed(elapsedMs)}</span>
      <span className="norm-of">{normText}</span>
      <span className="norm-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
    </div>
  );
}
