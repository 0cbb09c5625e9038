import { eligibleFor, isPriority, previewNext } from '@talon/engine';
import type { EngineState, OfficeConfig, OperatorSession, Ticket } from '@talon/protocol';
import { formatElapsed, useI18n } from '@talon/ui';
import { type KeyboardEvent, useRef } from 'react';
import { normState, waitNormMin } from './norms.js';
import { S } from './strings.js';

interface QueueListProps {
  state: EngineState;
  config: OfficeConfig;
  me: OperatorSession;
  now: number;
  /** The operator is free to call: the rows' «Вызвать» buttons work. */
  canCall: boolean;
  /** Asks for confirmation before calling this ticket out of turn. */
  onCall: (t: Ticket) => void;
}

/**
 * The tickets this operator may call, in queue order: sent to them personally first, then by their skills.
 * Each row: a live wait timer coloured against the service's wait norm, flags and what the visitor typed
 * at the kiosk. ↑/↓ move between rows, Enter calls the focused one (after confirmation).
 */
export function QueueList({ state, config, me, now, canCall, onCall }: QueueListProps) {
  const { t, tr } = useI18n();
  const list = useRef<HTMLOListElement>(null);
  const { personal, general } = eligibleFor(state, me, now);
  const rows: { ticket: Ticket; personal: boolean }[] = [
    ...personal.map((ticket) => ({ ticket, personal: true })),
    ...general.map((ticket) => ({ ticket, personal: false })),
  ];
  const next = me.ticketId ? null : previewNext(state, me.operatorId, now);
  const nextId = next?.ticketId;

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('[data-testid="queue-call"]') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const j = e.key === 'ArrowDown' ? Math.min(buttons.length - 1, i + 1) : Math.max(0, i - 1);
    buttons[j]?.focus();
    e.preventDefault();
  };

  return (
    <section className="queue card" aria-labelledby="queue-title">
      <h2 id="queue-title">
        {t(S.queueTitle)}{' '}
        <span className="queue-count" data-testid="queue-count">
          {rows.length}
        </span>
      </h2>
      {rows.length === 0 ? (
        <p className="queue-empty">{t(S.queueEmpty)}</p>
      ) : (
        <ol className="queue-list" ref={list} onKeyDown={onKeyDown}>
          {rows.map(({ ticket, personal }) => {
            const service = config.services.find((s) => s.id === ticket.serviceId);
            const topic = config.topics.find((x) => x.id === ticket.topicId);
            const waitedMs = Math.max(0, now - ticket.waitingSince);
            const wait = Math.floor(waitedMs / 60_000);
            const norm = normState(waitedMs, waitNormMin(config, ticket));
            const category = config.priorityCategories.find((c) => c.id === ticket.priorityCategoryId);
            const isNext = ticket.id === nextId;
            return (
              <li
                key={ticket.id}
                className={`queue-item norm-${norm}${norm === 'over' ? ' overdue' : ''}${isNext ? ' next' : ''}`}
                data-testid="queue-item"
                data-ticket-id={ticket.id}
                data-number={ticket.number}
                data-next={isNext || undefined}
                data-norm={norm}
              >
                <span className="queue-number">{ticket.number}</span>
                <span className="queue-service">
                  <span>{tr(topic?.name ?? service?.name)}</span>
                  {personal && <span className="badge">{t(S.personal)}</span>}
                  {ticket.priorityCategoryId && (
                    <span className="badge badge-priority" data-testid="queue-priority">
                      {category ? tr(category.name) : t(S.priority)}
                    </span>
                  )}
                  {ticket.appointmentId && (
                    <span className="badge badge-priority" data-testid="queue-booking">
                      {t(S.booking)}
                      {!isPriority(ticket, now) ? ' ⏳' : ''}
                    </span>
                  )}
                  {ticket.status === 'postponed' && <span className="badge">{t(S.postpone)}</span>}
                  {ticket.visitorData?.account && (
                    <span className="queue-data" data-testid="queue-account">
                      {t(S.account)}: {ticket.visitorData.account}
                    </span>
                  )}
                  {ticket.visitorData?.phone && (
                    <span className="queue-data" data-testid="queue-phone">
                      {t(S.phone)}: {ticket.visitorData.phone}
                    </span>
                  )}
                  {ticket.comment && <span className="queue-data">{ticket.comment}</span>}
                </span>
                <span className="queue-wait" data-testid="queue-wait" data-minutes={wait} data-norm={norm}>
                  {formatElapsed(waitedMs)}
                </span>
                <button
                  type="button"
                  className="btn queue-call"
                  data-testid="queue-call"
                  disabled={!canCall}
                  onClick={() => onCall(ticket)}
                >
                  {t(S.callThis)}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
