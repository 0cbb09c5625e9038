import type { VisitLogResponse, VisitLogRow } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { count, dateTime, minutes } from './format.js';
import { R } from './strings.js';

const OUTCOME = {
  served: R.outcomeServed,
  'no-show': R['outcomeNo-show'],
  cancelled: R.outcomeCancelled,
} as const;

function NormMark({ ok }: { ok: boolean | null }) {
  const { t } = useI18n();
  if (ok === null) return null;
  return <span className={`badge ${ok ? 'ok' : 'danger'}`}>{t(ok ? R.withinShort : R.overShort)}</span>;
}

function Row({ v, zone }: { v: VisitLogRow; zone: string }) {
  const { t, lang } = useI18n();
  return (
    <tr data-testid="log-row" data-number={v.number} data-outcome={v.outcome}>
      <td className="mono">{v.number}</td>
      <td>
        {v.service}
        {v.finalService && (
          <div className="muted">
            {t(R.transferredTo)} {v.finalService}
          </div>
        )}
        {v.topic && <div className="muted">{v.topic}</div>}
      </td>
      <td>{dateTime(v.issuedAt, lang, zone)}</td>
      <td>{dateTime(v.firstCalledAt, lang, zone)}</td>
      <td>{dateTime(v.closedAt, lang, zone)}</td>
      <td className="num">
        {minutes(v.waitSec, lang)} <NormMark ok={v.waitWithinNorm} />
      </td>
      <td className="num">
        {minutes(v.serviceSec, lang)} <NormMark ok={v.serviceWithinNorm} />
      </td>
      <td className="num">
        {minutes(v.totalSec, lang)} <NormMark ok={v.totalWithinNorm} />
      </td>
      <td>{v.window ?? '—'}</td>
      <td translate="no">{v.operator ?? '—'}</td>
      <td>
        {t(OUTCOME[v.outcome])}
        {v.outcomeCodes.length > 0 && <div className="muted">{v.outcomeCodes.join(', ')}</div>}
        {v.postponements > 0 && <div className="muted">{t(R.postponedMark)}</div>}
      </td>
    </tr>
  );
}

/** The visitor log (журнал приёма посетителей), one page at a time. */
export function VisitLog({ log, onPage }: { log: VisitLogResponse; onPage: (page: number) => void }) {
  const { t, lang } = useI18n();
  const pages = Math.max(1, Math.ceil(log.total / log.pageSize));
  return (
    <section className="panel report-log" data-testid="visit-log">
      <div className="report-log-head">
        <span data-testid="log-total" data-value={log.total}>
          {t(R.logTotal)}: <strong>{count(log.total, lang)}</strong>
        </span>
        <span className="report-pager no-print">
          <button
            type="button"
            className="toggle"
            data-testid="log-prev"
            disabled={log.page <= 1}
            onClick={() => onPage(log.page - 1)}
          >
            ←
          </button>
          <span data-testid="log-page" data-page={log.page}>
            {t(R.page)} {log.page} {t(R.of)} {pages}
          </span>
          <button
            type="button"
            className="toggle"
            data-testid="log-next"
            disabled={log.page >= pages}
            onClick={() => onPage(log.page + 1)}
          >
            →
          </button>
        </span>
      </div>
      <table className="grid report-table">
        <thead>
          <tr>
            <th>{t(R.number)}</th>
            <th>{t(R.service)}</th>
            <th>{t(R.issued)}</th>
            <th>{t(R.called)}</th>
            <th>{t(R.closed)}</th>
            <th className="num">
              {t(R.wait)}, {t(R.min)}
            </th>
            <th className="num">
              {t(R.serviceTime)}, {t(R.min)}
            </th>
            <th className="num">
              {t(R.total)}, {t(R.min)}
            </th>
            <th>{t(R.window)}</th>
            <th>{t(R.operator)}</th>
            <th>{t(R.outcome)}</th>
          </tr>
        </thead>
        <tbody>
          {log.rows.map((v) => (
            <Row key={v.ticketId} v={v} zone={log.timeZone} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
