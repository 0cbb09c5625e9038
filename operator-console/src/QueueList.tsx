import { currentWaitMin, eligibleFor, isPriority, previewNext } from '@talon/engine';
import type { EngineState, OfficeConfig, OperatorSession, Ticket } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { S } from './strings.js';

interface QueueListProps {
  state: EngineState;
  config: OfficeConfig;
  me: OperatorSession;
  now: number;
}

/** The tickets this operator may call, in queue order: sent to them personally first, then by their skills. */
export function QueueList({ state, config, me, now }: QueueListProps) {
  const { t, tr } = useI18n();
  const { personal, general } = eligibleFor(state, me, now);
  const rows: { ticket: Ticket; personal: boolean }[] = [
    ...personal.map((ticket) => ({ ticket, personal: true })),
    ...general.map((ticket) => ({ ticket, personal: false })),
  ];
  const nextId = me.ticketId ? undefined : previewNext(state, me.operatorId, now)?.ticketId;

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
        <ol className="queue-list">
          {rows.map(({ ticket, personal }) => {
            const service = config.services.find((s) => s.id === ticket.serviceId);
            const wait = Math.floor(currentWaitMin(ticket, now));
            const overdue = service !== undefined && wait >= service.waitNormMin;
            const category = config.priorityCategories.find((c) => c.id === ticket.priorityCategoryId);
            return (
              <li
                key={ticket.id}
                className={`queue-item${overdue ? ' overdue' : ''}${ticket.id === nextId ? ' next' : ''}`}
                data-testid="queue-item"
                data-ticket-id={ticket.id}
                data-number={ticket.number}
                data-next={ticket.id === nextId || undefined}
              >
                <span className="queue-number">{ticket.number}</span>
                <span className="queue-service">
                  {tr(service?.name)}
                  {personal && <span className="badge">{t(S.personal)}</span>}
                  {isPriority(ticket, now) && (
                    <span className="badge badge-priority">{category ? tr(category.name) : t(S.booking)}</span>
                  )}
                </span>
                <span className="queue-wait" data-testid="queue-wait" data-minutes={wait}>
                  {t(S.waitMin, { n: wait })}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
