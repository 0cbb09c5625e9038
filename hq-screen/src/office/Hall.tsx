import type { HallWindow, OfficeStatus } from '@talon/protocol';
import { type Pair, useI18n } from '@talon/ui';
import { count, DASH, duration, normMinutes } from '../format.js';
import { S } from '../strings.js';

const WINDOW_STATE: Record<HallWindow['state'], Pair> = {
  closed: S.stateClosed,
  idle: S.stateIdle,
  calling: S.stateCalling,
  serving: S.stateServing,
  break: S.stateBreak,
  'wrap-up': S.stateWrapUp,
};

/** The office's hall as it last reported it: the queue with numbers and norms, the windows. Read-only. */
export function Hall({ status }: { status: OfficeStatus }) {
  const { t, tr, lang } = useI18n();
  const services = new Map(status.services.map((s) => [s.id, s]));
  return (
    <div className="hall">
      <section className="panel card" data-testid="hall-queue">
        <h2>
          {t(S.queue)} <span className="muted">({count(status.waitingNow, lang)})</span>
        </h2>
        {status.queue.length === 0 ? (
          <p className="muted">{t(S.nobodyWaits)}</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th>{t(S.ticket)}</th>
                <th>{t(S.service)}</th>
                <th className="num">{t(S.waitVsNorm)}</th>
              </tr>
            </thead>
            <tbody>
              {status.queue.map((q) => {
                const over = q.normSec !== null && q.waitSec > q.normSec;
                return (
                  <tr key={q.number} data-testid="queue-row" data-over={over}>
                    <td>
                      <strong className="ticket-number">{q.number}</strong>
                      {q.priority && <span className="badge">{t(S.priority)}</span>}
                    </td>
                    <td>{tr(services.get(q.serviceId)?.name) || q.serviceId}</td>
                    <td className={`num ${over ? 'over' : ''}`}>
                      {duration(q.waitSec, lang)}
                      {q.normSec !== null && (
                        <span className="norm muted"> / {t(S.normOf, { n: normMinutes(q.normSec) })}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel card" data-testid="hall-windows">
        <h2>{t(S.windows)}</h2>
        {status.windows.length === 0 ? (
          <p className="muted">{t(S.noWindows)}</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th className="num">{t(S.window)}</th>
                <th>{t(S.state)}</th>
                <th>{t(S.operator)}</th>
                <th>{t(S.ticket)}</th>
                <th className="num">{t(S.inState)}</th>
              </tr>
            </thead>
            <tbody>
              {status.windows.map((w) => (
                <tr key={w.windowNumber} data-testid="window-row" data-state={w.state}>
                  <td className="num">
                    <strong>{w.windowNumber}</strong>
                  </td>
                  <td>
                    <span className={`state state-${w.state}`}>{t(WINDOW_STATE[w.state])}</span>
                  </td>
                  <td>{w.operatorName ?? DASH}</td>
                  <td>
                    <strong className="ticket-number">{w.ticketNumber ?? DASH}</strong>
                  </td>
                  <td className="num">{duration(w.sinceSec, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
